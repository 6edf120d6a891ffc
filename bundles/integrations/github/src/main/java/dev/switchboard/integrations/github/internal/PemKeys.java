package dev.switchboard.integrations.github.internal;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * Reads an RSA private key from PEM: PKCS#8 ({@code BEGIN PRIVATE KEY}) as is, PKCS#1
 * ({@code BEGIN RSA PRIVATE KEY}, what GitHub hands out) by wrapping it into a PKCS#8 structure, which is
 * all the JDK's {@link KeyFactory} lacks. Exceptions never carry key material.
 */
public final class PemKeys {

    private static final String PKCS1 = "RSA PRIVATE KEY";
    private static final String PKCS8 = "PRIVATE KEY";

    /** AlgorithmIdentifier { rsaEncryption (1.2.840.113549.1.1.1), NULL }. */
    private static final byte[] RSA_ALGORITHM = {
        0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
    /** INTEGER 0: the PrivateKeyInfo version. */
    private static final byte[] VERSION_0 = {0x02, 0x01, 0x00};

    private PemKeys() {
    }

    /**
     * The key in {@code pem}. Literal {@code \n} sequences (as environment variables often carry them) count
     * as line breaks.
     *
     * @throws GeneralSecurityException if {@code pem} is not an unencrypted RSA private key
     */
    public static RSAPrivateKey rsaPrivateKey(String pem) throws GeneralSecurityException {
        String text = pem.replace("\\n", "\n").replace("\r", "").trim();
        byte[] der;
        if (text.startsWith(begin(PKCS1))) {
            der = pkcs1ToPkcs8(body(text, PKCS1));
        } else if (text.startsWith(begin(PKCS8))) {
            der = body(text, PKCS8);
        } else {
            throw new GeneralSecurityException(
                    "not a PEM RSA private key (expected BEGIN RSA PRIVATE KEY or BEGIN PRIVATE KEY, unencrypted)");
        }
        try {
            if (KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der))
                    instanceof RSAPrivateKey key) {
                return key;
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            // the provider's message may describe the key's bytes
        }
        throw new GeneralSecurityException("the PEM does not hold a valid RSA private key");
    }

    /** PrivateKeyInfo ::= SEQUENCE { version 0, rsaEncryption, OCTET STRING { RSAPrivateKey } }. */
    static byte[] pkcs1ToPkcs8(byte[] pkcs1) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        content.writeBytes(VERSION_0);
        content.writeBytes(RSA_ALGORITHM);
        content.write(0x04);
        content.writeBytes(derLength(pkcs1.length));
        content.writeBytes(pkcs1);
        ByteArrayOutputStream sequence = new ByteArrayOutputStream();
        sequence.write(0x30);
        sequence.writeBytes(derLength(content.size()));
        sequence.writeBytes(content.toByteArray());
        return sequence.toByteArray();
    }

    /** DER definite length: short form below 128, else 0x80|n followed by n big-endian bytes. */
    static byte[] derLength(int length) {
        if (length < 0x80) {
            return new byte[] {(byte) length};
        }
        int bytes = length > 0xffffff ? 4 : length > 0xffff ? 3 : length > 0xff ? 2 : 1;
        byte[] encoded = new byte[bytes + 1];
        encoded[0] = (byte) (0x80 | bytes);
        for (int i = bytes; i > 0; i--) {
            encoded[i] = (byte) length;
            length >>>= 8;
        }
        return encoded;
    }

    private static byte[] body(String text, String label) throws GeneralSecurityException {
        int start = begin(label).length();
        int end = text.indexOf("-----END " + label + "-----", start);
        if (end < 0) {
            throw new GeneralSecurityException("PEM without END " + label + " line");
        }
        try {
            return Base64.getMimeDecoder().decode(text.substring(start, end));
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException("PEM body is not base64");
        }
    }

    private static String begin(String label) {
        return "-----BEGIN " + label + "-----";
    }
}
