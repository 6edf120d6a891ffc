package dev.switchboard.integrations;

import dev.switchboard.foundation.Transaction;
import java.util.UUID;

/**
 * Registered (as an OSGi service) by bundles that bind to integrations (automations, sessions). Called
 * inside the transaction that disconnects an integration, before its row is deleted, so that bindings can
 * be marked or removed together with it; throwing aborts the disconnect.
 */
public interface IntegrationDisconnectParticipant {

    /** A short name for logs. */
    String name();

    void integrationDisconnected(Transaction tx, UUID organizationId, UUID integrationId) throws Exception;
}
