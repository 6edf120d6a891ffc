package dev.switchboard.foundation;

import java.time.Duration;
import java.util.UUID;

/**
 * Remembers the response to a request sent with an {@code Idempotency-Key}: the same key with the same
 * request hash gets the first response again; with another hash it is a conflict. Keys are scoped by
 * organization and expire.
 *
 * <p>Use: {@link #begin} before doing the work; on {@link Begin.Started} do it and call {@link #complete}
 * (or {@link #abandon} when it failed so a retry may run).
 */
public interface IdempotencyStore {

    Begin begin(UUID organizationId, String key, String requestHash, Duration ttl);

    void complete(UUID organizationId, String key, StoredResponse response);

    void abandon(UUID organizationId, String key);

    /** Deletes every key of an organization on the caller's transaction (organization deletion). */
    void deleteOrganization(Transaction tx, UUID organizationId);

    /** Deletes expired keys; returns how many. */
    int purgeExpired();

    /** The stored answer to a request. */
    record StoredResponse(int status, String contentType, String body) {
    }

    /** Outcome of {@link #begin}. */
    sealed interface Begin {
        /** The key was free: the caller owns it now. */
        record Started() implements Begin {
        }

        /** The same request completed before: answer with this. */
        record Replay(StoredResponse response) implements Begin {
        }

        /** The key was used with a different request body. */
        record Mismatch() implements Begin {
        }

        /** The same request is still being processed by another caller. */
        record InProgress() implements Begin {
        }
    }
}
