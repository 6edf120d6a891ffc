package dev.switchboard.integrations.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.switchboard.integrations.Integration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** JSON shape of an integration. Never a token. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IntegrationView(UUID id, String service, String providerAdapterId, String connectionId, String displayName,
                              List<String> scopes, String status, String visibility, UUID createdBy, String createdAt,
                              String updatedAt) {

    static IntegrationView of(Integration integration) {
        return new IntegrationView(integration.id(), integration.service(), integration.providerAdapterId(),
                integration.connectionId(), integration.displayName(), integration.scopes(),
                integration.status().name().toLowerCase(Locale.ROOT), integration.visibility().wireName(),
                integration.createdBy(), String.valueOf(integration.createdAt()), String.valueOf(integration.updatedAt()));
    }
}
