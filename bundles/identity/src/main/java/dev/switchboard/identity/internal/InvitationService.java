package dev.switchboard.identity.internal;

import dev.switchboard.foundation.Ids;
import dev.switchboard.identity.AuditLog;
import dev.switchboard.rest.ApiProblem;
import dev.switchboard.rest.Caller;
import dev.switchboard.rest.PageRequest;
import dev.switchboard.rest.Role;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Invitations: 7-day expiry, one pending invitation per email and organization, accept/reject by token,
 * cancel by admins. The invitation link is returned to the inviter (no SMTP sender yet).
 */
@Component(service = InvitationService.class)
public class InvitationService {

    private static final List<String> STATUSES = List.of("pending", "accepted", "rejected", "canceled");

    private final IdentityStore store;
    private final AuditLog audit;
    private final AccountService accounts;
    private final IdentityMail mail;
    private final Clock clock = Clock.systemUTC();

    /** A created invitation, how it was delivered, and the link that carries its token. */
    record Created(Rows.Invitation invitation, String link, IdentityMail.Delivery delivery) {
    }

    @Activate
    public InvitationService(@Reference IdentityStore store, @Reference AuditLog audit,
                             @Reference AccountService accounts, @Reference IdentityMail mail) {
        this.store = store;
        this.audit = audit;
        this.accounts = accounts;
        this.mail = mail;
    }

    Created invite(Caller caller, String email, String role) {
        UUID organizationId = caller.requireOrganization();
        String validEmail = Inputs.email(email);
        Role validRole = Inputs.role(role);
        if (validRole == Role.OWNER && caller.role() != Role.OWNER) {
            throw new ApiProblem(403, "forbidden_role", "Forbidden", "only owners can invite owners");
        }
        String token = Tokens.generate(Tokens.INVITATION);
        UUID id = Ids.newId();
        String[] names = new String[2];
        Rows.Invitation invitation = store.unitOfWork().inTransaction(tx -> {
            names[0] = store.organizations(tx).organization(organizationId).name();
            names[1] = caller.userId() == null ? "Someone" : store.accounts(tx).userById(caller.userId()).name();
            Rows.User existing = store.accounts(tx).userByEmail(validEmail);
            if (existing != null && store.organizations(tx).membership(organizationId, existing.id()) != null) {
                throw new ApiProblem(409, "already_member", "Conflict", "this person is already a member");
            }
            InvitationMapper invitations = store.invitations(tx);
            invitations.cancelExpired(organizationId, validEmail);
            if (invitations.insert(id, organizationId, validEmail, validRole.wireName(), Tokens.hash(token),
                    caller.userId(), clock.instant().plus(IdentityConfig.INVITATION_TTL)) == 0) {
                throw new ApiProblem(409, "invitation_pending", "Conflict",
                        "a pending invitation for this email exists; cancel it first");
            }
            audit.record(tx, organizationId, caller, "invitation.created", "invitation", id.toString(),
                    Map.of("email", validEmail, "role", validRole.wireName()));
            return invitations.invitation(organizationId, id);
        });
        String link = accounts.config().publicUrl() + "/console/invitations?token=" + token;
        return new Created(invitation, link, mail.invitation(validEmail, names[0], names[1], link));
    }

    PageRequest.Page<Rows.Invitation> list(Caller caller, String status, PageRequest page) {
        UUID organizationId = caller.requireOrganization();
        if (status != null && !STATUSES.contains(status)) {
            throw Inputs.field("invalid_parameter", "status", "must be one of " + String.join(", ", STATUSES));
        }
        UUID after = page.after() == null ? null : Inputs.id("cursor", page.after());
        List<Rows.Invitation> rows = store.unitOfWork().inTransaction(tx ->
                store.invitations(tx).list(organizationId, status, after, page.limit() + 1));
        return page.page(rows, invitation -> invitation.id().toString());
    }

    void cancel(Caller caller, UUID id) {
        UUID organizationId = caller.requireOrganization();
        store.unitOfWork().run(tx -> {
            Rows.Invitation invitation = store.invitations(tx).invitation(organizationId, id);
            if (invitation == null) {
                throw ApiProblem.notFound("invitation_not_found", "no such invitation");
            }
            if (store.invitations(tx).decide(organizationId, id, "canceled") == 0) {
                throw decided(invitation);
            }
            audit.record(tx, organizationId, caller, "invitation.canceled", "invitation", id.toString(),
                    Map.of("email", invitation.email()));
        });
    }

    /**
     * Accepts as the authenticated caller (whose email must match), or creates the invited account with the
     * given name and password; returns a login when an account was created.
     */
    Optional<AccountService.Login> accept(Optional<Caller> caller, String token, String name, String password) {
        return store.unitOfWork().inTransaction(tx -> {
            Rows.Invitation invitation = pending(store.invitations(tx).lockByToken(hashOf(token)));
            Rows.User user;
            AccountService.Login login = null;
            if (caller.isPresent() && caller.get().userId() != null && caller.get().kind() != Caller.Kind.SESSION_TOKEN) {
                user = store.accounts(tx).userById(caller.get().userId());
                if (!user.email().equalsIgnoreCase(invitation.email())) {
                    throw new ApiProblem(403, "invitation_email_mismatch", "Forbidden",
                            "this invitation was sent to another email address");
                }
            } else {
                if (store.accounts(tx).userByEmail(invitation.email()) != null) {
                    throw new ApiProblem(409, "login_required", "Conflict",
                            "an account with this email exists: log in, then accept");
                }
                user = accounts.insertUser(tx, invitation.email(), Inputs.password(password),
                        Inputs.name("name", name, 100));
                login = accounts.openSession(tx, user, store.organizations(tx).organization(invitation.organizationId()));
            }
            store.organizations(tx).insertMember(invitation.organizationId(), user.id(), invitation.role());
            store.invitations(tx).decide(invitation.organizationId(), invitation.id(), "accepted");
            Caller actor = new Caller(Caller.Kind.CONSOLE_SESSION, user.id(), invitation.organizationId(),
                    Role.fromWireName(invitation.role()), null, null, null, false);
            audit.record(tx, invitation.organizationId(), actor, "invitation.accepted", "invitation",
                    invitation.id().toString(), Map.of("email", invitation.email(), "role", invitation.role()));
            return Optional.ofNullable(login);
        });
    }

    void reject(String token) {
        store.unitOfWork().run(tx -> {
            Rows.Invitation invitation = pending(store.invitations(tx).lockByToken(hashOf(token)));
            store.invitations(tx).decide(invitation.organizationId(), invitation.id(), "rejected");
            audit.record(tx, invitation.organizationId(), null, "invitation.rejected", "invitation",
                    invitation.id().toString(), Map.of("email", invitation.email()));
        });
    }

    private Rows.Invitation pending(Rows.Invitation invitation) {
        if (invitation == null) {
            throw ApiProblem.notFound("invitation_not_found", "no such invitation");
        }
        if (!"pending".equals(invitation.status())) {
            throw decided(invitation);
        }
        if (!invitation.expiresAt().isAfter(clock.instant())) {
            throw new ApiProblem(410, "invitation_expired", "Gone", "the invitation has expired; ask for a new one");
        }
        return invitation;
    }

    private static String hashOf(String token) {
        if (token == null || token.isBlank()) {
            throw Inputs.field("invalid_token", "token", "is required");
        }
        return Tokens.hash(token.trim());
    }

    private static ApiProblem decided(Rows.Invitation invitation) {
        return new ApiProblem(409, "invitation_decided", "Conflict",
                "the invitation was already " + invitation.status());
    }
}
