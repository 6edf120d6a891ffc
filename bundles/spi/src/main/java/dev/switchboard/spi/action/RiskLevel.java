package dev.switchboard.spi.action;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How much harm an action can do, which decides whether it needs approval. */
public enum RiskLevel {
    /** Reads only; runs at once. */
    @JsonProperty("read") READ,
    /** Changes something outside; runs after a user's approval or under a grant. */
    @JsonProperty("write") WRITE,
    /** Destructive or irreversible; denied unless policy explicitly allows it. */
    @JsonProperty("danger") DANGER
}
