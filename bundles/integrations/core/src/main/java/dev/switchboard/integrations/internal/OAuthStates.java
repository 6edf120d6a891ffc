package dev.switchboard.integrations.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * OAuth {@code state} values and PKCE verifiers. A state is {@code base64url(32 random bytes) "." base64url(
 * HMAC-SHA256(key, random part))}: the signature lets the callback reject forged states before touching the
 * database; the database keeps only {@link #hash(String) its SHA-256} and makes it single-use.
 */
final class OAuthStates {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private OAuthStates() {
    }

    static String issue(byte[] key) {
        String nonce = B64.encodeToString(random(32));
        return nonce + "." + B64.encodeToString(hmac(key, nonce));
    }

    /** Whether {@code state} is well-formed and signed with {@code key} (constant-time comparison). */
    static boolean verify(byte[] key, String state) {
        if (state == null || state.length() > 200) {
            return false;
        }
        int dot = state.indexOf('.');
        if (dot <= 0 || dot == state.length() - 1) {
            return false;
        }
        try {
            byte[] signature = Base64.getUrlDecoder().decode(state.substring(dot + 1));
            return MessageDigest.isEqual(signature, hmac(key, state.substring(0, dot)));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static String hash(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    /** A PKCE code verifier: 32 random bytes, base64url (43 characters). */
    static String newVerifier() {
        return B64.encodeToString(random(32));
    }

    /** The S256 challenge of {@code verifier}. */
    static String challenge(String verifier) {
        try {
            return B64.encodeToString(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    private static byte[] hmac(byte[] key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
