package dev.switchboard.identity.internal;

import static dev.switchboard.identity.internal.IdentityFixture.PASSWORD;
import static dev.switchboard.identity.internal.IdentityFixture.assertProblem;
import static dev.switchboard.identity.internal.IdentityFixture.uniqueEmail;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.foundation.internal.IdentityTestSchema;
import dev.switchboard.foundation.testing.TestDatabase;
import dev.switchboard.rest.Caller;
import dev.switchboard.rest.PageRequest;
import dev.switchboard.rest.Role;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class InvitationServiceTest {

    @RegisterExtension
    static final TestDatabase DB = TestDatabase.create().withSchema(IdentityTestSchema::apply);

    private static final String PUBLIC_URL = "https://switchboard.example.com";
    private static IdentityFixture fx;

    private AccountService.Login owner;
    private UUID team;
    private Caller ownerCaller;
    private Caller adminCaller;

    @BeforeAll
    static void wire() {
        fx = new IdentityFixture(DB, Map.of("publicUrl", PUBLIC_URL));
    }

    @BeforeEach
    void team() {
        owner = fx.signUp("owner");
        team = fx.teamOf(owner);
        ownerCaller = fx.console(owner, team);
        adminCaller = fx.console(fx.joined(team, Role.ADMIN, "admin"), team);
    }

    private static String tokenOf(InvitationService.Created created) {
        String prefix = PUBLIC_URL + "/console/invitations?token=";
        assertTrue(created.link().startsWith(prefix), created.link());
        return created.link().substring(prefix.length());
    }

    private String status(UUID invitation) {
        return (String) DB.queryValue("SELECT status FROM invitations WHERE id = '" + invitation + "'");
    }

    private long invitationCount() {
        return fx.count("SELECT count(*) FROM invitations WHERE organization_id = '" + team + "'");
    }

    @Test
    void anInvitationIsPendingForSevenDaysAndItsLinkCarriesTheToken() {
        String email = uniqueEmail("invitee");

        InvitationService.Created created = fx.invitations.invite(adminCaller, " " + email.toUpperCase() + " ", "admin");

        Rows.Invitation invitation = created.invitation();
        assertEquals(email, invitation.email());
        assertEquals("admin", invitation.role());
        assertEquals("pending", invitation.status());
        assertEquals(adminCaller.userId(), invitation.invitedBy());
        assertTrue(Duration.between(Instant.now().plus(Duration.ofDays(7)), invitation.expiresAt()).abs().toMinutes() < 1);
        String token = tokenOf(created);
        assertTrue(token.startsWith(Tokens.INVITATION), token);
        assertEquals(Tokens.hash(token), DB.queryValue("SELECT token_hash FROM invitations WHERE id = '"
                + invitation.id() + "'"));
        assertEquals(0L, fx.count("SELECT count(*) FROM invitations i WHERE i::text LIKE '%" + token + "%'"));
        assertEquals(IdentityMail.Delivery.LINK, created.delivery(), "no SMTP server: the inviter passes it on");
    }

    @Test
    void aSecondPendingInvitationForTheSameEmailIs409() {
        String email = uniqueEmail("twice");
        fx.invitations.invite(adminCaller, email, "member");

        assertProblem(409, "invitation_pending", () -> fx.invitations.invite(ownerCaller, email.toUpperCase(), "admin"));

        assertEquals(1L, invitationCount());
    }

    @Test
    void theSameEmailMayBeInvitedToAnotherOrganization() {
        String email = uniqueEmail("popular");
        fx.invitations.invite(adminCaller, email, "member");

        fx.invitations.invite(fx.console(owner), email, "member");

        assertEquals(2L, fx.count("SELECT count(*) FROM invitations WHERE email = '" + email + "'"));
    }

    @Test
    void aMemberCannotBeInvitedAgain() {
        AccountService.Login member = fx.joined(team, Role.MEMBER, "member");

        assertProblem(409, "already_member", () -> fx.invitations.invite(adminCaller, member.user().email(), "admin"));

        assertEquals(0L, invitationCount());
    }

    @Test
    void onlyOwnersInviteOwners() {
        assertProblem(403, "forbidden_role", () -> fx.invitations.invite(adminCaller, uniqueEmail("boss"), "owner"));
        assertEquals(0L, invitationCount());

        assertEquals("owner", fx.invitations.invite(ownerCaller, uniqueEmail("boss"), "owner").invitation().role());
    }

    @Test
    void invalidInputIs400AndCreatesNothing() {
        Map<String, Long> before = fx.rowCounts();

        assertProblem(400, "invalid_email", () -> fx.invitations.invite(adminCaller, "nobody", "member"));
        assertProblem(400, "invalid_role", () -> fx.invitations.invite(adminCaller, uniqueEmail("x"), "superuser"));
        assertProblem(400, "invalid_role", () -> fx.invitations.invite(adminCaller, uniqueEmail("x"), null));

        assertEquals(before, fx.rowCounts());
    }

    @Test
    void anExpiredInvitationIsGoneAndNoLongerBlocksANewOne() {
        String email = uniqueEmail("late");
        InvitationService.Created first = fx.invitations.invite(adminCaller, email, "member");
        DB.execute("UPDATE invitations SET expires_at = now() - interval '1 minute' WHERE id = '"
                + first.invitation().id() + "'");
        Map<String, Long> before = fx.rowCounts();

        assertProblem(410, "invitation_expired",
                () -> fx.invitations.accept(Optional.empty(), tokenOf(first), "Late", PASSWORD));
        assertEquals(before, fx.rowCounts(), "no account created");

        InvitationService.Created second = fx.invitations.invite(adminCaller, email, "admin");
        assertEquals("pending", status(second.invitation().id()));
        assertEquals("canceled", status(first.invitation().id()));
        assertProblem(409, "invitation_decided",
                () -> fx.invitations.accept(Optional.empty(), tokenOf(first), "Late", PASSWORD));
    }

    @Test
    void acceptingWithoutAnAccountCreatesItJoinsAndLogsIn() {
        String email = uniqueEmail("newcomer");
        InvitationService.Created created = fx.invitations.invite(adminCaller, email, "admin");

        AccountService.Login login = fx.invitations.accept(Optional.empty(), tokenOf(created), "Newcomer", PASSWORD)
                .orElseThrow();

        assertEquals(email, login.user().email());
        assertEquals(team, login.organization().id());
        assertEquals("accepted", status(created.invitation().id()));
        Caller caller = fx.console(login);
        assertEquals(team, caller.organizationId());
        assertEquals(Role.ADMIN, caller.role());
        assertEquals(login.user().id(), fx.accounts.login(email, PASSWORD).user().id());
        assertNotNull(DB.queryValue("SELECT decided_at FROM invitations WHERE id = '" + created.invitation().id() + "'"));
    }

    @Test
    void acceptingWithABadPasswordIs400AndLeavesTheInvitationPending() {
        InvitationService.Created created = fx.invitations.invite(adminCaller, uniqueEmail("weak"), "member");
        Map<String, Long> before = fx.rowCounts();

        assertProblem(400, "invalid_password",
                () -> fx.invitations.accept(Optional.empty(), tokenOf(created), "Weak", "short"));
        assertProblem(400, "invalid_name",
                () -> fx.invitations.accept(Optional.empty(), tokenOf(created), " ", PASSWORD));

        assertEquals(before, fx.rowCounts());
        assertEquals("pending", status(created.invitation().id()));
    }

    @Test
    void aLoggedInUserWithTheInvitedEmailAccepts() {
        AccountService.Login invitee = fx.signUp("invitee");
        InvitationService.Created created = fx.invitations.invite(adminCaller, invitee.user().email(), "member");

        Optional<AccountService.Login> login = fx.invitations.accept(Optional.of(fx.console(invitee)),
                tokenOf(created), null, null);

        assertEquals(Optional.empty(), login, "no new session for someone logged in");
        assertEquals(Optional.of(Role.MEMBER), fx.members.roleOf(team, invitee.user().id()));
        assertEquals("accepted", status(created.invitation().id()));
    }

    @Test
    void aLoggedInUserWithAnotherEmailIsRefused() {
        InvitationService.Created created = fx.invitations.invite(adminCaller, uniqueEmail("intended"), "member");
        AccountService.Login other = fx.signUp("other");

        assertProblem(403, "invitation_email_mismatch",
                () -> fx.invitations.accept(Optional.of(fx.console(other)), tokenOf(created), null, null));

        assertEquals(Optional.empty(), fx.members.roleOf(team, other.user().id()));
        assertEquals("pending", status(created.invitation().id()));
    }

    @Test
    void anExistingAccountMustLogInToAccept() {
        AccountService.Login existing = fx.signUp("existing");
        InvitationService.Created created = fx.invitations.invite(adminCaller, existing.user().email(), "member");
        Map<String, Long> before = fx.rowCounts();

        assertProblem(409, "login_required",
                () -> fx.invitations.accept(Optional.empty(), tokenOf(created), "Impostor", "another password!"));

        assertEquals(before, fx.rowCounts());
        assertEquals(Optional.empty(), fx.members.roleOf(team, existing.user().id()));
        assertEquals("pending", status(created.invitation().id()));
    }

    @Test
    void aRejectedInvitationCannotBeAcceptedOrCanceled() {
        InvitationService.Created created = fx.invitations.invite(adminCaller, uniqueEmail("no-thanks"), "member");

        fx.invitations.reject(tokenOf(created));

        assertEquals("rejected", status(created.invitation().id()));
        assertProblem(409, "invitation_decided",
                () -> fx.invitations.accept(Optional.empty(), tokenOf(created), "Changed Mind", PASSWORD));
        assertProblem(409, "invitation_decided", () -> fx.invitations.reject(tokenOf(created)));
        assertProblem(409, "invitation_decided", () -> fx.invitations.cancel(adminCaller, created.invitation().id()));
        assertEquals(1L, fx.count("SELECT count(*) FROM audit_log WHERE action = 'invitation.rejected'"
                + " AND target_id = '" + created.invitation().id() + "' AND actor_kind = 'system'"));
    }

    @Test
    void anAdminCancelsAndTheLinkStopsWorking() {
        InvitationService.Created created = fx.invitations.invite(adminCaller, uniqueEmail("canceled"), "member");

        fx.invitations.cancel(adminCaller, created.invitation().id());

        assertEquals("canceled", status(created.invitation().id()));
        assertProblem(409, "invitation_decided", () -> fx.invitations.cancel(adminCaller, created.invitation().id()));
        assertProblem(409, "invitation_decided",
                () -> fx.invitations.accept(Optional.empty(), tokenOf(created), "Too Late", PASSWORD));
    }

    @Test
    void anotherOrganizationCannotCancelIt() {
        InvitationService.Created created = fx.invitations.invite(adminCaller, uniqueEmail("mine"), "member");

        assertProblem(404, "invitation_not_found",
                () -> fx.invitations.cancel(fx.console(owner), created.invitation().id()));

        assertEquals("pending", status(created.invitation().id()));
    }

    @Test
    void anUnknownOrMissingTokenIsRefused() {
        assertProblem(404, "invitation_not_found",
                () -> fx.invitations.accept(Optional.empty(), Tokens.generate(Tokens.INVITATION), "X", PASSWORD));
        assertProblem(404, "invitation_not_found", () -> fx.invitations.reject(Tokens.generate(Tokens.INVITATION)));
        assertProblem(400, "invalid_token", () -> fx.invitations.accept(Optional.empty(), " ", "X", PASSWORD));
        assertProblem(400, "invalid_token", () -> fx.invitations.reject(null));
    }

    @Test
    void theListIsFilteredByStatusPagedAndScoped() {
        List<UUID> pending = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            pending.add(fx.invitations.invite(adminCaller, uniqueEmail("listed"), "member").invitation().id());
        }
        UUID canceled = fx.invitations.invite(adminCaller, uniqueEmail("listed"), "member").invitation().id();
        fx.invitations.cancel(adminCaller, canceled);
        fx.invitations.invite(fx.console(owner), uniqueEmail("elsewhere"), "member");

        List<UUID> paged = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            PageRequest.Page<Rows.Invitation> page = fx.invitations.list(adminCaller, "pending",
                    PageRequest.of("2", cursor));
            page.items().forEach(invitation -> paged.add(invitation.id()));
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null);

        assertEquals(pending.stream().sorted().toList(), paged);
        assertEquals(3, pages);
        assertEquals(List.of(canceled), fx.invitations.list(adminCaller, "canceled", PageRequest.of(null, null))
                .items().stream().map(Rows.Invitation::id).toList());
        assertEquals(6, fx.invitations.list(adminCaller, null, PageRequest.of(null, null)).items().size());
        assertNull(fx.invitations.list(adminCaller, null, PageRequest.of(null, null)).nextCursor());
        assertProblem(400, "invalid_parameter", () -> fx.invitations.list(adminCaller, "expired",
                PageRequest.of(null, null)));
        assertProblem(400, "invalid_cursor", () -> fx.invitations.list(adminCaller, null,
                PageRequest.of(null, PageRequest.cursorAfter("not-an-id"))));
    }
}
