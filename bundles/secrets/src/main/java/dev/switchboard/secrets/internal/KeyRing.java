package dev.switchboard.secrets.internal;

import dev.switchboard.secrets.SecretCipherException;
import dev.switchboard.secrets.SecretCipherException.Reason;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The configured AES-256 keys by id and the active key id, parsed from {@code keys=<id>:<base64>,...}
 * and {@code activeKeyId}. Error messages name config keys and key ids, never key material.
 */
final class KeyRing {

    static final String PID = "dev.switchboard.secrets";
    static final String KEYS = "keys";
    static final String ACTIVE_KEY_ID = "activeKeyId";
    static final String KEYS_ENV = "SWITCHBOARD_SECRETS_KEYS";
    static final String ACTIVE_KEY_ENV = "SWITCHBOARD_SECRETS_ACTIVE_KEY";
    static final int KEY_BYTES = 32;
    static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final String EXPECTED = "expected " + KEYS + " = <id>:<base64 of " + KEY_BYTES
            + " random bytes>,... (e.g. from " + KEYS_ENV + ") with ids of letters, digits, '_', '.', '-'";

    private final Map<String, SecretKey> keys;
    private final String activeKeyId;

    private KeyRing(Map<String, SecretKey> keys, String activeKeyId) {
        this.keys = Collections.unmodifiableMap(keys);
        this.activeKeyId = activeKeyId;
    }

    /**
     * Parses the configuration. When {@code activeKeyId} is blank and exactly one key is configured, that
     * key is active.
     *
     * @throws SecretCipherException {@code KEYS_MISSING} or {@code KEYS_INVALID}
     */
    static KeyRing parse(String keysText, String activeKeyIdText) {
        if (keysText == null || keysText.isBlank()) {
            throw new SecretCipherException(Reason.KEYS_MISSING, null, "no secrets encryption key is configured: "
                    + "etc/" + PID + ".cfg " + KEYS + " is empty; " + EXPECTED);
        }
        Map<String, SecretKey> keys = new LinkedHashMap<>();
        String[] entries = keysText.split(",");
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i].trim();
            if (entry.isEmpty()) {
                continue;
            }
            int colon = entry.indexOf(':');
            String id = colon < 0 ? "" : entry.substring(0, colon).trim();
            if (colon < 0 || !KEY_ID.matcher(id).matches()) {
                // without a valid id, only the position can be named: the entry may be the key itself
                throw invalid(null, "entry " + (i + 1) + " of " + KEYS + " has no valid key id; " + EXPECTED);
            }
            if (keys.containsKey(id)) {
                throw invalid(id, "key id '" + id + "' appears twice in " + KEYS + "; " + EXPECTED);
            }
            keys.put(id, decode(id, entry.substring(colon + 1).trim()));
        }
        if (keys.isEmpty()) {
            throw new SecretCipherException(Reason.KEYS_MISSING, null, "no secrets encryption key is configured: "
                    + "etc/" + PID + ".cfg " + KEYS + " lists no key; " + EXPECTED);
        }
        String active = activeKeyIdText == null ? "" : activeKeyIdText.trim();
        if (active.isEmpty()) {
            if (keys.size() != 1) {
                throw new SecretCipherException(Reason.KEYS_MISSING, null, "etc/" + PID + ".cfg " + ACTIVE_KEY_ID
                        + " is empty but " + keys.size() + " keys are configured; set " + ACTIVE_KEY_ID + " (or "
                        + ACTIVE_KEY_ENV + ") to one of " + keys.keySet());
            }
            active = keys.keySet().iterator().next();
        } else if (!keys.containsKey(active)) {
            throw invalid(KEY_ID.matcher(active).matches() ? active : null, ACTIVE_KEY_ID
                    + " names a key id that " + KEYS + " does not configure; expected one of " + keys.keySet());
        }
        return new KeyRing(keys, active);
    }

    private static SecretKey decode(String id, String base64) {
        byte[] material;
        try {
            material = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw invalid(id, "key '" + id + "' in " + KEYS + " is not base64; " + EXPECTED);
        }
        if (material.length != KEY_BYTES) {
            throw invalid(id, "key '" + id + "' in " + KEYS + " is " + material.length + " bytes, not " + KEY_BYTES
                    + "; " + EXPECTED);
        }
        return new SecretKeySpec(material, "AES");
    }

    private static SecretCipherException invalid(String id, String message) {
        return new SecretCipherException(Reason.KEYS_INVALID, id, "invalid secrets encryption key configuration in etc/" + PID
                + ".cfg: " + message);
    }

    SecretKey key(String id) {
        return keys.get(id);
    }

    String activeKeyId() {
        return activeKeyId;
    }

    java.util.Set<String> keyIds() {
        return keys.keySet();
    }
}
