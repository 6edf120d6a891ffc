package dev.switchboard.secrets.internal;

import dev.switchboard.foundation.Transaction;
import dev.switchboard.identity.OrganizationDeletionParticipant;
import java.util.UUID;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Deletes an organization's secrets and bundles inside the transaction that deletes the organization. */
@Component(service = OrganizationDeletionParticipant.class)
public class SecretsOrganizationDeletion implements OrganizationDeletionParticipant {

    private static final Logger LOG = LoggerFactory.getLogger(SecretsOrganizationDeletion.class);

    private final SecretsStore store;

    @Activate
    public SecretsOrganizationDeletion(@Reference SecretsStore store) {
        this.store = store;
    }

    @Override
    public String name() {
        return SecretsStore.MODULE;
    }

    @Override
    public void deleteOrganizationData(Transaction tx, UUID organizationId) {
        SecretsMapper mapper = store.mapper(tx);
        int secrets = mapper.deleteOrganizationSecrets(organizationId);
        int bundles = mapper.deleteOrganizationBundles(organizationId);
        LOG.info("deleting organization {}: {} secret(s) and {} bundle(s) removed", organizationId, secrets, bundles);
    }
}
