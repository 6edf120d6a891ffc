package dev.switchboard.integrations.github;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

/** An RSA key pair for the tests, its PEM forms, and a JWT checker that uses the public key. */
public final class TestKeys {

    public static final KeyPair PAIR = generate();
    public static final String PKCS8_PEM = pem("PRIVATE KEY", PAIR.getPrivate().getEncoded());
    public static final String PKCS1_PEM = pem("RSA PRIVATE KEY", pkcs1(PAIR.getPrivate().getEncoded()));

    private TestKeys() {
    }

    /** The base64 body lines of a PEM, for checking that no part of a key leaks. */
    public static String keyBody(String pem) {
        return pem.lines().filter(line -> !line.startsWith("-----")).findFirst().orElseThrow();
    }

    /** The claims of {@code jwt} after checking its header and RS256 signature against {@code key}. */
    public static Map<String, Object> verifiedClaims(String jwt, PublicKey key) throws Exception {
        String[] parts = jwt.split("\\.");
        if (parts.length != 3) {
            throw new AssertionError("not a JWS compact serialization");
        }
        Map<String, Object> header = json(parts[0]);
        if (!"RS256".equals(header.get("alg"))) {
            throw new AssertionError("alg is " + header.get("alg"));
        }
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(key);
        verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        if (!verifier.verify(Base64.getUrlDecoder().decode(parts[2]))) {
            throw new AssertionError("signature does not verify");
        }
        return json(parts[1]);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(String base64url) throws Exception {
        return new com.fasterxml.jackson.databind.ObjectMapper()
                .readValue(Base64.getUrlDecoder().decode(base64url), Map.class);
    }

    public static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    /** The RSAPrivateKey inside a PKCS#8 PrivateKeyInfo: the content of its OCTET STRING. */
    public static byte[] pkcs1(byte[] pkcs8) {
        int index = skipHeader(pkcs8, 0);            // SEQUENCE PrivateKeyInfo
        index = skipElement(pkcs8, index);           // INTEGER version
        index = skipElement(pkcs8, index);           // SEQUENCE AlgorithmIdentifier
        int content = skipHeader(pkcs8, index);      // OCTET STRING
        return Arrays.copyOfRange(pkcs8, content, content + length(pkcs8, index + 1));
    }

    private static int skipHeader(byte[] der, int index) {
        int first = der[index + 1] & 0xff;
        return index + 2 + (first < 0x80 ? 0 : first & 0x7f);
    }

    private static int skipElement(byte[] der, int index) {
        return skipHeader(der, index) + length(der, index + 1);
    }

    private static int length(byte[] der, int index) {
        int first = der[index] & 0xff;
        if (first < 0x80) {
            return first;
        }
        int length = 0;
        for (int i = 1; i <= (first & 0x7f); i++) {
            length = (length << 8) | (der[index + i] & 0xff);
        }
        return length;
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
