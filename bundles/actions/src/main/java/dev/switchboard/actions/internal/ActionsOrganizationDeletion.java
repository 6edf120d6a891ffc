package dev.switchboard.actions.internal;

import dev.switchboard.foundation.Transaction;
import dev.switchboard.identity.OrganizationDeletionParticipant;
import java.util.UUID;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Deletes an organization's invocations, grants, counters and events with the organization. */
@Component(service = OrganizationDeletionParticipant.class)
public class ActionsOrganizationDeletion implements OrganizationDeletionParticipant {

    private final ActionsStore store;

    @Activate
    public ActionsOrganizationDeletion(@Reference ActionsStore store) {
        this.store = store;
    }

    @Override
    public String name() {
        return "actions";
    }

    @Override
    public void deleteOrganizationData(Transaction tx, UUID organizationId) {
        store.events(tx).deleteOrganization(organizationId);
        store.rates(tx).deleteOrganization(organizationId);
        store.invocations(tx).deleteOrganization(organizationId);
        store.grants(tx).deleteOrganization(organizationId);
    }
}
