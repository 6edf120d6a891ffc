package dev.switchboard.actions.internal;

import java.time.Instant;
import java.util.UUID;

/** Rows of the actions tables as MyBatis maps them (by constructor parameter name). */
public final class Rows {

    private Rows() {
    }

    public record Invocation(UUID id, UUID sessionId, UUID organizationId, UUID integrationId, String integration,
                             String action, String riskLevel, String params, String status, String result,
                             String error, Integer durationMs, UUID approvedBy, Instant approvedAt,
                             Instant completedAt, Instant expiresAt, UUID grantId, String idempotencyKey,
                             String requestHash, Instant createdAt, String sessionTitle) {
    }

    public record Grant(UUID id, UUID organizationId, UUID createdBy, UUID sessionId, String integration, String action,
                        Integer maxCalls, int usedCalls, Instant expiresAt, Instant revokedAt, Instant createdAt) {
    }

    public record Event(long id, UUID organizationId, UUID sessionId, String eventType, String data) {
    }

    public record Expired(UUID id, UUID organizationId, UUID sessionId) {
    }

    /** Sealed parameters of a pending invocation. */
    public record SealedParams(String keyId, String ciphertext) {
    }
}
