package dev.switchboard.spi.sandbox;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Objects;

/**
 * A sandbox operation failed. The message is for operators; providers redact API keys and tokens from it
 * (including from messages of wrapped exceptions, which they should not pass on verbatim).
 */
public final class SandboxException extends Exception {

    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Kind {
        /** The provider lacks the capability for this operation. */
        @JsonProperty("unsupported") UNSUPPORTED,
        /** No sandbox or snapshot with that id (never thrown by {@link SandboxProvider#terminate}). */
        @JsonProperty("not_found") NOT_FOUND,
        /** The provider's API is down, rejected the credentials or throttled; transient. */
        @JsonProperty("unavailable") UNAVAILABLE,
        /** The operation did not finish in time (e.g. the agent did not become ready within 30 s). */
        @JsonProperty("timeout") TIMEOUT,
        /** Anything else, e.g. a clone or boot step that failed. */
        @JsonProperty("failed") FAILED
    }

    private final Kind kind;

    private SandboxException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /** A failure of {@code kind}. */
    public static SandboxException of(Kind kind, String message) {
        return new SandboxException(kind, message, null);
    }

    /** A failure of {@code kind} caused by {@code cause}. */
    public static SandboxException of(Kind kind, String message, Throwable cause) {
        return new SandboxException(kind, message, cause);
    }

    /** The provider cannot {@code operation}. */
    public static SandboxException unsupported(String operation) {
        return new SandboxException(Kind.UNSUPPORTED, operation + " is not supported by this sandbox provider", null);
    }

    public Kind kind() {
        return kind;
    }
}
