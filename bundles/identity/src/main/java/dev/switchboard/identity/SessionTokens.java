package dev.switchboard.identity;

import java.util.UUID;

/**
 * Opaque bearer tokens for agents in sandboxes, bound to one organization and one agent session. Only
 * their hash is stored; a token is shown once, to the sessions bundle, which injects it into the sandbox.
 */
public interface SessionTokens {

    /** Issues a new token for {@code sessionId}, acting for {@code userId} (the session's creator). */
    String issue(UUID organizationId, UUID sessionId, UUID userId);

    /** Revokes every token of the session; idempotent. */
    void revokeAll(UUID organizationId, UUID sessionId);
}
