package dev.switchboard.secrets;

import java.util.Objects;

/**
 * A sealed value and the id of the key that sealed it. {@code value} is base64 of
 * {@code nonce (12 bytes) || ciphertext || GCM tag (16 bytes)}; store both fields side by side.
 */
public record Ciphertext(String keyId, String value) {

    public Ciphertext {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        // a ciphertext is not secret, but it has no business in logs either
        return "Ciphertext[keyId=" + keyId + "]";
    }
}
