package dev.switchboard.identity.internal;

import static dev.switchboard.identity.internal.IdentityFixture.PASSWORD;
import static dev.switchboard.identity.internal.IdentityFixture.uniqueEmail;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.foundation.internal.IdentityTestSchema;
import dev.switchboard.foundation.testing.TestDatabase;
import dev.switchboard.rest.Caller;
import dev.switchboard.rest.PageRequest;
import dev.switchboard.rest.Role;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AuditLogTest {

    @RegisterExtension
    static final TestDatabase DB = TestDatabase.create().withSchema(IdentityTestSchema::apply);

    private static final String SUPER_ADMIN = uniqueEmail("root");
    private static IdentityFixture fx;

    private AccountService.Login owner;
    private UUID team;
    private Caller ownerCaller;
    private AccountService.Login member;

    @BeforeAll
    static void wire() {
        fx = new IdentityFixture(DB, Map.of("superAdmins", SUPER_ADMIN));
        fx.accounts.signup(SUPER_ADMIN, PASSWORD, "Root");
    }

    @BeforeEach
    void team() {
        owner = fx.signUp("owner");
        team = fx.teamOf(owner);
        ownerCaller = fx.console(owner, team);
        member = fx.joined(team, Role.MEMBER, "member");
    }

    private List<Rows.AuditEntry> entries(UUID organizationId) {
        return fx.store.unitOfWork().inTransaction(tx -> fx.store.audit(tx).list(organizationId, null, 100));
    }

    private Rows.AuditEntry only(String action) {
        List<Rows.AuditEntry> matching = entries(team).stream().filter(e -> e.action().equals(action)).toList();
        assertEquals(1, matching.size(), () -> action + " in " + entries(team));
        return matching.get(0);
    }

    @Test
    void aRoleChangeRecordsWhoChangedWhatFromAndTo() {
        fx.organizations.changeRole(ownerCaller, member.user().id(), Role.ADMIN);

        Rows.AuditEntry entry = only("member.role_changed");
        assertEquals(owner.user().id(), entry.actorUserId());
        assertNull(entry.realUserId());
        assertEquals("console_session", entry.actorKind());
        assertEquals("member", entry.targetType());
        assertEquals(member.user().id().toString(), entry.targetId());
        assertEquals("{\"to\": \"admin\", \"from\": \"member\"}", entry.details());
    }

    @Test
    void invitationsAreRecordedWithoutTheirToken() {
        String email = uniqueEmail("invitee");
        InvitationService.Created created = fx.invitations.invite(ownerCaller, email, "member");
        String token = created.link().substring(created.link().indexOf("token=") + 6);

        fx.invitations.accept(Optional.empty(), token, "Invitee", PASSWORD);

        Rows.AuditEntry invited = only("invitation.created");
        assertEquals("{\"role\": \"member\", \"email\": \"" + email + "\"}", invited.details());
        Rows.AuditEntry accepted = only("invitation.accepted");
        assertEquals(created.invitation().id().toString(), accepted.targetId());
        assertFalse(entries(team).toString().contains(token));
        assertFalse(entries(team).toString().contains(PASSWORD));
    }

    @Test
    void apiKeysAreRecordedByPrefixNeverByValue() {
        Caller memberCaller = fx.console(member, team);
        Views.ApiKeyView key = fx.apiKeys.create(memberCaller, "ci", null);
        fx.apiKeys.revoke(ownerCaller, key.id());

        Rows.AuditEntry created = only("api_key.created");
        assertEquals("{\"name\": \"ci\", \"prefix\": \"" + key.prefix() + "\"}", created.details());
        assertEquals(member.user().id(), created.actorUserId());
        Rows.AuditEntry revoked = only("api_key.revoked");
        assertEquals(owner.user().id(), revoked.actorUserId());
        assertFalse(entries(team).toString().contains(key.key().substring(key.prefix().length())));
    }

    @Test
    void whatAnImpersonatingSuperAdminDoesNamesThemAsTheRealUser() {
        AccountService.Login root = fx.accounts.login(SUPER_ADMIN, PASSWORD);
        UUID rootId = root.user().id();
        fx.accounts.impersonate(fx.console(root), owner.user().id(), team, fx.audit);
        Caller impersonating = fx.console(root);

        fx.organizations.changeRole(impersonating, member.user().id(), Role.ADMIN);
        fx.apiKeys.create(impersonating, "made by root", null);
        fx.invitations.invite(impersonating, uniqueEmail("invited-by-root"), "member");

        for (String action : List.of("impersonation.started", "member.role_changed", "api_key.created",
                "invitation.created")) {
            Rows.AuditEntry entry = only(action);
            assertEquals(owner.user().id(), entry.actorUserId(), action);
            assertEquals(rootId, entry.realUserId(), action);
        }
    }

    @Test
    void aSystemActionHasNoActor() {
        fx.store.unitOfWork().run(tx -> fx.audit.record(tx, team, null, "test.system", "organization", null, null));

        Rows.AuditEntry entry = only("test.system");
        assertEquals("system", entry.actorKind());
        assertNull(entry.actorUserId());
        assertEquals("{}", entry.details());
    }

    @Test
    void detailsKeepTheirTypesAndEscapes() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("quote", "say \"hi\"\n\\");
        details.put("count", 3);
        details.put("flag", true);
        details.put("none", null);
        details.put("list", List.of("a", 1));
        details.put("control", "\u0001");
        fx.store.unitOfWork().run(tx -> fx.audit.record(tx, team, ownerCaller, "test.details", "x", "1", details));

        String stored = (String) DB.queryValue("SELECT concat_ws('|', details->>'quote', details->'count',"
                + " details->'flag', jsonb_typeof(details->'none'), details->'list', details->>'control')"
                + " FROM audit_log WHERE action = 'test.details' AND organization_id = '" + team + "'");
        assertEquals("say \"hi\"\n\\|3|true|null|[\"a\", 1]|\u0001", stored);
    }

    @Test
    void theAuditTrailIsReadPerOrganizationNewestFirstInPages() {
        for (int i = 0; i < 4; i++) {
            fx.store.unitOfWork().run(tx -> fx.audit.record(tx, team, ownerCaller, "test.paged", "x", null, null));
        }
        AuditLogResource resource = new AuditLogResource(fx.store);
        AuthFilter.CallerSecurityContext security = new AuthFilter.CallerSecurityContext(ownerCaller, null);

        List<UUID> listed = new ArrayList<>();
        String cursor = null;
        do {
            PageRequest.Page<Views.AuditView> page = resource.list(security, "3", cursor);
            page.items().forEach(view -> listed.add(view.id()));
            cursor = page.nextCursor();
        } while (cursor != null);

        List<UUID> expected = entries(team).stream().map(Rows.AuditEntry::id).toList();
        assertEquals(expected, listed);
        assertTrue(expected.size() >= 5, "organization.created and four more");
        assertEquals(expected.stream().sorted(java.util.Comparator.reverseOrder()).toList(), listed, "newest first");
        assertTrue(entries(owner.organization().id()).stream().noneMatch(e -> e.organizationId().equals(team)));
        assertTrue(resource.list(new AuthFilter.CallerSecurityContext(fx.console(owner), null), null, null).items()
                .stream().noneMatch(view -> expected.contains(view.id())), "the personal organization sees none");
    }
}
