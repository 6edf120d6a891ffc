package dev.switchboard.spi.provider;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A provider call failed. The {@link #reason()} tells the engine what to do; the message is for operators
 * and must never contain a token, a code or a response body.
 */
public final class ProviderException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why the call failed, and so what the engine does next. */
    public enum Reason {
        /** The grant (code or refresh token) is invalid, expired or revoked: the integration needs reconnecting. */
        @JsonProperty("invalid_grant") INVALID_GRANT,
        /** The provider rejected the credentials (HTTP 401/403); the engine refreshes once, then gives up. */
        @JsonProperty("unauthorized") UNAUTHORIZED,
        /** The provider throttled the call; retry after {@link #retryAfter()}. */
        @JsonProperty("rate_limited") RATE_LIMITED,
        /** The provider is down or timed out; transient, the engine may retry with backoff. */
        @JsonProperty("unavailable") UNAVAILABLE,
        /** The provider answered something the adapter cannot understand; not retried. */
        @JsonProperty("bad_response") BAD_RESPONSE,
        /** The adapter does not support this operation (see the defaults of {@link ProviderAdapter}). */
        @JsonProperty("unsupported") UNSUPPORTED
    }

    private final Reason reason;
    private final Duration retryAfter;

    private ProviderException(Reason reason, String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.retryAfter = retryAfter;
    }

    /** A failure for {@code reason}; use {@link #rateLimited} for {@link Reason#RATE_LIMITED}. */
    public static ProviderException of(Reason reason, String message) {
        return new ProviderException(reason, message, null, null);
    }

    /** A failure for {@code reason} caused by {@code cause} (whose message must be secret-free too). */
    public static ProviderException of(Reason reason, String message, Throwable cause) {
        return new ProviderException(reason, message, null, cause);
    }

    /** The provider throttled the call; {@code retryAfter} is how long to wait (not negative). */
    public static ProviderException rateLimited(Duration retryAfter) {
        if (retryAfter == null || retryAfter.isNegative()) {
            throw new IllegalArgumentException("retryAfter must be zero or positive");
        }
        return new ProviderException(Reason.RATE_LIMITED, "rate limited, retry after " + retryAfter, retryAfter, null);
    }

    /** The operation is not supported by this adapter. */
    public static ProviderException unsupported(String operation) {
        return new ProviderException(Reason.UNSUPPORTED, operation + " is not supported", null, null);
    }

    public Reason reason() {
        return reason;
    }

    /** How long to wait before retrying; present only for {@link Reason#RATE_LIMITED}. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** Whether the user must reconnect the integration (the engine marks it expired). */
    public boolean reconnectRequired() {
        return reason == Reason.INVALID_GRANT;
    }
}
