package dev.switchboard.runs.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.foundation.internal.PgNotifications;
import dev.switchboard.foundation.internal.RunsTestSchema;
import dev.switchboard.foundation.internal.UnitOfWorkService;
import dev.switchboard.foundation.testing.TestDatabase;
import dev.switchboard.runs.Automation;
import dev.switchboard.runs.NewRun;
import dev.switchboard.runs.OutboxHandler;
import dev.switchboard.runs.OutboxItem;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OutboxDispatcherTest {

    @RegisterExtension
    static final TestDatabase DB = TestDatabase.create().withSchema(RunsTestSchema::apply);

    private UnitOfWorkService unitOfWork;
    private RunsStore store;
    private RunsService runs;
    private UUID org;

    @BeforeEach
    void setUp() {
        unitOfWork = new UnitOfWorkService(DB.dataSource());
        store = new RunsStore(unitOfWork);
        runs = new RunsService(store);
        DB.execute("DELETE FROM outbox");
        org = UUID.randomUUID();
        DB.execute("INSERT INTO organizations (id, name, slug) VALUES ('" + org + "', 'Org', 'org-" + org + "')");
    }

    private UUID automation() {
        UUID id = UUID.randomUUID();
        unitOfWork.run(tx -> store.automations(tx).insert(AutomationRow.of(new Automation(id, org, "A", "", true, "", null, null, null, null, null, null, java.util.Map.of(), false, java.util.List.of(), 3600))));
        return id;
    }

    private void runs(int count) {
        UUID automation = automation();
        for (int i = 0; i < count; i++) {
            unitOfWork.run(tx -> runs.createRun(tx, NewRun.forTriggerEvent(org, automation, null, UUID.randomUUID())));
        }
    }

    private long count(String where) {
        return ((Number) DB.queryValue("SELECT count(*) FROM outbox WHERE " + where)).longValue();
    }

    /** Counts each row it is handed; throws for the first {@code failures} calls. */
    static final class Counting implements OutboxHandler {
        final Map<UUID, AtomicInteger> calls = new ConcurrentHashMap<>();
        final AtomicInteger failures = new AtomicInteger();

        @Override
        public String kind() {
            return "enqueue_enrich";
        }

        @Override
        public void handle(OutboxItem item) {
            calls.computeIfAbsent(item.id(), id -> new AtomicInteger()).incrementAndGet();
            if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new IllegalStateException("enrichment unavailable");
            }
            if (!item.payload().containsKey("runId")) {
                throw new IllegalStateException("no run id");
            }
        }
    }

    @Test
    void twoDispatchersHandEachRowToExactlyOneHandlerCall() throws Exception {
        runs(240);
        Counting handler = new Counting();
        OutboxDispatcher first = new OutboxDispatcher(store, Clock.systemUTC());
        OutboxDispatcher second = new OutboxDispatcher(store, Clock.systemUTC());
        first.addHandler(handler);
        second.addHandler(handler);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            // with the rounds each dispatcher started when its handler arrived, four drain at once
            Future<Integer> a = pool.submit(first::drain);
            Future<Integer> b = pool.submit(second::drain);
            a.get();
            b.get();
            await().atMost(Duration.ofSeconds(10)).until(() -> count("status = 'dispatched'") == 240);
        } finally {
            pool.shutdownNow();
            first.close();
            second.close();
        }
        assertEquals(240, handler.calls.size());
        assertTrue(handler.calls.values().stream().allMatch(calls -> calls.get() == 1));
        assertEquals(240, count("status = 'dispatched'"));
    }

    @Test
    void aFailingRowBacksOffAndFailsAfterFiveAttempts() throws Exception {
        runs(1);
        Counting handler = new Counting();
        handler.failures.set(100);
        OutboxDispatcher dispatcher = new OutboxDispatcher(store, Clock.systemUTC());
        dispatcher.addHandler(handler);
        for (int attempt = 1; attempt <= OutboxDispatcher.MAX_ATTEMPTS; attempt++) {
            dispatcher.drain();
            if (attempt < OutboxDispatcher.MAX_ATTEMPTS) {
                assertEquals(1, count("status = 'pending' AND available_at > now() + interval '25 seconds'"
                        + " AND last_error LIKE 'IllegalStateException: enrichment unavailable'"), "attempt " + attempt);
                assertEquals(0, dispatcher.drain(), "not due yet");
                DB.execute("UPDATE outbox SET available_at = now()");
            }
        }
        assertEquals(1, count("status = 'failed' AND attempts = 5"));
        dispatcher.close();
        assertEquals(Duration.ofSeconds(60), OutboxDispatcher.backoff(1));
        assertEquals(Duration.ofMinutes(5), OutboxDispatcher.backoff(4));
    }

    @Test
    void rowsWithoutAHandlerWaitAndStuckRowsGoBackToPending() throws Exception {
        runs(2);
        OutboxDispatcher dispatcher = new OutboxDispatcher(store, Clock.systemUTC());
        assertEquals(0, dispatcher.drain());
        assertEquals(2, count("status = 'pending' AND attempts = 0"));
        DB.execute("UPDATE outbox SET status = 'processing', claimed_at = now() - interval '6 minutes'");
        assertEquals(2, dispatcher.resetStuck());
        assertEquals(2, count("status = 'pending'"));
        dispatcher.close();
    }

    @Test
    void aStaleClaimCannotRecordTheOutcomeOfARowSomeoneElseReclaimed() throws Exception {
        OutboxDispatcher first = new OutboxDispatcher(store, Clock.systemUTC(), NodeIdentity.of("node-a"));
        java.util.concurrent.CountDownLatch reclaimed = new java.util.concurrent.CountDownLatch(1);
        AtomicInteger secondCalls = new AtomicInteger();
        OutboxDispatcher second = new OutboxDispatcher(store, Clock.systemUTC(), NodeIdentity.of("node-b"));
        second.addHandler(handler(item -> secondCalls.incrementAndGet()));
        first.addHandler(handler(item -> {
            // while the first handler runs long, the row is reset as stuck and node-b claims and dispatches it
            DB.execute("UPDATE outbox SET status = 'pending', claimed_at = NULL");
            second.drain();
            reclaimed.countDown();
            throw new IllegalStateException("the first attempt fails late");
        }));
        Thread.sleep(300); // the wake-ups of adding handlers find nothing yet
        runs(1);
        first.drain();
        assertEquals(0, reclaimed.getCount());
        assertEquals(1, secondCalls.get());
        assertEquals(1, count("status = 'dispatched'"), "node-b's outcome stands; the stale failure changed nothing");
        first.close();
        second.close();
    }

    @Test
    void aRestartedNodeTakesBackTheRowsItWasDispatchingAndLeavesOtherNodesRows() throws Exception {
        runs(3);
        NodeIdentity nodeA = NodeIdentity.of("node-a");
        DB.execute("UPDATE outbox SET status = 'processing', claimed_at = now(), claimed_by = 'node-a#1234-1'"
                + " WHERE id IN (SELECT id FROM outbox ORDER BY id LIMIT 1)");
        DB.execute("UPDATE outbox SET status = 'processing', claimed_at = now(), claimed_by = '" + nodeA.holder() + "'"
                + " WHERE id IN (SELECT id FROM outbox WHERE status = 'pending' ORDER BY id LIMIT 1)");
        DB.execute("UPDATE outbox SET status = 'processing', claimed_at = now(), claimed_by = 'node-b#99-1'"
                + " WHERE status = 'pending'");
        OutboxDispatcher restarted = new OutboxDispatcher(store, Clock.systemUTC(), nodeA);
        assertEquals(1, restarted.recoverOwn(), "only what an earlier run of node-a left");
        assertEquals(1, count("status = 'pending'"));
        assertEquals(1, count("status = 'processing' AND claimed_by = '" + nodeA.holder() + "'"),
                "this JVM's own claim (a re-created dispatcher) is still being worked on");
        assertEquals(1, count("status = 'processing' AND claimed_by = 'node-b#99-1'"), "another node's row is its own business");
        restarted.close();
    }

    @Test
    void otherBundlesEnqueueRowsOfTheirOwnKindsInTheirTransaction() throws Exception {
        List<OutboxItem> handled = new CopyOnWriteArrayList<>();
        OutboxDispatcher dispatcher = new OutboxDispatcher(store, Clock.systemUTC());
        dispatcher.addHandler(new OutboxHandler() {
            @Override
            public String kind() {
                return "match_message";
            }

            @Override
            public void handle(OutboxItem item) {
                handled.add(item);
            }
        });
        UUID id = unitOfWork.inTransaction(tx -> runs.enqueue(tx, org, "match_message", Map.of("messageId", "m-1")));
        assertThrows(IllegalStateException.class, () -> unitOfWork.run(tx -> {
            runs.enqueue(tx, org, "match_message", Map.of("messageId", "rolled back"));
            throw new IllegalStateException("the caller's transaction fails");
        }));
        assertThrows(IllegalArgumentException.class, () -> unitOfWork.run(tx -> runs.enqueue(tx, org, "Bad Kind", Map.of())));
        dispatcher.drain();
        assertEquals(1, handled.size());
        assertEquals(id, handled.get(0).id());
        assertEquals("m-1", handled.get(0).payload().get("messageId"));
        dispatcher.close();
    }

    @Test
    void anInsertedRowIsDispatchedThroughItsNotificationWithoutWaitingForThePoll() throws Exception {
        PgNotifications notifications = new PgNotifications(DB.dataSource());
        List<Long> latencies = new CopyOnWriteArrayList<>();
        Counting handler = new Counting();
        OutboxDispatcher dispatcher = new OutboxDispatcher(store, notifications, java.util.Map.of());
        try {
            dispatcher.addHandler(handler);
            // the listener connection has run its LISTEN (and sits idle waiting for notifications)
            await().atMost(Duration.ofSeconds(10)).until(() -> ((Number) DB.queryValue("SELECT count(*) FROM"
                    + " pg_stat_activity WHERE datname = current_database() AND state = 'idle'"
                    + " AND query LIKE 'LISTEN %'")).longValue() > 0);
            long started = System.nanoTime();
            runs(1);
            await().atMost(Duration.ofSeconds(2)).until(() -> handler.calls.size() == 1);
            latencies.add((System.nanoTime() - started) / 1_000_000);
            assertEquals(1, count("status = 'dispatched'"));
            assertTrue(latencies.get(0) < 1500, "woken by the notification, not a 2 s poll: " + latencies + " ms");
        } finally {
            dispatcher.close();
            notifications.close();
        }
    }

    private static OutboxHandler handler(java.util.function.Consumer<OutboxItem> body) {
        return new OutboxHandler() {
            @Override
            public String kind() {
                return dev.switchboard.runs.RunHandoff.ENQUEUE_ENRICH;
            }

            @Override
            public void handle(OutboxItem item) {
                body.accept(item);
            }
        };
    }
}
