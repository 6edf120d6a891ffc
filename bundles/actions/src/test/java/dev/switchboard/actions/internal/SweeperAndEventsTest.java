package dev.switchboard.actions.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.foundation.internal.ActionsTestSchema;
import dev.switchboard.foundation.internal.UnitOfWorkService;
import dev.switchboard.foundation.testing.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.ws.rs.core.GenericType;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.sse.OutboundSseEvent;
import javax.ws.rs.sse.Sse;
import javax.ws.rs.sse.SseBroadcaster;
import javax.ws.rs.sse.SseEventSink;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The sweeper, organization deletion and the persisted event streams. */
class SweeperAndEventsTest {

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

    private UUID pendingWrite() {
        return engine.invoke(tenant.agent(), tenant.sessionId(),
                new ActionEngine.InvokeRequest("tracker", "create_thing", Map.of("title", "t")), null).outcome().invocation().id();
    }

    @Test
    void sweepExpiresStalePendingInvocationsAndRemovesExpiredGrants() {
        UUID stale = pendingWrite();
        UUID fresh = pendingWrite();
        fixture.update("UPDATE action_invocations SET expires_at = now() - interval '1 second' WHERE id = ?", stale);
        UUID expiredGrant = UUID.randomUUID();
        UUID liveGrant = UUID.randomUUID();
        fixture.update("INSERT INTO action_grants (id, organization_id, created_by, integration, action, expires_at)"
                + " VALUES (?, ?, ?, '*', 'x', now() - interval '1 second')", expiredGrant, tenant.org(), tenant.owner());
        fixture.update("INSERT INTO action_grants (id, organization_id, created_by, integration, action)"
                + " VALUES (?, ?, ?, '*', 'x')", liveGrant, tenant.org(), tenant.owner());

        ActionEngine.Sweep sweep = engine.sweep();

        assertTrue(sweep.expired().stream().anyMatch(expired -> expired.id().equals(stale)));
        assertEquals("expired", fixture.status(stale));
        assertEquals("pending", fixture.status(fresh));
        assertEquals(0, fixture.count("SELECT count(*) FROM action_grants WHERE id = ?", expiredGrant));
        assertEquals(1, fixture.count("SELECT count(*) FROM action_grants WHERE id = ?", liveGrant));
        assertEquals(1, fixture.count("SELECT count(*) FROM action_events WHERE event_type = 'action_approval_result'"
                + " AND data->>'invocationId' = ?", stale.toString()));
    }

    @Test
    void sweepFailsInvocationsAStoppedNodeLeftApprovedOrExecuting() {
        UUID approved = pendingWrite();
        UUID executing = pendingWrite();
        UUID recent = pendingWrite();
        fixture.update("UPDATE action_invocations SET status = 'approved', approved_at = now() - interval '10 minutes'"
                + " WHERE id = ?", approved);
        fixture.update("UPDATE action_invocations SET status = 'executing', approved_at = now() - interval '10 minutes'"
                + " WHERE id = ?", executing);
        fixture.update("UPDATE action_invocations SET status = 'executing', approved_at = now() WHERE id = ?", recent);

        engine.sweep();

        assertEquals("failed", fixture.status(approved));
        assertEquals("failed", fixture.status(executing));
        assertEquals("executing", fixture.status(recent), "a call still within its time is left alone");
        assertEquals(1, fixture.count("SELECT count(*) FROM action_invocations WHERE id = ? AND error LIKE"
                + " '%stopped before the action ran%'", approved));
        assertEquals(0, fixture.adapter.calls.get(), "nothing is run again");
    }

    @Test
    void listenersAreToldOfEveryDecisionAfterItCommitted() {
        List<String> told = new java.util.concurrent.CopyOnWriteArrayList<>();
        // what the listener reads is what was committed: it runs after the commit
        dev.switchboard.actions.InvocationListener listener = (organizationId, invocationId, status) ->
                told.add(organizationId.equals(tenant.org()) ? invocationId + " " + status.wireName() + " "
                        + fixture.status(invocationId) : "another organization");
        engine.addListener(listener);
        UUID denied = pendingWrite();
        UUID approved = pendingWrite();
        UUID stale = pendingWrite();
        UUID abandoned = pendingWrite();
        UUID waiting = pendingWrite();
        assertEquals(List.of(), told, "a pending invocation is not decided");

        engine.deny(tenant.admin(), tenant.sessionId(), denied);
        engine.approve(tenant.admin(), tenant.sessionId(), approved, null);
        fixture.update("UPDATE action_invocations SET expires_at = now() - interval '1 second' WHERE id = ?", stale);
        fixture.update("UPDATE action_invocations SET status = 'executing', approved_at = now() - interval '10 minutes'"
                + " WHERE id = ?", abandoned);
        engine.sweep();

        assertEquals(List.of(denied + " denied denied", approved + " completed completed", stale + " expired expired",
                abandoned + " failed failed"), told);
        engine.removeListener(listener);
        engine.deny(tenant.admin(), tenant.sessionId(), waiting);
        assertEquals(4, told.size(), "a removed listener is not told");
    }

    @Test
    void retentionClearsTheResultsOfInvocationsThatEndedLongAgoAndKeepsTheInvocations() {
        UUID old = pendingWrite();
        UUID recent = pendingWrite();
        fixture.update("UPDATE action_invocations SET status = 'completed', result = '{\"ok\":true}',"
                + " completed_at = now() - interval '31 days' WHERE id = ?", old);
        fixture.update("UPDATE action_invocations SET status = 'completed', result = '{\"ok\":true}',"
                + " completed_at = now() - interval '29 days' WHERE id = ?", recent);
        InvocationResultRetention retention = new InvocationResultRetention(fixture.store, java.time.Duration.ofDays(30),
                java.time.Clock.systemUTC());

        assertEquals(1, retention.prune());
        assertEquals(0, fixture.count("SELECT count(*) FROM action_invocations WHERE id = ? AND result IS NOT NULL", old));
        assertEquals("completed", fixture.status(old), "the invocation stays");
        assertEquals(1, fixture.count("SELECT count(*) FROM action_invocations WHERE id = ? AND result IS NOT NULL", recent));
        assertEquals(0, retention.prune());
    }

    @Test
    void organizationDeletionRemovesEveryActionsRow() {
        pendingWrite();
        engine.requestGrant(tenant.agent(), tenant.sessionId(), new ActionEngine.GrantRequest("*", "*", null, null, null));
        UnitOfWorkService unitOfWork = new UnitOfWorkService(DB.dataSource());
        unitOfWork.run(tx -> new ActionsOrganizationDeletion(fixture.store).deleteOrganizationData(tx, tenant.org()));

        for (String table : List.of("action_invocations", "action_grants", "action_events", "action_rate_windows")) {
            assertEquals(0, fixture.count("SELECT count(*) FROM " + table + " WHERE organization_id = ?", tenant.org()), table);
        }
    }

    @Test
    void sessionStreamSendsNewEventsWithIncreasingIdsAndResumesAfterLastEventId() {
        ActionEventStreams streams = new ActionEventStreams(engine.events(), Clock.systemUTC(), false);
        FakeSink sink = new FakeSink();
        streams.open(tenant.org(), tenant.sessionId(), null, sink, new FakeSse());
        UUID first = pendingWrite();
        engine.deny(tenant.admin(), tenant.sessionId(), first);
        pendingWrite();
        streams.tick();

        assertEquals(List.of("action_approval_request", "action_approval_result", "action_approval_request"),
                sink.events.stream().map(OutboundSseEvent::getName).toList());
        List<Long> ids = sink.events.stream().map(event -> Long.parseLong(event.getId())).toList();
        assertTrue(ids.get(0) < ids.get(1) && ids.get(1) < ids.get(2));

        FakeSink resumed = new FakeSink();
        streams.open(tenant.org(), tenant.sessionId(), Long.toString(ids.get(0)), resumed, new FakeSse());
        assertEquals(2, resumed.events.size());
        assertEquals(ids.get(1).toString(), resumed.events.get(0).getId());
    }

    @Test
    void actionEventsAppearInTheSessionsOwnEventLogInOrder() {
        UUID first = pendingWrite();
        engine.deny(tenant.admin(), tenant.sessionId(), first);
        assertEquals(List.of("action.approval_request", "action.approval_result"), fixture.sessionEventTypes(tenant.sessionId()));
    }

    @Test
    void organizationStreamSeesEverySessionButNotOtherOrganizations() {
        ActionEventStreams streams = new ActionEventStreams(engine.events(), Clock.systemUTC(), false);
        FakeSink sink = new FakeSink();
        streams.open(tenant.org(), null, "0", sink, new FakeSse());
        ActionsFixture.Tenant other = fixture.tenant();
        engine.invoke(other.agent(), other.sessionId(),
                new ActionEngine.InvokeRequest("tracker", "create_thing", Map.of("title", "t")), null);
        pendingWrite();
        ActionsFixture.Tenant sibling = new ActionsFixture.Tenant(tenant.org(), tenant.owner(),
                fixture.sessions.create(tenant.org(), tenant.owner(), "coding", null));
        engine.invoke(sibling.agent(), sibling.sessionId(),
                new ActionEngine.InvokeRequest("tracker", "create_thing", Map.of("title", "t")), null);
        streams.tick();
        assertEquals(2, sink.events.size());
    }

    @Test
    void quietStreamGetsAHeartbeatAndClosedStreamsAreDropped() {
        MutableClock clock = new MutableClock();
        ActionEventStreams streams = new ActionEventStreams(engine.events(), clock, false);
        FakeSink sink = new FakeSink();
        streams.open(tenant.org(), tenant.sessionId(), null, sink, new FakeSse());
        streams.tick();
        assertEquals(0, sink.events.size());
        clock.now = clock.now.plus(Duration.ofSeconds(15));
        streams.tick();
        assertEquals("heartbeat", sink.events.get(0).getComment());
        sink.closed = true;
        streams.tick();
        assertEquals(0, streams.openStreams());
    }

    static final class MutableClock extends Clock {
        volatile Instant now = Instant.now();

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    static final class FakeSink implements SseEventSink {
        final List<OutboundSseEvent> events = new CopyOnWriteArrayList<>();
        volatile boolean closed;

        @Override
        public boolean isClosed() {
            return closed;
        }

        @Override
        public CompletionStage<?> send(OutboundSseEvent event) {
            events.add(event);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    static final class FakeSse implements Sse {
        @Override
        public OutboundSseEvent.Builder newEventBuilder() {
            return new Builder();
        }

        @Override
        public SseBroadcaster newBroadcaster() {
            throw new UnsupportedOperationException();
        }
    }

    record Event(String getId, String getName, String getComment, Object getData) implements OutboundSseEvent {
        @Override
        public Class<?> getType() {
            return String.class;
        }

        @Override
        public java.lang.reflect.Type getGenericType() {
            return String.class;
        }

        @Override
        public MediaType getMediaType() {
            return MediaType.APPLICATION_JSON_TYPE;
        }

        @Override
        public long getReconnectDelay() {
            return -1;
        }

        @Override
        public boolean isReconnectDelaySet() {
            return false;
        }
    }

    static final class Builder implements OutboundSseEvent.Builder {
        private String id;
        private String name;
        private String comment;
        private Object data;

        @Override
        public OutboundSseEvent.Builder id(String value) {
            id = value;
            return this;
        }

        @Override
        public OutboundSseEvent.Builder name(String value) {
            name = value;
            return this;
        }

        @Override
        public OutboundSseEvent.Builder reconnectDelay(long milliseconds) {
            return this;
        }

        @Override
        public OutboundSseEvent.Builder mediaType(MediaType mediaType) {
            return this;
        }

        @Override
        public OutboundSseEvent.Builder comment(String value) {
            comment = value;
            return this;
        }

        @Override
        public OutboundSseEvent.Builder data(Class type, Object value) {
            data = value;
            return this;
        }

        @Override
        public OutboundSseEvent.Builder data(GenericType type, Object value) {
            data = value;
            return this;
        }

        @Override
        public OutboundSseEvent.Builder data(Object value) {
            data = value;
            return this;
        }

        @Override
        public OutboundSseEvent build() {
            return new Event(id, name, comment, data);
        }
    }
}
