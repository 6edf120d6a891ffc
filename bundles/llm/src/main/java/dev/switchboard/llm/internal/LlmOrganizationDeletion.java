package dev.switchboard.llm.internal;

import dev.switchboard.foundation.Transaction;
import dev.switchboard.identity.OrganizationDeletionParticipant;
import java.util.UUID;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Deletes an organization's LLM settings (and so its sealed key) inside the transaction that deletes it. */
@Component(service = OrganizationDeletionParticipant.class)
public class LlmOrganizationDeletion implements OrganizationDeletionParticipant {

    private static final Logger LOG = LoggerFactory.getLogger(LlmOrganizationDeletion.class);

    private final LlmStore store;

    @Activate
    public LlmOrganizationDeletion(@Reference LlmStore store) {
        this.store = store;
    }

    @Override
    public String name() {
        return LlmConstants.MODULE;
    }

    @Override
    public void deleteOrganizationData(Transaction tx, UUID organizationId) {
        int deleted = store.mapper(tx).delete(organizationId);
        LOG.info("deleting organization {}: {} LLM settings row(s) removed", organizationId, deleted);
    }
}
