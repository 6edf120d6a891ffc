package dev.switchboard.spi;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A secret (access token, refresh token, API key, webhook secret) that never shows up in logs:
 * {@link #toString()} always prints {@code ***}. Call {@link #reveal()} only at the point of use,
 * for example when writing an {@code Authorization} header, and never log or store what it returns.
 *
 * <p>Immutable and thread-safe. {@link #equals(Object)} compares in constant time.
 */
public final class SecretValue {

    /** The empty secret, used where a credential is absent (see {@link AccessToken#NONE}). */
    public static final SecretValue EMPTY = new SecretValue("");

    private static final String REDACTED = "***";

    private final String value;

    private SecretValue(String value) {
        this.value = value;
    }

    /** Wraps {@code value}; never {@code null}. */
    public static SecretValue of(String value) {
        Objects.requireNonNull(value, "secret value");
        return value.isEmpty() ? EMPTY : new SecretValue(value);
    }

    /** The secret in clear text. Use it, never log it. */
    public String reveal() {
        return value;
    }

    /** Whether this secret is the empty string. */
    public boolean isEmpty() {
        return value.isEmpty();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SecretValue that
                && MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8), that.value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    /** Always {@code ***}, whatever the value. */
    @Override
    public String toString() {
        return REDACTED;
    }
}
