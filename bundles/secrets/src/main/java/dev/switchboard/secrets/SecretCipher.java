package dev.switchboard.secrets;

import java.nio.charset.StandardCharsets;

/**
 * AES-256-GCM with a random 96-bit nonce per value and a 128-bit tag, under the deployment's active
 * key. Every ciphertext names its key id, so values sealed under an older key stay readable while that
 * key is still configured, and {@link ReencryptionParticipant}s move them to the active key.
 *
 * <p>Registered as an OSGi service whether or not keys are configured: without usable keys every call
 * throws {@link SecretCipherException} with reason {@code KEYS_MISSING} or {@code KEYS_INVALID}.
 * Failures are never silent and never carry a value.
 */
public interface SecretCipher {

    /** Seals {@code plaintext} under the active key. */
    Ciphertext encrypt(byte[] plaintext);

    /** Seals the UTF-8 bytes of {@code plaintext} under the active key. */
    default Ciphertext encrypt(String plaintext) {
        return encrypt(plaintext.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Opens a ciphertext under the key it names.
     *
     * @throws SecretCipherException {@code UNKNOWN_KEY_ID} when that key is not configured,
     *                               {@code TAG_MISMATCH} when the tag does not verify,
     *                               {@code MALFORMED} when the value is not a ciphertext
     */
    byte[] decrypt(Ciphertext ciphertext);

    /** {@link #decrypt(Ciphertext)} as UTF-8 text. */
    default String decryptToString(Ciphertext ciphertext) {
        return new String(decrypt(ciphertext), StandardCharsets.UTF_8);
    }

    /** The id of the key new values are sealed under. */
    String activeKeyId();

    /**
     * Opens {@code ciphertext} and seals it again under the active key. Returns it unchanged when it is
     * already under the active key.
     */
    default Ciphertext reencrypt(Ciphertext ciphertext) {
        if (ciphertext.keyId().equals(activeKeyId())) {
            return ciphertext;
        }
        byte[] plaintext = decrypt(ciphertext);
        try {
            return encrypt(plaintext);
        } finally {
            java.util.Arrays.fill(plaintext, (byte) 0);
        }
    }
}
