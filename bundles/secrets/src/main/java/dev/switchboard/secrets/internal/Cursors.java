package dev.switchboard.secrets.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

/** Opaque list cursors and the page size rule of the API conventions. */
final class Cursors {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 100;

    private Cursors() {
    }

    static int limit(Integer limit) {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw SecretsProblems.invalid("limit", "must be from 1 to " + MAX_LIMIT);
        }
        return limit;
    }

    static String encode(String position) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(position.getBytes(StandardCharsets.UTF_8));
    }

    static String decode(String cursor, String prefix) {
        try {
            String position = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (position.startsWith(prefix)) {
                return position.substring(prefix.length());
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw SecretsProblems.invalidCursor();
    }

    static UUID decodeId(String cursor, String prefix) {
        try {
            return UUID.fromString(decode(cursor, prefix));
        } catch (IllegalArgumentException e) {
            throw SecretsProblems.invalidCursor();
        }
    }
}
