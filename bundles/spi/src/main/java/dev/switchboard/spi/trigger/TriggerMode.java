package dev.switchboard.spi.trigger;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a trigger source receives events. */
public enum TriggerMode {
    /** The outside service pushes events to a per-trigger webhook URL. */
    @JsonProperty("webhook") WEBHOOK,
    /** The engine polls the outside service on a schedule, carrying an opaque cursor between polls. */
    @JsonProperty("polling") POLLING
}
