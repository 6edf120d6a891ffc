package dev.switchboard.identity;

import dev.switchboard.foundation.Transaction;
import java.util.UUID;

/**
 * Implemented (as an OSGi service) by every bundle that owns tables with organization data. When an owner
 * deletes an organization, every participant deletes its rows inside the one transaction that deletes
 * the organization, so nothing is left behind; a participant that throws aborts the deletion.
 */
public interface OrganizationDeletionParticipant {

    /** A short name for logs, e.g. {@code secrets}. */
    String name();

    void deleteOrganizationData(Transaction tx, UUID organizationId) throws Exception;
}
