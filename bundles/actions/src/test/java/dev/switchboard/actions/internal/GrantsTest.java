package dev.switchboard.actions.internal;

import static dev.switchboard.actions.internal.ActionsFixture.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.foundation.internal.ActionsTestSchema;
import dev.switchboard.foundation.testing.TestDatabase;
import dev.switchboard.rest.Caller;
import dev.switchboard.rest.PageRequest;
import dev.switchboard.rest.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Which grants match a write, and that a budget is never overspent. */
class GrantsTest {

    @RegisterExtension
    static final TestDatabase DB = TestDatabase.create().withSchema(ActionsTestSchema::apply);

    private ActionsFixture fixture;
    private ActionEngine engine;
    private ActionsFixture.Tenant tenant;

    @BeforeEach
    void setUp() {
        fixture = new ActionsFixture(DB);
        engine = fixture.engine();
        tenant = fixture.tenant();
    }

    private UUID grant(UUID sessionId, String integration, String action, Integer maxCalls, String extra) {
        UUID id = UUID.randomUUID();
        fixture.update("INSERT INTO action_grants (id, organization_id, created_by, session_id, integration, action, max_calls)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)", id, tenant.org(), tenant.owner(), sessionId, integration, action, maxCalls);
        if (extra != null) {
            fixture.update("UPDATE action_grants SET " + extra + " WHERE id = ?", id);
        }
        return id;
    }

    private int write() {
        return engine.invoke(tenant.agent(), tenant.sessionId(),
                new ActionEngine.InvokeRequest("tracker", "create_thing", Map.of("title", "t")), null).status();
    }

    @Test
    void exactGrantMatches() {
        UUID id = grant(tenant.sessionId(), "tracker", "create_thing", null, null);
        assertEquals(200, write());
        assertEquals(1, fixture.count("SELECT used_calls FROM action_grants WHERE id = ?", id));
    }

    @Test
    void wildcardIntegrationAndActionMatch() {
        grant(null, "*", "create_thing", 1, null);
        grant(null, "tracker", "*", 1, null);
        grant(null, "*", "*", 1, null);
        assertEquals(200, write());
        assertEquals(200, write());
        assertEquals(200, write());
        assertEquals(202, write());
    }

    @Test
    void grantForAnotherActionOrIntegrationDoesNotMatch() {
        grant(null, "tracker", "other_write", null, null);
        grant(null, "elsewhere", "*", null, null);
        assertEquals(202, write());
    }

    @Test
    void anotherSessionsGrantDoesNotMatchButOrgWideDoes() {
        UUID other = fixture.sessions.create(tenant.org(), tenant.owner(), "coding", null).id();
        grant(other, "*", "*", null, null);
        assertEquals(202, write());
        grant(null, "*", "*", null, null);
        assertEquals(200, write());
    }

    @Test
    void sessionGrantIsSpentBeforeOrgWideOne() {
        UUID org = grant(null, "*", "*", null, null);
        UUID session = grant(tenant.sessionId(), "tracker", "create_thing", 5, null);
        write();
        assertEquals(1, fixture.count("SELECT used_calls FROM action_grants WHERE id = ?", session));
        assertEquals(0, fixture.count("SELECT used_calls FROM action_grants WHERE id = ?", org));
    }

    @Test
    void revokedExpiredAndExhaustedGrantsDoNotMatch() {
        grant(null, "*", "*", null, "revoked_at = now()");
        grant(null, "*", "*", null, "expires_at = now() - interval '1 second'");
        grant(null, "*", "*", 2, "used_calls = 2");
        assertEquals(202, write());
    }

    @Test
    void exhaustedGrantFallsThroughToTheNextCandidate() {
        UUID first = grant(tenant.sessionId(), "tracker", "create_thing", 1, null);
        UUID second = grant(null, "*", "*", 1, null);
        assertEquals(200, write());
        assertEquals(200, write());
        assertEquals(202, write());
        assertEquals(1, fixture.count("SELECT used_calls FROM action_grants WHERE id = ?", first));
        assertEquals(1, fixture.count("SELECT used_calls FROM action_grants WHERE id = ?", second));
    }

    @Test
    void readsAndDangerIgnoreGrants() {
        UUID id = grant(null, "*", "*", null, null);
        assertEquals(403, engine.invoke(tenant.agent(), tenant.sessionId(),
                new ActionEngine.InvokeRequest("tracker", "delete_everything", Map.of()), null).status());
        assertEquals(200, engine.invoke(tenant.agent(), tenant.sessionId(),
                new ActionEngine.InvokeRequest("tracker", "get_thing", Map.of()), null).status());
        assertEquals(0, fixture.count("SELECT used_calls FROM action_grants WHERE id = ?", id));
    }

    @Test
    void sixtyFourConcurrentWritesAgainstABudgetOfTenApproveExactlyTen() throws Exception {
        ActionsFixture wide = new ActionsFixture(DB.newDataSource(config -> config.setMaximumPoolSize(24)));
        ActionEngine concurrent = wide.engine(ActionsConfig.DEFAULTS.withLimits(1000, 1000));
        UUID id = grant(null, "tracker", "create_thing", 10, null);
        ExecutorService pool = Executors.newFixedThreadPool(64);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<EngineResponse>> futures = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            futures.add(pool.submit(() -> {
                start.await();
                return concurrent.invoke(tenant.agent(), tenant.sessionId(),
                        new ActionEngine.InvokeRequest("tracker", "create_thing", Map.of("title", "t")), null);
            }));
        }
        start.countDown();
        int approved = 0;
        int pending = 0;
        for (Future<EngineResponse> future : futures) {
            int status = future.get(60, TimeUnit.SECONDS).status();
            approved += status == 200 ? 1 : 0;
            pending += status == 202 ? 1 : 0;
        }
        pool.shutdown();

        assertEquals(10, approved);
        assertEquals(54, pending);
        assertEquals(10, fixture.count("SELECT used_calls FROM action_grants WHERE id = ?", id));
        assertEquals(10, fixture.count("SELECT count(*) FROM action_invocations WHERE grant_id = ?", id));
        assertEquals(10, wide.adapter.calls.get());
    }

    @Test
    void agentGrantIsRecordedInTheSessionUsersName() {
        Views.GrantView grant = engine.requestGrant(tenant.agent(), tenant.sessionId(),
                new ActionEngine.GrantRequest("tracker", "create_thing", null, 3, null));

        assertEquals(tenant.owner(), grant.createdBy());
        assertEquals("session", grant.scope());
        assertEquals(tenant.sessionId(), grant.sessionId());
        assertEquals(tenant.owner(), fixture.value("SELECT created_by FROM action_grants WHERE id = ?", grant.id()));
        assertTrue(fixture.audit.actions().contains("action_grant.created"));
        assertEquals(200, write());
    }

    @Test
    void agentGrantValidatesItsInput() {
        assertProblem(404, "integration_not_found", () -> engine.requestGrant(tenant.agent(), tenant.sessionId(),
                new ActionEngine.GrantRequest("nope", "*", null, null, null)));
        assertProblem(404, "action_not_found", () -> engine.requestGrant(tenant.agent(), tenant.sessionId(),
                new ActionEngine.GrantRequest("tracker", "nope", null, null, null)));
        assertProblem(400, "invalid_scope", () -> engine.requestGrant(tenant.agent(), tenant.sessionId(),
                new ActionEngine.GrantRequest("*", "*", "everyone", null, null)));
        assertProblem(400, "invalid_max_calls", () -> engine.requestGrant(tenant.agent(), tenant.sessionId(),
                new ActionEngine.GrantRequest("*", "*", null, 0, null)));
        assertProblem(400, "invalid_expires_at", () -> engine.requestGrant(tenant.agent(), tenant.sessionId(),
                new ActionEngine.GrantRequest("*", "*", null, null, "2001-01-01T00:00:00Z")));
    }

    @Test
    void onlyTheAgentRequestsGrantsThroughTheSession() {
        assertProblem(403, "session_token_required", () -> engine.requestGrant(tenant.admin(), tenant.sessionId(),
                new ActionEngine.GrantRequest("*", "*", null, null, null)));
    }

    @Test
    void grantsAreListedPagedAndRevokedByAdmins() {
        for (int i = 0; i < 3; i++) {
            engine.requestGrant(tenant.agent(), tenant.sessionId(), new ActionEngine.GrantRequest("*", "*", null, null, null));
        }
        UUID other = fixture.sessions.create(tenant.org(), tenant.owner(), "coding", null).id();
        grant(other, "*", "*", null, null); // another session's: not listed

        PageRequest.Page<Views.GrantView> first = engine.grants(tenant.agent(), tenant.sessionId(), PageRequest.of("2", null));
        assertEquals(2, first.items().size());
        PageRequest.Page<Views.GrantView> second = engine.grants(tenant.admin(), tenant.sessionId(),
                PageRequest.of("2", first.nextCursor()));
        assertEquals(1, second.items().size());
        assertEquals(null, second.nextCursor());

        UUID revoked = first.items().get(0).id();
        engine.revokeGrant(tenant.admin(), tenant.sessionId(), revoked);
        assertEquals(2, engine.grants(tenant.agent(), tenant.sessionId(), PageRequest.of(null, null)).items().size());
        assertTrue(fixture.audit.actions().contains("action_grant.revoked"));

        Caller member = fixture.user(tenant.org(), Role.MEMBER, Caller.Kind.API_KEY);
        assertProblem(403, "forbidden_role", () -> engine.revokeGrant(member, tenant.sessionId(), revoked));
        assertProblem(403, "session_token_not_allowed", () -> engine.revokeGrant(tenant.agent(), tenant.sessionId(), revoked));
        assertProblem(404, "grant_not_found", () -> engine.revokeGrant(tenant.admin(), tenant.sessionId(), UUID.randomUUID()));
    }
}
