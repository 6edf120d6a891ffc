package dev.switchboard.spi.provider;

import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a provider adapter knows about the call it is serving; passed instead of globals.
 *
 * @param organizationId the organization the integration belongs to
 * @param integrationId  the engine's integration id, or {@code null} before the integration exists
 *                       (authorize URL, code exchange)
 * @param connectionId   the provider-side connection id (broker connection id, app installation id), or
 *                       {@code null} if not known yet
 * @param config         the adapter's configuration, validated against its descriptor's config schema;
 *                       plain JSON-like values; may contain secrets (client secret), never log it
 * @param clock          the clock to use for every time decision (tests pass a fixed one)
 */
public record ProviderContext(
        String organizationId,
        String integrationId,
        String connectionId,
        Map<String, Object> config,
        Clock clock) {

    public ProviderContext {
        Objects.requireNonNull(organizationId, "organizationId");
        if (organizationId.isBlank()) {
            throw new IllegalArgumentException("organizationId must not be blank");
        }
        config = config == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(config));
        Objects.requireNonNull(clock, "clock");
    }

    @Override
    public String toString() {
        return "ProviderContext[organizationId=" + organizationId + ", integrationId=" + integrationId
                + ", connectionId=" + connectionId + ", config keys=" + config.keySet() + "]";
    }
}
