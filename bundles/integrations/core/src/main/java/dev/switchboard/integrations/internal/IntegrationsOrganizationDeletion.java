package dev.switchboard.integrations.internal;

import dev.switchboard.foundation.Transaction;
import dev.switchboard.identity.OrganizationDeletionParticipant;
import java.util.UUID;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes an organization's integrations, pending OAuth states and own OAuth apps inside the transaction
 * that deletes the organization. No remote revocation: that would be a network call inside the deletion
 * transaction; tokens are gone with the rows.
 */
@Component(service = OrganizationDeletionParticipant.class)
public class IntegrationsOrganizationDeletion implements OrganizationDeletionParticipant {

    private static final Logger LOG = LoggerFactory.getLogger(IntegrationsOrganizationDeletion.class);

    private final IntegrationsStore store;

    @Activate
    public IntegrationsOrganizationDeletion(@Reference IntegrationsStore store) {
        this.store = store;
    }

    @Override
    public String name() {
        return IntegrationsStore.MODULE;
    }

    @Override
    public void deleteOrganizationData(Transaction tx, UUID organizationId) {
        int states = store.states(tx).deleteOrganization(organizationId);
        int integrations = store.integrations(tx).deleteOrganization(organizationId);
        int apps = store.apps(tx).deleteOrganization(organizationId);
        LOG.info("deleting organization {}: {} integration(s), {} OAuth state(s), {} OAuth app(s) removed",
                organizationId, integrations, states, apps);
    }
}
