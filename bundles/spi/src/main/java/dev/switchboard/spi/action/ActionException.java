package dev.switchboard.spi.action;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * An action failed. The {@link #kind()} decides what the engine does and which problem code the agent sees;
 * the message is shown to the agent and must not contain tokens or secrets.
 */
public final class ActionException extends Exception {

    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Kind {
        /** The parameters are wrong; see {@link #fieldErrors()}. Not retried. */
        @JsonProperty("bad_params") BAD_PARAMS,
        /** The token was rejected; the engine refreshes it once and retries, then fails. */
        @JsonProperty("unauthorized") UNAUTHORIZED,
        /** The service throttled the call; retry after {@link #retryAfter()}. */
        @JsonProperty("rate_limited") RATE_LIMITED,
        /** The service failed; {@link #upstreamStatus()} holds its HTTP status if it had one. */
        @JsonProperty("upstream_error") UPSTREAM_ERROR,
        /** The unknown action, or the thing the parameters point to does not exist. */
        @JsonProperty("not_found") NOT_FOUND
    }

    private final Kind kind;
    private final Map<String, String> fieldErrors;
    private final Duration retryAfter;
    private final int upstreamStatus;

    private ActionException(Kind kind, String message, Map<String, String> fieldErrors, Duration retryAfter,
                            int upstreamStatus, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.fieldErrors = Collections.unmodifiableMap(new LinkedHashMap<>(fieldErrors));
        this.retryAfter = retryAfter;
        this.upstreamStatus = upstreamStatus;
    }

    /** The parameters are wrong: {@code fieldErrors} maps each bad parameter name to what is wrong with it. */
    public static ActionException badParams(Map<String, String> fieldErrors) {
        if (fieldErrors == null || fieldErrors.isEmpty()) {
            throw new IllegalArgumentException("badParams needs at least one field error");
        }
        return new ActionException(Kind.BAD_PARAMS, "invalid parameters: " + fieldErrors.keySet(), fieldErrors,
                null, 0, null);
    }

    /** One parameter is wrong. */
    public static ActionException badParam(String field, String problem) {
        return badParams(Map.of(field, problem));
    }

    /** The service rejected the token. */
    public static ActionException unauthorized(String message) {
        return new ActionException(Kind.UNAUTHORIZED, message, Map.of(), null, 0, null);
    }

    /** The service throttled the call; {@code retryAfter} is how long to wait (not negative). */
    public static ActionException rateLimited(Duration retryAfter) {
        if (retryAfter == null || retryAfter.isNegative()) {
            throw new IllegalArgumentException("retryAfter must be zero or positive");
        }
        return new ActionException(Kind.RATE_LIMITED, "rate limited, retry after " + retryAfter, Map.of(),
                retryAfter, 0, null);
    }

    /** The service failed with HTTP {@code status} (0 when there was no response, e.g. a timeout). */
    public static ActionException upstream(int status, String message, Throwable cause) {
        if (status != 0 && (status < 100 || status > 599)) {
            throw new IllegalArgumentException("not an HTTP status: " + status);
        }
        return new ActionException(Kind.UPSTREAM_ERROR, message, Map.of(), null, status, cause);
    }

    /** The action or the thing it refers to does not exist. */
    public static ActionException notFound(String message) {
        return new ActionException(Kind.NOT_FOUND, message, Map.of(), null, 0, null);
    }

    public Kind kind() {
        return kind;
    }

    /** Bad parameter names and what is wrong with each; empty unless {@link Kind#BAD_PARAMS}. */
    public Map<String, String> fieldErrors() {
        return fieldErrors;
    }

    /** How long to wait; present only for {@link Kind#RATE_LIMITED}. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** The service's HTTP status; present only for {@link Kind#UPSTREAM_ERROR} with a response. */
    public OptionalInt upstreamStatus() {
        return upstreamStatus == 0 ? OptionalInt.empty() : OptionalInt.of(upstreamStatus);
    }
}
