package dev.switchboard.integrations.internal;

import dev.switchboard.integrations.Integration;
import dev.switchboard.integrations.IntegrationLookup;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The engine's {@link IntegrationLookup}: organization-scoped reads, no credentials. */
@Component(service = IntegrationLookup.class)
public class IntegrationLookupService implements IntegrationLookup {

    private final IntegrationsStore store;

    @Activate
    public IntegrationLookupService(@Reference IntegrationsStore store) {
        this.store = store;
    }

    @Override
    public Optional<Integration> get(UUID organizationId, UUID integrationId) {
        return Optional.ofNullable(store.unitOfWork().inTransaction(tx ->
                store.integrations(tx).get(organizationId, integrationId))).map(Rows.IntegrationRow::toIntegration);
    }

    @Override
    public Optional<Integration> findActive(UUID organizationId, String service) {
        return list(organizationId, service).stream().filter(Integration::isActive).findFirst();
    }

    @Override
    public List<Integration> list(UUID organizationId, String service) {
        return store.unitOfWork().inTransaction(tx -> store.integrations(tx).byService(organizationId, service))
                .stream().map(Rows.IntegrationRow::toIntegration).toList();
    }
}
