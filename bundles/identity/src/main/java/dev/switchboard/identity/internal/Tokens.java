package dev.switchboard.identity.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Opaque credentials: a kind prefix and 32 random bytes. Only their SHA-256 is stored; with 256 bits of
 * entropy a fast hash is enough, and lookups by hash stay cheap.
 */
final class Tokens {

    static final String API_KEY = "sbk_";
    static final String CONSOLE_SESSION = "sbc_";
    static final String SESSION_TOKEN = "sbs_";
    static final String INVITATION = "sbi_";
    static final String SETUP = "sbsetup_";
    static final String VERIFICATION = "sbv_";

    private static final SecureRandom RANDOM = new SecureRandom();

    private Tokens() {
    }

    static String generate(String prefix) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String hash(String token) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The part of an API key that may be shown again: its prefix and first characters. */
    static String visiblePrefix(String token) {
        return token.substring(0, Math.min(token.length(), API_KEY.length() + 8));
    }
}
