package dev.switchboard.secrets;

/**
 * The cipher could not seal or open a value. Messages name key ids and config keys, never a value or
 * key material.
 */
public class SecretCipherException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why the cipher failed. */
    public enum Reason {
        /** No keys are configured ({@code keys} or {@code activeKeyId} is empty). */
        KEYS_MISSING("secrets_key_missing"),
        /** The configured keys cannot be used (bad form, wrong length, unknown active key id). */
        KEYS_INVALID("secrets_key_invalid"),
        /** The ciphertext names a key id that is not configured. */
        UNKNOWN_KEY_ID("secrets_key_unknown"),
        /** The GCM tag did not verify: wrong key, or the ciphertext was altered. */
        TAG_MISMATCH("secrets_decryption_failed"),
        /** The ciphertext is not base64 of nonce, ciphertext and tag. */
        MALFORMED("secrets_ciphertext_malformed");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        /** The stable problem code for this reason. */
        public String code() {
            return code;
        }
    }

    private final Reason reason;
    private final String keyId;

    public SecretCipherException(Reason reason, String keyId, String message) {
        super(message);
        this.reason = reason;
        this.keyId = keyId;
    }

    public SecretCipherException(Reason reason, String keyId, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.keyId = keyId;
    }

    public Reason reason() {
        return reason;
    }

    /** The key id involved, or null when none applies. */
    public String keyId() {
        return keyId;
    }
}
