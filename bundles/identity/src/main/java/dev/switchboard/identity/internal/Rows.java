package dev.switchboard.identity.internal;

import java.time.Instant;
import java.util.UUID;

/** Rows of the identity tables as MyBatis maps them (by constructor parameter name). */
public final class Rows {

    private Rows() {
    }

    public record User(UUID id, String email, String name, String passwordHash, boolean emailVerified, Instant createdAt) {
    }

    public record Organization(UUID id, String name, String slug, boolean isPersonal, Instant createdAt) {
    }

    public record Membership(UUID organizationId, UUID userId, String role, Instant createdAt, String email, String name,
                      String organizationName, String organizationSlug, boolean organizationPersonal) {
    }

    public record ApiKey(UUID id, UUID organizationId, UUID userId, String name, String prefix, Instant createdAt,
                  Instant expiresAt, Instant revokedAt, Instant lastUsedAt) {
    }

    public record UserSession(UUID id, UUID userId, UUID activeOrganizationId, UUID impersonatedUserId,
                       UUID impersonatedOrganizationId, Instant impersonationExpiresAt, Instant refreshedAt,
                       Instant expiresAt) {
    }

    public record SessionToken(UUID id, UUID organizationId, UUID sessionId, UUID userId, Instant revokedAt) {
    }

    public record Invitation(UUID id, UUID organizationId, String email, String role, String status, UUID invitedBy,
                      Instant expiresAt, Instant decidedAt, Instant createdAt) {
    }

    public record AuditEntry(UUID id, UUID organizationId, UUID actorUserId, UUID realUserId, String actorKind,
                      String action, String targetType, String targetId, String details, Instant createdAt) {
    }
}
