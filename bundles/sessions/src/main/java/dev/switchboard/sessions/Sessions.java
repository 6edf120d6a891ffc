package dev.switchboard.sessions;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Sessions of an organization. Every method is scoped to one organization: another's session is absent. */
public interface Sessions {

    /** The session {@code sessionId} of {@code organizationId}. */
    Optional<SessionRef> get(UUID organizationId, UUID sessionId);

    /** Creates a {@code pending} session; minimal until the sessions issue brings the real lifecycle. */
    SessionRef create(UUID organizationId, UUID createdBy, String sessionType, String title);

    /** Binds an integration to the session (idempotent). */
    void connect(UUID organizationId, UUID sessionId, UUID integrationId);

    /** Ids of the integrations bound to the session, oldest binding first; empty for an unknown session. */
    List<UUID> connectedIntegrations(UUID organizationId, UUID sessionId);
}
