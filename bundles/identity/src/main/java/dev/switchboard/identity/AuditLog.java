package dev.switchboard.identity;

import dev.switchboard.foundation.Transaction;
import dev.switchboard.rest.Caller;
import java.util.Map;
import java.util.UUID;

/**
 * Records who did what in an organization. Write the entry in the same transaction as the change it
 * describes. Details must never contain secret values, tokens or payload bodies.
 */
public interface AuditLog {

    /**
     * @param action     dotted verb, e.g. {@code member.role_changed}, {@code secret.created}
     * @param targetType what was acted on, e.g. {@code member}, {@code secret}
     * @param targetId   its id (or key), may be null
     * @param details    small JSON-like map of non-secret facts
     */
    void record(Transaction tx, UUID organizationId, Caller actor, String action, String targetType,
                String targetId, Map<String, Object> details);
}
