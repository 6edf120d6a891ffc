package dev.switchboard.actions.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.actions.ActionStatus;
import dev.switchboard.actions.AvailableAction;
import dev.switchboard.actions.InvocationOutcome;
import dev.switchboard.foundation.internal.ActionsTestSchema;
import dev.switchboard.foundation.testing.TestDatabase;
import dev.switchboard.sessions.SessionRef;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Other bundles invoking actions for a session (one without a user) through the full policy. */
class ActionInvokerTest {

    @RegisterExtension
    static final TestDatabase DB = TestDatabase.create().withSchema(ActionsTestSchema::apply);

    private ActionsFixture fixture;
    private ActionEngine engine;
    private ActionInvokerService invoker;
    private ActionsFixture.Tenant tenant;
    private SessionRef skillSession;

    @BeforeEach
    void setUp() {
        fixture = new ActionsFixture(DB);
        engine = fixture.engine();
        invoker = new ActionInvokerService(engine, fixture.sessions, fixture.registry);
        tenant = fixture.tenant();
        skillSession = fixture.sessions.create(tenant.org(), null, "skill", "Skill on a message");
    }

    private InvocationOutcome invoke(String action, Map<String, Object> params, String key) {
        return invoker.invoke(tenant.org(), skillSession.id(), "tracker", action, params, key);
    }

    @Test
    void listsTheActionsOfTheSessionWithTheirRiskAndSchema() {
        List<AvailableAction> actions = invoker.available(tenant.org(), skillSession.id());

        assertEquals(List.of("get_thing", "create_thing", "other_write", "delete_everything"),
                actions.stream().map(AvailableAction::action).toList());
        AvailableAction create = actions.get(1);
        assertEquals("tracker", create.integration());
        assertEquals("write", create.riskLevel());
        assertEquals(ActionsFixture.WRITE_SCHEMA, create.paramsSchema());
        assertTrue(actions.get(2).paramsSchema().contains("\"object\""), "the SPI's default schema");
        assertTrue(invoker.available(fixture.organization(), skillSession.id()).isEmpty(), "scoped by organization");
    }

    @Test
    void aReadRunsAtOnceAndItsResultComesBack() {
        InvocationOutcome outcome = invoke("get_thing", Map.of(), null);

        assertEquals(ActionStatus.COMPLETED, outcome.status());
        assertEquals(Map.of("ok", true, "action", "get_thing"), outcome.result());
        assertEquals(1, fixture.adapter.calls.get());
        assertEquals(skillSession.id().toString(), fixture.adapter.requests.get(0).context().sessionId());
        assertTrue(fixture.sessionEventTypes(skillSession.id()).contains("action.completed"));
        assertEquals(outcome.result(), invoker.outcome(tenant.org(), outcome.invocationId()).orElseThrow().result());
    }

    @Test
    void aWriteWaitsForApprovalAndItsOutcomeIsReadLater() {
        InvocationOutcome pending = invoke("create_thing", Map.of("title", "t"), null);

        assertEquals(ActionStatus.PENDING, pending.status());
        assertTrue(pending.open());
        assertEquals(0, fixture.adapter.calls.get());
        assertTrue(fixture.sessionEventTypes(skillSession.id()).contains("action.approval_request"));
        assertEquals(ActionStatus.PENDING, invoker.outcome(tenant.org(), pending.invocationId()).orElseThrow().status());

        engine.approve(tenant.admin(), skillSession.id(), pending.invocationId(), null);

        InvocationOutcome decided = invoker.outcome(tenant.org(), pending.invocationId()).orElseThrow();
        assertEquals(ActionStatus.COMPLETED, decided.status());
        assertEquals("create_thing", decided.result().get("action"));
        assertEquals("t", fixture.adapter.requests.get(0).params().get("title"), "the sealed parameters ran");
        assertTrue(invoker.outcome(fixture.organization(), pending.invocationId()).isEmpty(), "scoped by organization");
    }

    @Test
    void aDeniedWriteSaysAPersonDeniedIt() {
        InvocationOutcome pending = invoke("create_thing", Map.of("title", "t"), null);

        engine.deny(tenant.admin(), skillSession.id(), pending.invocationId());

        InvocationOutcome denied = invoker.outcome(tenant.org(), pending.invocationId()).orElseThrow();
        assertEquals(ActionStatus.DENIED, denied.status());
        assertEquals("a person denied the action", denied.detail());
        assertEquals(0, fixture.adapter.calls.get());
    }

    @Test
    void aPendingWriteWhoseTimeRanOutIsExpired() {
        InvocationOutcome pending = invoke("create_thing", Map.of("title", "t"), null);
        fixture.update("UPDATE action_invocations SET expires_at = now() - interval '1 minute' WHERE id = ?",
                pending.invocationId());

        InvocationOutcome expired = invoker.outcome(tenant.org(), pending.invocationId()).orElseThrow();

        assertEquals(ActionStatus.EXPIRED, expired.status());
        assertEquals("invocation_expired", expired.code());
    }

    @Test
    void dangerIsDenied() {
        InvocationOutcome outcome = invoke("delete_everything", Map.of(), null);

        assertEquals(ActionStatus.DENIED, outcome.status());
        assertEquals("action_denied", outcome.code());
        assertEquals(0, fixture.adapter.calls.get());
        assertEquals("danger actions are denied by policy",
                invoker.outcome(tenant.org(), outcome.invocationId()).orElseThrow().detail());
    }

    @Test
    void anOrganizationGrantCoversAWriteAtOnce() {
        fixture.update("INSERT INTO action_grants (id, organization_id, created_by, session_id, integration, action)"
                + " VALUES (?, ?, ?, NULL, 'tracker', 'create_thing')", UUID.randomUUID(), tenant.org(), tenant.owner());

        InvocationOutcome outcome = invoke("create_thing", Map.of("title", "t"), null);

        assertEquals(ActionStatus.COMPLETED, outcome.status());
        assertEquals(1, fixture.adapter.calls.get());
    }

    @Test
    void requestsRefusedBeforeAnInvocationSayWhy() {
        InvocationOutcome invalid = invoke("create_thing", Map.of("priority", 1), null);
        assertTrue(invalid.refused());
        assertNull(invalid.status());
        assertEquals("invalid_params", invalid.code());

        assertEquals("action_not_found", invoke("nope", Map.of(), null).code());
        assertEquals("integration_not_found", invoker.invoke(tenant.org(), skillSession.id(), "elsewhere", "x",
                Map.of(), null).code());
        assertEquals("session_not_found", invoker.invoke(fixture.organization(), skillSession.id(), "tracker",
                "get_thing", Map.of(), null).code());
        assertEquals(0, fixture.adapter.calls.get());
    }

    @Test
    void aRepeatedKeyGetsTheFirstInvocationAndNoSecondCall() {
        InvocationOutcome first = invoke("create_thing", Map.of("title", "t"), "inbox:m1:1:0");
        InvocationOutcome again = invoke("create_thing", Map.of("title", "t"), "inbox:m1:1:0");

        assertEquals(first.invocationId(), again.invocationId());
        assertEquals(ActionStatus.PENDING, again.status());
        assertEquals(1L, fixture.count("SELECT count(*) FROM action_invocations WHERE session_id = ?", skillSession.id()));

        InvocationOutcome read = invoke("get_thing", Map.of(), "inbox:m1:1:1");
        InvocationOutcome readAgain = invoke("get_thing", Map.of(), "inbox:m1:1:1");
        assertEquals(read.invocationId(), readAgain.invocationId());
        assertEquals(ActionStatus.COMPLETED, readAgain.status());
        assertNotNull(readAgain.result());
        assertEquals(1, fixture.adapter.calls.get());
        assertFalse(readAgain.open());
    }
}
