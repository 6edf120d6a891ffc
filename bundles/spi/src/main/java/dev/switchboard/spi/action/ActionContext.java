package dev.switchboard.spi.action;

import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Who an action runs for; passed instead of globals.
 *
 * @param organizationId the organization the session belongs to
 * @param integrationId  the integration whose token is passed, or {@code null} when the adapter needs none
 * @param sessionId      the agent session that asked for the action, or {@code null} outside a session
 * @param config         the adapter's configuration, validated against its config schema; plain JSON-like values
 * @param clock          the clock to use for every time decision
 */
public record ActionContext(
        String organizationId,
        String integrationId,
        String sessionId,
        Map<String, Object> config,
        Clock clock) {

    public ActionContext {
        Objects.requireNonNull(organizationId, "organizationId");
        if (organizationId.isBlank()) {
            throw new IllegalArgumentException("organizationId must not be blank");
        }
        config = config == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(config));
        Objects.requireNonNull(clock, "clock");
    }
}
