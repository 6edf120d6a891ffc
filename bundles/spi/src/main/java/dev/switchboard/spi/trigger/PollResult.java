package dev.switchboard.spi.trigger;

import java.util.List;
import java.util.Objects;

/**
 * What one poll found.
 *
 * @param events     new events, oldest first; may be empty
 * @param nextCursor the opaque cursor for the next poll (the same one if nothing changed); the engine
 *                   stores it only after the events are recorded, so a crash repeats a poll rather than
 *                   losing events (dedup keys absorb the repeat)
 */
public record PollResult(List<TriggerEvent> events, String nextCursor) {

    public PollResult {
        events = events == null ? List.of() : List.copyOf(events);
        Objects.requireNonNull(nextCursor, "nextCursor");
    }
}
