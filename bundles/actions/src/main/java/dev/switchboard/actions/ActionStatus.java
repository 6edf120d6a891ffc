package dev.switchboard.actions;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/**
 * Where an invocation is: pending → approved → executing → completed | failed; pending → denied | expired.
 * Read actions start approved, danger actions start denied.
 */
public enum ActionStatus {
    @JsonProperty("pending") PENDING,
    @JsonProperty("approved") APPROVED,
    @JsonProperty("executing") EXECUTING,
    @JsonProperty("completed") COMPLETED,
    @JsonProperty("denied") DENIED,
    @JsonProperty("failed") FAILED,
    @JsonProperty("expired") EXPIRED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ActionStatus fromWireName(String name) {
        for (ActionStatus status : values()) {
            if (status.wireName().equals(name)) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown action status '" + name + "'");
    }

    /** Whether nothing will change the invocation any more. */
    public boolean terminal() {
        return this == COMPLETED || this == DENIED || this == FAILED || this == EXPIRED;
    }
}
