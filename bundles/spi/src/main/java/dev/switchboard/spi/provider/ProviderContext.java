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
 * @param client         the OAuth client to use: the organization's own app when it brought one, else the
 *                       deployment's from configuration; {@code null} for adapters that need none
 */
public record ProviderContext(
        String organizationId,
        String integrationId,
        String connectionId,
        Map<String, Object> config,
        Clock clock,
        OAuthClient client) {

    /** A context without an OAuth client. */
    public ProviderContext(String organizationId, String integrationId, String connectionId,
                           Map<String, Object> config, Clock clock) {
        this(organizationId, integrationId, connectionId, config, clock, null);
    }

    /** This context with {@code client} as its OAuth client. */
    public ProviderContext withClient(OAuthClient client) {
        return new ProviderContext(organizationId, integrationId, connectionId, config, clock, client);
    }

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
                + ", connectionId=" + connectionId + ", config keys=" + config.keySet()
                + ", client=" + (client == null ? "none" : client.clientId()) + "]";
    }
}
