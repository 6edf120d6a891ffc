package dev.switchboard.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A live credential for one integration, as handed to action adapters and trigger sources.
 * Its {@link #toString()} never prints the secret.
 *
 * @param value     the credential; {@link SecretValue#EMPTY} only in {@link #NONE}
 * @param type      how it is presented, e.g. {@code Bearer} or {@code token}; {@code none} for {@link #NONE}
 * @param expiresAt when the credential stops working, or {@code null} if unknown or never
 */
public record AccessToken(SecretValue value, String type, Instant expiresAt) {

    /**
     * Passed to plugins that declare they need no connection (their {@code requiresConnection()} is
     * {@code false}). Revealing it yields the empty string.
     */
    public static final AccessToken NONE = new AccessToken(SecretValue.EMPTY, "none", null);

    public AccessToken {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(type, "type");
        if (type.isBlank()) {
            throw new IllegalArgumentException("token type must not be blank");
        }
        if (value.isEmpty() && !"none".equals(type)) {
            throw new IllegalArgumentException("an access token must not be empty");
        }
    }

    /** A bearer token that does not say when it expires. */
    public static AccessToken bearer(String token) {
        return new AccessToken(SecretValue.of(token), "Bearer", null);
    }

    /** A bearer token expiring at {@code expiresAt} ({@code null}: unknown). */
    public static AccessToken bearer(String token, Instant expiresAt) {
        return new AccessToken(SecretValue.of(token), "Bearer", expiresAt);
    }

    /** Whether this is {@link #NONE}. */
    public boolean isNone() {
        return value.isEmpty();
    }

    /**
     * Whether the token expires within {@code margin} of {@code now}; tokens without an expiry never do.
     * Callers use a margin (for example one minute) so that a token does not expire mid-request.
     */
    public boolean expiresWithin(Duration margin, Instant now) {
        return expiresAt != null && !now.plus(margin).isBefore(expiresAt);
    }
}
