package dev.switchboard.integrations;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Finds integrations for the bundles that bind to them (runs, sessions, triggers). Every look-up is
 * scoped to one organization: another organization's integration is never found. Visibility is not
 * applied here (it governs who sees an integration in the console, not what an automation may use).
 */
public interface IntegrationLookup {

    /** The integration {@code integrationId} of {@code organizationId}, whatever its status. */
    Optional<Integration> get(UUID organizationId, UUID integrationId);

    /**
     * The active integration of {@code organizationId} for {@code service} (e.g. {@code github}); when there
     * are several, the most recently connected one.
     */
    Optional<Integration> findActive(UUID organizationId, String service);

    /** Every integration of {@code organizationId} for {@code service}, newest first, whatever their status. */
    List<Integration> list(UUID organizationId, String service);
}
