package dev.switchboard.actions.internal;

import static dev.switchboard.actions.internal.ActionsFixture.assertProblem;
import static dev.switchboard.actions.internal.ActionsFixture.assertResponse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.foundation.internal.ActionsTestSchema;
import dev.switchboard.foundation.testing.TestDatabase;
import dev.switchboard.rest.ApiProblem;
import dev.switchboard.spi.action.ActionException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import javax.ws.rs.core.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The spec's invoke and approve response-contract table and its edge cases, one row per test. */
class InvokeContractTest {

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

    private EngineResponse invoke(String action, Map<String, Object> params) {
        return engine.invoke(tenant.agent(), tenant.sessionId(), new ActionEngine.InvokeRequest("tracker", action, params), null);
    }

    private UUID pendingWrite() {
        EngineResponse response = invoke("create_thing", Map.of("title", "t"));
        assertEquals(202, response.status());
        return response.outcome().invocation().id();
    }

    @Test
    void readRunsAtOnceAnd200CarriesTheResult() {
        EngineResponse response = invoke("get_thing", Map.of());

        assertResponse(200, null, response);
        assertEquals("completed", response.outcome().invocation().status());
        assertEquals(Map.of("ok", true, "action", "get_thing"), response.outcome().result());
        assertNotNull(response.outcome().invocation().durationMs());
        assertEquals(1, fixture.adapter.calls.get());
        assertEquals(200, response.toResponse().getStatus());
    }

    @Test
    void writeWithoutGrantWaits202WithFiveMinuteExpiry() {
        Instant before = Instant.now();
        EngineResponse response = invoke("create_thing", Map.of("title", "t"));

        assertResponse(202, null, response);
        assertEquals("pending", response.outcome().invocation().status());
        assertEquals(ActionEngine.PENDING_MESSAGE, response.outcome().message());
        Instant expires = Instant.parse(response.outcome().invocation().expiresAt());
        assertTrue(!expires.isBefore(before.plus(Duration.ofMinutes(5))) && expires.isBefore(Instant.now().plus(Duration.ofMinutes(5)).plusSeconds(1)));
        assertEquals(0, fixture.adapter.calls.get());
        assertEquals(1, fixture.count("SELECT count(*) FROM action_events WHERE session_id = ? AND event_type = 'action_approval_request'",
                tenant.sessionId()));
    }

    @Test
    void dangerIsDenied403WithTheInvocation() {
        EngineResponse response = invoke("delete_everything", Map.of());

        assertResponse(403, "action_denied", response);
        assertEquals("denied", response.outcome().invocation().status());
        assertEquals(0, fixture.adapter.calls.get());
        Response http = response.toResponse();
        assertEquals("application/problem+json", http.getMediaType().toString());
        assertTrue(((Map<?, ?>) http.getEntity()).containsKey("invocation"));
    }

    @Test
    void eleventhPendingInvocationIs429WithRetryAfter() {
        for (int i = 0; i < 10; i++) {
            pendingWrite();
        }
        EngineResponse response = invoke("create_thing", Map.of("title", "t"));

        assertResponse(429, "pending_limit", response);
        assertNotNull(response.retryAfter());
        assertNotNull(response.toResponse().getHeaderString("Retry-After"));
        assertEquals(10, fixture.count("SELECT count(*) FROM action_invocations WHERE session_id = ?", tenant.sessionId()));
        // reads are not held back by the pending cap
        assertEquals(200, invoke("get_thing", Map.of()).status());
    }

    @Test
    void expiredPendingInvocationsDoNotCountTowardsTheCap() {
        for (int i = 0; i < 10; i++) {
            pendingWrite();
        }
        fixture.update("UPDATE action_invocations SET expires_at = now() - interval '1 second' WHERE session_id = ?",
                tenant.sessionId());
        assertEquals(202, invoke("create_thing", Map.of("title", "t")).status());
    }

    @Test
    void sixtyFirstInvocationWithinAMinuteIs429RateLimited() {
        engine = fixture.engine(ActionsConfig.DEFAULTS);
        for (int i = 0; i < 60; i++) {
            assertEquals(200, invoke("get_thing", Map.of()).status(), "call " + i);
        }
        EngineResponse response = invoke("get_thing", Map.of());

        assertResponse(429, "rate_limited", response);
        assertTrue(response.retryAfter().toSeconds() <= 60);
        assertEquals(61, fixture.count("SELECT sum(count) FROM action_rate_windows WHERE session_id = ?", tenant.sessionId()));
    }

    @Test
    void rateLimitIsSharedByEngineNodes() {
        ActionEngine nodeA = fixture.engine(ActionsConfig.DEFAULTS.withLimits(10, 4));
        ActionEngine nodeB = new ActionsFixture(DB).engine(ActionsConfig.DEFAULTS.withLimits(10, 4));
        ActionEngine.InvokeRequest read = new ActionEngine.InvokeRequest("tracker", "get_thing", Map.of());
        nodeA.invoke(tenant.agent(), tenant.sessionId(), read, null);
        nodeB.invoke(tenant.agent(), tenant.sessionId(), read, null);
        nodeA.invoke(tenant.agent(), tenant.sessionId(), read, null);
        nodeB.invoke(tenant.agent(), tenant.sessionId(), read, null);

        assertResponse(429, "rate_limited", nodeB.invoke(tenant.agent(), tenant.sessionId(), read, null));
    }

    @Test
    void approveOnceRunsTheInvocation200() {
        UUID id = pendingWrite();
        EngineResponse response = engine.approve(tenant.admin(), tenant.sessionId(), id, new ActionEngine.ApproveRequest("once", null));

        assertResponse(200, null, response);
        assertEquals("completed", response.outcome().invocation().status());
        assertEquals(tenant.owner(), response.outcome().invocation().approvedBy());
        assertNull(response.outcome().grant());
        assertEquals(1, fixture.adapter.calls.get());
        assertTrue(fixture.audit.actions().contains("action.approved"));
        assertEquals(1, fixture.count("SELECT count(*) FROM action_events WHERE session_id = ? AND event_type = 'action_completed'"
                + " AND data->>'status' = 'completed'", tenant.sessionId()));
    }

    @Test
    void anApprovedWriteRunsWithTheParametersTheAgentSentNotTheRedactedCopy() {
        EngineResponse pending = invoke("create_thing", Map.of("title", "t", "password", "hunter2-original"));
        assertEquals(202, pending.status());
        UUID id = pending.outcome().invocation().id();
        assertEquals(0, fixture.count("SELECT count(*) FROM action_invocations WHERE id = ? AND params::text LIKE"
                + " '%hunter2-original%'", id), "the stored copy is redacted");
        assertEquals(0, fixture.count("SELECT count(*) FROM action_pending_params WHERE invocation_id = ? AND"
                + " ciphertext LIKE '%hunter2%'", id), "the kept copy is sealed");
        assertEquals(1, fixture.count("SELECT count(*) FROM action_pending_params WHERE invocation_id = ?", id));

        assertEquals(200, engine.approve(tenant.admin(), tenant.sessionId(), id, null).status());

        assertEquals("hunter2-original", fixture.adapter.requests.get(0).params().get("password"));
        assertEquals(0, fixture.count("SELECT count(*) FROM action_pending_params WHERE invocation_id = ?", id),
                "the sealed copy is gone once the action ran");
    }

    @Test
    void approveWithoutBodyMeansOnce() {
        UUID id = pendingWrite();
        assertEquals(200, engine.approve(tenant.admin(), tenant.sessionId(), id, null).status());
        assertEquals(0, fixture.count("SELECT count(*) FROM action_grants WHERE organization_id = ?", tenant.org()));
    }

    @Test
    void approveWithGrantCreatesTheGrantAndLaterWritesRunUnderIt() {
        UUID id = pendingWrite();
        EngineResponse response = engine.approve(tenant.admin(), tenant.sessionId(), id,
                new ActionEngine.ApproveRequest("grant", new ActionEngine.GrantSpec("session", 2)));

        assertResponse(200, null, response);
        Views.GrantView grant = response.outcome().grant();
        assertEquals("session", grant.scope());
        assertEquals(2, grant.maxCalls());
        assertEquals(tenant.owner(), grant.createdBy());
        assertTrue(fixture.audit.actions().containsAll(java.util.List.of("action_grant.created", "action.approved")));

        assertEquals(200, invoke("create_thing", Map.of("title", "a")).status());
        assertEquals(200, invoke("create_thing", Map.of("title", "b")).status());
        assertEquals(202, invoke("create_thing", Map.of("title", "c")).status());
        assertEquals(2, fixture.count("SELECT used_calls FROM action_grants WHERE id = ?", grant.id()));
    }

    @Test
    void approveWithOrgGrantCoversOtherSessions() {
        UUID id = pendingWrite();
        engine.approve(tenant.admin(), tenant.sessionId(), id,
                new ActionEngine.ApproveRequest("grant", new ActionEngine.GrantSpec("org", null)));
        ActionsFixture.Tenant sibling = new ActionsFixture.Tenant(tenant.org(), tenant.owner(),
                fixture.sessions.create(tenant.org(), tenant.owner(), "coding", null));

        EngineResponse response = engine.invoke(sibling.agent(), sibling.sessionId(),
                new ActionEngine.InvokeRequest("tracker", "create_thing", Map.of("title", "x")), null);
        assertEquals(200, response.status());
    }

    @Test
    void approvingAnUnknownInvocationIs404() {
        assertProblem(404, "invocation_not_found", () -> engine.approve(tenant.admin(), tenant.sessionId(),
                UUID.randomUUID(), null));
    }

    @Test
    void approvingAnInvocationThroughAnotherSessionIs404() {
        UUID id = pendingWrite();
        UUID otherSession = fixture.sessions.create(tenant.org(), tenant.owner(), "coding", null).id();
        assertProblem(404, "invocation_not_found", () -> engine.approve(tenant.admin(), otherSession, id, null));
    }

    @Test
    void approvingAnExpiredInvocationIs410AndMarksItExpired() {
        UUID id = pendingWrite();
        fixture.update("UPDATE action_invocations SET expires_at = now() - interval '1 second' WHERE id = ?", id);

        assertProblem(410, "invocation_expired", () -> engine.approve(tenant.admin(), tenant.sessionId(), id, null));
        assertEquals("expired", fixture.status(id));
        assertEquals(0, fixture.adapter.calls.get());
        // a second try still says expired, not conflict
        assertProblem(410, "invocation_expired", () -> engine.approve(tenant.admin(), tenant.sessionId(), id, null));
    }

    @Test
    void approvingADeniedInvocationIs409() {
        UUID id = pendingWrite();
        engine.deny(tenant.admin(), tenant.sessionId(), id);
        assertProblem(409, "invocation_already_decided", () -> engine.approve(tenant.admin(), tenant.sessionId(), id, null));
    }

    @Test
    void approvingTwiceIs409AndRunsOnce() {
        UUID id = pendingWrite();
        engine.approve(tenant.admin(), tenant.sessionId(), id, null);
        assertProblem(409, "invocation_already_decided", () -> engine.approve(tenant.admin(), tenant.sessionId(), id, null));
        assertProblem(409, "invocation_already_decided", () -> engine.deny(tenant.admin(), tenant.sessionId(), id));
        assertEquals(1, fixture.adapter.calls.get());
    }

    @Test
    void approvalWhoseExecutionFailsIs502AndTheInvocationFailed() {
        UUID id = pendingWrite();
        fixture.adapter.behaviour = (request, token) -> {
            throw ActionException.upstream(500, "tracker answered 500", null);
        };
        EngineResponse response = engine.approve(tenant.admin(), tenant.sessionId(), id, null);

        assertResponse(502, "action_failed", response);
        assertEquals("failed", response.outcome().invocation().status());
        assertEquals("tracker answered 500", response.outcome().invocation().error());
        assertEquals(1, fixture.count("SELECT count(*) FROM action_events WHERE session_id = ? AND event_type = 'action_completed'"
                + " AND data->>'status' = 'failed'", tenant.sessionId()));
    }

    @Test
    void failingReadIs502() {
        fixture.adapter.behaviour = (request, token) -> {
            throw ActionException.notFound("no such thing");
        };
        assertResponse(502, "action_failed", invoke("get_thing", Map.of()));
    }

    @Test
    void denyDecidesWithoutRunning() {
        UUID id = pendingWrite();
        Views.Outcome outcome = engine.deny(tenant.admin(), tenant.sessionId(), id);

        assertEquals("denied", outcome.invocation().status());
        assertEquals(tenant.owner(), outcome.invocation().approvedBy());
        assertNotNull(outcome.invocation().completedAt());
        assertEquals(0, fixture.adapter.calls.get());
        assertTrue(fixture.audit.actions().contains("action.denied"));
        assertEquals(1, fixture.count("SELECT count(*) FROM action_events WHERE session_id = ? AND event_type = 'action_approval_result'"
                + " AND data->>'status' = 'denied'", tenant.sessionId()));
    }

    @Test
    void denyingAnExpiredInvocationIs410() {
        UUID id = pendingWrite();
        fixture.update("UPDATE action_invocations SET expires_at = now() - interval '1 second' WHERE id = ?", id);
        assertProblem(410, "invocation_expired", () -> engine.deny(tenant.admin(), tenant.sessionId(), id));
    }

    @Test
    void invalidParametersAre400WithTheField() {
        ApiProblem problem = assertProblem(400, "invalid_params", () -> invoke("create_thing", Map.of("priority", "high")));
        assertTrue(problem.errors().stream().anyMatch(e -> e.field().equals("params.title")));
        assertTrue(problem.errors().stream().anyMatch(e -> e.field().equals("params.priority")));
        assertEquals(0, fixture.count("SELECT count(*) FROM action_invocations WHERE session_id = ?", tenant.sessionId()));
    }

    @Test
    void unknownIntegrationOrActionIs404() {
        assertProblem(404, "integration_not_found", () -> engine.invoke(tenant.agent(), tenant.sessionId(),
                new ActionEngine.InvokeRequest("nope", "get_thing", Map.of()), null));
        assertProblem(404, "action_not_found", () -> invoke("nope", Map.of()));
    }

    @Test
    void adapterBadParamsIs400AndFailsTheInvocation() {
        fixture.adapter.behaviour = (request, token) -> {
            throw ActionException.badParam("title", "too long");
        };
        EngineResponse response = engine.invoke(tenant.agent(), tenant.sessionId(),
                new ActionEngine.InvokeRequest("tracker", "get_thing", Map.of()), null);
        assertResponse(400, "invalid_params", response);
        assertEquals("params.title", response.errors().get(0).field());
        assertEquals("failed", response.outcome().invocation().status());
    }

    @Test
    void idempotencyKeyReturnsTheFirstInvocationInsteadOfRepeatingTheSideEffect() {
        ActionEngine.InvokeRequest write = new ActionEngine.InvokeRequest("tracker", "create_thing", Map.of("title", "t"));
        fixture.update("INSERT INTO action_grants (id, organization_id, created_by, integration, action)"
                + " VALUES (?, ?, ?, '*', '*')", UUID.randomUUID(), tenant.org(), tenant.owner());
        String key = "run:123:" + ActionEngine.requestHash("tracker", "create_thing", Map.of("title", "t"));

        EngineResponse first = engine.invoke(tenant.agent(), tenant.sessionId(), write, key);
        EngineResponse retried = engine.invoke(tenant.agent(), tenant.sessionId(), write, key);

        assertEquals(200, first.status());
        assertEquals(200, retried.status());
        assertEquals(first.outcome().invocation().id(), retried.outcome().invocation().id());
        assertEquals(1, fixture.adapter.calls.get());
        assertEquals(key, fixture.adapter.requests.get(0).idempotencyKey());
        assertProblem(422, "idempotency_key_reused", () -> engine.invoke(tenant.agent(), tenant.sessionId(),
                new ActionEngine.InvokeRequest("tracker", "create_thing", Map.of("title", "other")), key));
    }

    @Test
    void writesWithoutAKeyPassTheInvocationIdAsIdempotencyKeyAndReadsNone() {
        invoke("get_thing", Map.of());
        UUID id = pendingWrite();
        engine.approve(tenant.admin(), tenant.sessionId(), id, null);
        assertNull(fixture.adapter.requests.get(0).idempotencyKey());
        assertEquals("invocation:" + id, fixture.adapter.requests.get(1).idempotencyKey());
    }

    @Test
    void storedParamsAreRedacted() {
        EngineResponse response = invoke("get_thing", Map.of("query", "q", "apiKey", "k", "nested", Map.of("password", "p")));
        Map<?, ?> params = (Map<?, ?>) response.outcome().invocation().params();
        assertEquals(Map.of("query", "q", "nested", Map.of()), params);
        assertFalse(((String) fixture.value("SELECT params::text FROM action_invocations WHERE id = ?",
                response.outcome().invocation().id())).contains("\"p\""));
    }
}
