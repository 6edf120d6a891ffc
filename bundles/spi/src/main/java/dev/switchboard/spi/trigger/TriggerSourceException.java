package dev.switchboard.spi.trigger;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A trigger source could not parse, poll or enrich. The {@link #kind()} tells the engine what to do; the
 * message is for operators and never contains payloads, tokens or secrets.
 */
public final class TriggerSourceException extends Exception {

    private static final long serialVersionUID = 1L;

    /** What went wrong, and so what the engine does next. */
    public enum Kind {
        /** The payload is not what the source expects; the delivery is rejected ({@code 400}), not retried. */
        @JsonProperty("bad_payload") BAD_PAYLOAD,
        /** The cursor cannot be understood; the engine calls {@link TriggerSource#seedCursor} again. */
        @JsonProperty("bad_cursor") BAD_CURSOR,
        /** The token was rejected; the engine refreshes it once and retries the poll. */
        @JsonProperty("unauthorized") UNAUTHORIZED,
        /** The service throttled the poll; the engine waits {@link #retryAfter()}. */
        @JsonProperty("rate_limited") RATE_LIMITED,
        /** The service is down or timed out; the engine retries per its polling policy. */
        @JsonProperty("unavailable") UNAVAILABLE,
        /** The source does not support this operation (e.g. polling on a webhook-only source). */
        @JsonProperty("unsupported") UNSUPPORTED
    }

    private final Kind kind;
    private final Duration retryAfter;

    private TriggerSourceException(Kind kind, String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.retryAfter = retryAfter;
    }

    /** A failure of {@code kind}; use {@link #rateLimited} for {@link Kind#RATE_LIMITED}. */
    public static TriggerSourceException of(Kind kind, String message) {
        return new TriggerSourceException(kind, message, null, null);
    }

    /** A failure of {@code kind} caused by {@code cause} (whose message must be secret-free too). */
    public static TriggerSourceException of(Kind kind, String message, Throwable cause) {
        return new TriggerSourceException(kind, message, null, cause);
    }

    /** The service throttled the call; {@code retryAfter} is how long to wait (not negative). */
    public static TriggerSourceException rateLimited(Duration retryAfter) {
        if (retryAfter == null || retryAfter.isNegative()) {
            throw new IllegalArgumentException("retryAfter must be zero or positive");
        }
        return new TriggerSourceException(Kind.RATE_LIMITED, "rate limited, retry after " + retryAfter, retryAfter, null);
    }

    /** {@code operation} is not supported by this source. */
    public static TriggerSourceException unsupported(String operation) {
        return new TriggerSourceException(Kind.UNSUPPORTED, operation + " is not supported", null, null);
    }

    public Kind kind() {
        return kind;
    }

    /** How long to wait before retrying; present only for {@link Kind#RATE_LIMITED}. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
