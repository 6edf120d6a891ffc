package dev.switchboard.actions.internal;

import dev.switchboard.foundation.Ids;
import dev.switchboard.foundation.Transaction;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/** Grant rules on the caller's transaction: creation and budget consumption by compare-and-set. */
final class Grants {

    private final ActionsStore store;
    private final Clock clock;

    Grants(ActionsStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * Spends one call of the first usable grant that matches (exact or {@code *} on integration and action,
     * this session's or org-wide, not revoked, not expired, budget left). Tries each candidate with an atomic
     * compare-and-set and returns the one that took the call, or {@code null} when none did.
     */
    UUID consume(Transaction tx, UUID organizationId, UUID sessionId, String integration, String action, Instant now) {
        GrantMapper grants = store.grants(tx);
        for (Rows.Grant candidate : grants.matching(organizationId, sessionId, integration, action, now)) {
            if (grants.consume(organizationId, candidate.id(), now) == 1) {
                return candidate.id();
            }
        }
        return null;
    }

    Rows.Grant create(Transaction tx, UUID organizationId, UUID createdBy, UUID sessionId, String integration,
                      String action, Integer maxCalls, Instant expiresAt) {
        Rows.Grant grant = new Rows.Grant(Ids.newId(clock), organizationId, createdBy, sessionId, integration, action,
                maxCalls, 0, expiresAt, null, clock.instant());
        store.grants(tx).insert(grant);
        return grant;
    }
}
