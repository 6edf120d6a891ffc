package dev.switchboard.actions.internal;

import static dev.switchboard.actions.internal.ActionsFixture.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.switchboard.foundation.internal.ActionsTestSchema;
import dev.switchboard.foundation.testing.TestDatabase;
import dev.switchboard.rest.Caller;
import dev.switchboard.rest.PageRequest;
import dev.switchboard.rest.Role;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Who may do what: the session's agent, members, admins, other sessions and other organizations. */
class AccessTest {

    @RegisterExtension
    static final TestDatabase DB = TestDatabase.create().withSchema(ActionsTestSchema::apply);

    private ActionsFixture fixture;
    private ActionEngine engine;
    private ActionsFixture.Tenant tenant;
    private ActionsFixture.Tenant stranger;
    private UUID pending;

    @BeforeEach
    void setUp() {
        fixture = new ActionsFixture(DB);
        engine = fixture.engine();
        tenant = fixture.tenant();
        stranger = fixture.tenant();
        pending = engine.invoke(tenant.agent(), tenant.sessionId(),
                new ActionEngine.InvokeRequest("tracker", "create_thing", Map.of("title", "t")), null).outcome().invocation().id();
    }

    @Test
    void memberCannotApproveOrDeny() {
        Caller member = fixture.user(tenant.org(), Role.MEMBER, Caller.Kind.CONSOLE_SESSION);
        assertProblem(403, "forbidden_role", () -> engine.approve(member, tenant.sessionId(), pending, null));
        assertProblem(403, "forbidden_role", () -> engine.deny(member, tenant.sessionId(), pending));
        assertEquals("pending", fixture.status(pending));
    }

    @Test
    void adminWhoIsNotOwnerCanApprove() {
        Caller admin = fixture.user(tenant.org(), Role.ADMIN, Caller.Kind.API_KEY);
        assertEquals(200, engine.approve(admin, tenant.sessionId(), pending, null).status());
    }

    @Test
    void agentCannotApproveOrDenyItsOwnActions() {
        assertProblem(403, "session_token_not_allowed", () -> engine.approve(tenant.agent(), tenant.sessionId(), pending, null));
        assertProblem(403, "session_token_not_allowed", () -> engine.deny(tenant.agent(), tenant.sessionId(), pending));
    }

    @Test
    void serviceCallerWithoutUserCannotApprove() {
        Caller service = new Caller(Caller.Kind.SERVICE_TOKEN, null, tenant.org(), Role.OWNER, null, null, UUID.randomUUID(), false);
        assertProblem(403, "user_required", () -> engine.approve(service, tenant.sessionId(), pending, null));
    }

    @Test
    void onlyTheAgentInvokes() {
        assertProblem(403, "session_token_required", () -> engine.invoke(tenant.admin(), tenant.sessionId(),
                new ActionEngine.InvokeRequest("tracker", "get_thing", Map.of()), null));
    }

    @Test
    void anotherSessionsTokenFindsNothing() {
        Caller otherAgent = new ActionsFixture.Tenant(tenant.org(), tenant.owner(),
                fixture.sessions.create(tenant.org(), tenant.owner(), "coding", null)).agent();
        assertProblem(404, "session_not_found", () -> engine.invoke(otherAgent, tenant.sessionId(),
                new ActionEngine.InvokeRequest("tracker", "get_thing", Map.of()), null));
        assertProblem(404, "session_not_found", () -> engine.invocations(otherAgent, tenant.sessionId(), null, PageRequest.of(null, null)));
        assertProblem(404, "session_not_found", () -> engine.invocation(otherAgent, tenant.sessionId(), pending));
        assertProblem(404, "session_not_found", () -> engine.available(otherAgent, tenant.sessionId()));
        assertProblem(404, "session_not_found", () -> engine.grants(otherAgent, tenant.sessionId(), PageRequest.of(null, null)));
        assertProblem(404, "session_not_found", () -> engine.requestGrant(otherAgent, tenant.sessionId(),
                new ActionEngine.GrantRequest("*", "*", null, null, null)));
    }

    @Test
    void anotherOrganizationsSessionIs404Everywhere() {
        Caller admin = stranger.admin();
        Caller agent = new Caller(Caller.Kind.SESSION_TOKEN, stranger.owner(), stranger.org(), Role.MEMBER, null,
                tenant.sessionId(), UUID.randomUUID(), false); // a token claiming the session, from the other org
        assertProblem(404, "session_not_found", () -> engine.approve(admin, tenant.sessionId(), pending, null));
        assertProblem(404, "session_not_found", () -> engine.deny(admin, tenant.sessionId(), pending));
        assertProblem(404, "session_not_found", () -> engine.invocation(admin, tenant.sessionId(), pending));
        assertProblem(404, "session_not_found", () -> engine.invocations(admin, tenant.sessionId(), null, PageRequest.of(null, null)));
        assertProblem(404, "session_not_found", () -> engine.guide(admin, tenant.sessionId(), "tracker"));
        assertProblem(404, "session_not_found", () -> engine.revokeGrant(admin, tenant.sessionId(), UUID.randomUUID()));
        assertProblem(404, "session_not_found", () -> engine.invoke(agent, tenant.sessionId(),
                new ActionEngine.InvokeRequest("tracker", "get_thing", Map.of()), null));
        // and its own session cannot reach the invocation either
        assertProblem(404, "invocation_not_found", () -> engine.approve(admin, stranger.sessionId(), pending, null));
        assertProblem(404, "invocation_not_found", () -> engine.invocation(admin, stranger.sessionId(), pending));
        assertEquals(0, engine.inbox(admin, null, PageRequest.of(null, null)).total());
        assertEquals("pending", fixture.status(pending));
    }

    @Test
    void agentAndMembersReadTheSessionsInvocations() {
        Caller member = fixture.user(tenant.org(), Role.MEMBER, Caller.Kind.CONSOLE_SESSION);
        assertEquals(1, engine.invocations(tenant.agent(), tenant.sessionId(), null, PageRequest.of(null, null)).items().size());
        assertEquals("pending", engine.invocation(member, tenant.sessionId(), pending).status());
        assertEquals("# tracker", engine.guide(tenant.agent(), tenant.sessionId(), "tracker").guide());
        assertProblem(404, "integration_not_found", () -> engine.guide(tenant.agent(), tenant.sessionId(), "nope"));
        assertEquals(1, engine.available(member, tenant.sessionId()).integrations().size());
    }

    @Test
    void inboxFiltersByStatusPagesAndCounts() {
        for (int i = 0; i < 2; i++) {
            engine.invoke(tenant.agent(), tenant.sessionId(), new ActionEngine.InvokeRequest("tracker", "get_thing", Map.of()), null);
        }
        Caller member = fixture.user(tenant.org(), Role.MEMBER, Caller.Kind.CONSOLE_SESSION);

        Views.InboxPage all = engine.inbox(member, null, PageRequest.of("2", null));
        assertEquals(3, all.total());
        assertEquals(2, all.items().size());
        assertNotNull(all.nextCursor());
        assertEquals("Fix the bug", all.items().get(0).sessionTitle());
        Views.InboxPage rest = engine.inbox(member, null, PageRequest.of("2", all.nextCursor()));
        assertEquals(1, rest.items().size());
        assertNull(rest.nextCursor());

        Views.InboxPage pendingOnly = engine.inbox(member, "pending", PageRequest.of(null, null));
        assertEquals(1, pendingOnly.total());
        assertEquals(pending, pendingOnly.items().get(0).id());
        assertProblem(400, "invalid_parameter", () -> engine.inbox(member, "bogus", PageRequest.of(null, null)));
        assertProblem(400, "invalid_parameter", () -> PageRequest.of("101", null));
        assertProblem(403, "session_token_not_allowed", () -> engine.inbox(tenant.agent(), null, PageRequest.of(null, null)));
    }
}
