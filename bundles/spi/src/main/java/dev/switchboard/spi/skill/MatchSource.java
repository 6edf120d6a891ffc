package dev.switchboard.spi.skill;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where a skill may be invoked from. */
public enum MatchSource {
    /** A user's message (chat, SMS, ...), matched by {@link MatchSettings#criteria()}. */
    @JsonProperty("message") MESSAGE,
    /** An incoming email, matched by {@link MatchSettings#criteria()}. */
    @JsonProperty("email") EMAIL,
    /** A scheduled job that names the skill explicitly; no matching. */
    @JsonProperty("cron") CRON,
    /** A trigger that hands its events to the skill by name; no matching (since 1.1.0). */
    @JsonProperty("event") EVENT;

    /** Whether inputs from this source are matched against criteria (messages, emails) or name their skill. */
    public boolean matched() {
        return this == MESSAGE || this == EMAIL;
    }
}
