package dev.switchboard.integrations;

import dev.switchboard.spi.provider.IntegrationStatus;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A stored connection of an organization to an outside service. Carries no credentials: those come from
 * {@link TokenResolver} at the moment of use.
 *
 * @param id                the integration id
 * @param organizationId    the owning organization
 * @param service           the outside service, e.g. {@code github}; action adapters and trigger sources bind to it
 * @param providerAdapterId the provider adapter that made the connection, e.g. {@code github-app}, {@code oauth2}
 * @param connectionId      the provider-side connection id (installation id, broker connection id); for
 *                          engine-held OAuth tokens the integration id
 * @param displayName       the name people see
 * @param scopes            scopes granted
 * @param status            current status; only {@link IntegrationStatus#ACTIVE} ones give tokens
 * @param visibility        who sees it
 * @param createdBy         the user who connected it, or {@code null}
 */
public record Integration(UUID id, UUID organizationId, String service, String providerAdapterId, String connectionId,
                          String displayName, List<String> scopes, IntegrationStatus status, Visibility visibility,
                          UUID createdBy, Instant createdAt, Instant updatedAt) {

    public Integration {
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
    }

    public boolean isActive() {
        return status == IntegrationStatus.ACTIVE;
    }
}
