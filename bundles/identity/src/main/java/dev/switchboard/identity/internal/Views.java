package dev.switchboard.identity.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.UUID;

/** JSON shapes of the identity API. Never a password hash or a credential, except a new one shown once. */
public final class Views {

    private Views() {
    }

    static String iso(java.time.Instant instant) {
        return instant == null ? null : instant.toString();
    }

    public record UserView(UUID id, String email, String name, boolean emailVerified, String createdAt) {
        static UserView of(Rows.User user) {
            return new UserView(user.id(), user.email(), user.name(), user.emailVerified(), iso(user.createdAt()));
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record OrganizationView(UUID id, String name, String slug, boolean personal, String role, String createdAt) {
        static OrganizationView of(Rows.Organization organization, String role) {
            return new OrganizationView(organization.id(), organization.name(), organization.slug(),
                    organization.isPersonal(), role, iso(organization.createdAt()));
        }

        static OrganizationView of(Rows.Membership membership) {
            return new OrganizationView(membership.organizationId(), membership.organizationName(),
                    membership.organizationSlug(), membership.organizationPersonal(), membership.role(), null);
        }
    }

    public record MemberView(UUID userId, String email, String name, String role, String joinedAt) {
        static MemberView of(Rows.Membership membership) {
            return new MemberView(membership.userId(), membership.email(), membership.name(), membership.role(),
                    iso(membership.createdAt()));
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ApiKeyView(UUID id, String name, String prefix, UUID userId, String createdAt, String expiresAt,
                             String revokedAt, String lastUsedAt, String key) {
        static ApiKeyView of(Rows.ApiKey key) {
            return new ApiKeyView(key.id(), key.name(), key.prefix(), key.userId(), iso(key.createdAt()), iso(key.expiresAt()),
                    iso(key.revokedAt()), iso(key.lastUsedAt()), null);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record InvitationView(UUID id, String email, String role, String status, UUID invitedBy, String expiresAt,
                                 String createdAt, String inviteUrl, String delivery) {
        static InvitationView of(Rows.Invitation invitation, String inviteUrl, String delivery) {
            return new InvitationView(invitation.id(), invitation.email(), invitation.role(), invitation.status(),
                    invitation.invitedBy(), iso(invitation.expiresAt()), iso(invitation.createdAt()), inviteUrl,
                    delivery);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AuditView(UUID id, UUID actorUserId, UUID realUserId, String actorKind, String action,
                            String targetType, String targetId, @com.fasterxml.jackson.annotation.JsonRawValue String details,
                            String createdAt) {
        static AuditView of(Rows.AuditEntry entry) {
            return new AuditView(entry.id(), entry.actorUserId(), entry.realUserId(), entry.actorKind(),
                    entry.action(), entry.targetType(), entry.targetId(), entry.details(), iso(entry.createdAt()));
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MeView(UserView user, UUID organizationId, String role, List<OrganizationView> organizations,
                         String credential, UUID realUserId, boolean superAdmin, UUID sessionId) {
    }
}
