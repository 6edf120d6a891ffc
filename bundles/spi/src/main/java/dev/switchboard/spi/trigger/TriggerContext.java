package dev.switchboard.spi.trigger;

import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a trigger source knows about the trigger it serves; passed to {@link TriggerSource#seedCursor},
 * {@link TriggerSource#poll} and {@link TriggerSource#enrich} instead of globals.
 *
 * @param organizationId the organization owning the trigger
 * @param triggerId      the engine's trigger id
 * @param integrationId  the integration whose token is used, or {@code null} for sources without a connection
 * @param config         the trigger's configuration (filters such as team id or minimum level), validated
 *                       against the source's config schema; plain JSON-like values
 * @param clock          the clock to use for every time decision
 */
public record TriggerContext(
        String organizationId,
        String triggerId,
        String integrationId,
        Map<String, Object> config,
        Clock clock) {

    public TriggerContext {
        requireText(organizationId, "organizationId");
        requireText(triggerId, "triggerId");
        config = config == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(config));
        Objects.requireNonNull(clock, "clock");
    }

    private static void requireText(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
