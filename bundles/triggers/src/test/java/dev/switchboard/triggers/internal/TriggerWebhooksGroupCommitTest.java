package dev.switchboard.triggers.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.foundation.internal.TriggersTestSchema;
import dev.switchboard.foundation.testing.TestDatabase;
import dev.switchboard.integrations.WebhookReply;
import dev.switchboard.rest.ApiProblem;
import dev.switchboard.spi.WebhookRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Per-trigger deliveries recorded in one shared transaction: every slot of the webhooks' {@link GroupCommit} is
 * held by a caller waiting on a latch until the deliveries are queued, so they form one batch.
 */
class TriggerWebhooksGroupCommitTest {

    @RegisterExtension
    static final TestDatabase DB = TestDatabase.create().withSchema(TriggersTestSchema::apply);

    private static final String SECRET = "0123456789abcdef0123456789abcdef";
    private static final String OTHER_SECRET = "fedcba9876543210fedcba9876543210";

    private final ExecutorService callers = Executors.newCachedThreadPool();
    private final CountDownLatch release = new CountDownLatch(1);
    private TriggersFixture fx;
    private UUID org;
    private Rows.TriggerRow trigger;
    private Rows.TriggerRow other;

    @BeforeEach
    void setUp() throws Exception {
        fx = new TriggersFixture(DB);
        org = fx.organization();
        UUID automation = fx.automation(org, true);
        trigger = fx.trigger(org, automation, "custom", "webhook", "{}", SECRET, null, true);
        other = fx.trigger(org, automation, "custom", "webhook", "{}", OTHER_SECRET, null, true);
    }

    @AfterEach
    void tearDown() {
        release.countDown();
        callers.shutdownNow();
    }

    /**
     * Holds every slot until {@link #release} opens: deliveries to another organization's trigger, each alone in
     * its transaction, held by the hand-off.
     */
    private void occupySlots() throws Exception {
        UUID holders = fx.organization();
        Rows.TriggerRow holder = fx.trigger(holders, fx.automation(holders, true), "custom", "webhook", "{}", SECRET,
                null, true);
        fx.handoff.holdUntil = release;
        fx.handoff.holdOrganization = holders;
        for (int i = 1; i <= TriggerWebhooks.SHARED_TRANSACTIONS; i++) {
            deliver(holder.webhookPath(), TriggersFixture.signed("{\"holder\":" + i + "}", SECRET, Map.of()));
            int held = i;
            await().atMost(Duration.ofSeconds(10)).until(() -> fx.handoff.holding.get() == held);
        }
    }

    private Future<WebhookReply> deliver(String path, WebhookRequest request) {
        return callers.submit(() -> fx.webhooks.perTrigger(path, request));
    }

    private Future<WebhookReply> deliver(String body) {
        return deliver(trigger.webhookPath(), TriggersFixture.signed(body, SECRET, Map.of()));
    }

    private List<Object> answers(List<Future<WebhookReply>> deliveries) throws Exception {
        List<Object> answers = new ArrayList<>();
        for (Future<WebhookReply> delivery : deliveries) {
            try {
                answers.add(delivery.get(10, TimeUnit.SECONDS).body());
            } catch (ExecutionException e) {
                answers.add(assertInstanceOf(ApiProblem.class, e.getCause()).status() + " "
                        + ((ApiProblem) e.getCause()).code());
            }
        }
        return answers;
    }

    private void releaseWhenQueued(int deliveries) {
        await().atMost(Duration.ofSeconds(10)).until(() -> fx.webhooks.commits.queued() == deliveries);
        release.countDown();
    }

    private long count(String table, String column) {
        return fx.count("SELECT count(*) FROM " + table + " WHERE " + column + " = '" + org + "'");
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS), "latch");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> recorded() {
        return Map.of("events", 1, "runs", 1, "skipped", 0, "duplicate", false);
    }

    @Test
    void rejectionsAndDuplicatesInASharedTransactionDoNotDisturbTheOthers() throws Exception {
        occupySlots();
        List<Future<WebhookReply>> deliveries = new ArrayList<>();
        deliveries.add(deliver("{\"n\":1}"));
        deliveries.add(deliver(trigger.webhookPath(), TriggersFixture.signed("{\"n\":2}", "not-the-secret", Map.of())));
        deliveries.add(deliver("{\"n\":3}"));
        deliveries.add(deliver("t_000000000000000000000000", TriggersFixture.signed("{\"n\":4}", SECRET, Map.of())));
        deliveries.add(deliver("{\"n\":"));
        deliveries.add(deliver("{\"n\":3}"));
        deliveries.add(deliver("{\"n\":7}"));
        // another trigger's delivery in the same transaction is verified with that trigger's own secret
        deliveries.add(deliver(other.webhookPath(), TriggersFixture.signed("{\"n\":8}", OTHER_SECRET, Map.of())));
        deliveries.add(deliver(other.webhookPath(), TriggersFixture.signed("{\"n\":9}", SECRET, Map.of())));
        releaseWhenQueued(9);

        List<Object> answers = answers(deliveries);
        assertEquals(recorded(), answers.get(0));
        assertEquals("401 signature_invalid", answers.get(1));
        assertEquals("404 trigger_not_found", answers.get(3));
        assertEquals("400 payload_invalid", answers.get(4));
        assertEquals(recorded(), answers.get(6));
        // the same body twice in one transaction: one is recorded, the other is its duplicate
        assertEquals(Set.of(recorded(), Map.of("events", 0, "runs", 0, "skipped", 0, "duplicate", true)),
                new HashSet<>(List.of(answers.get(2), answers.get(5))));
        assertEquals(recorded(), answers.get(7));
        assertEquals("401 signature_invalid", answers.get(8));
        assertArrayEquals(new long[] {1, 9, 0}, fx.webhooks.commits.shared(), "one transaction for the nine");
        assertEquals(3, fx.count("SELECT count(*) FROM trigger_events WHERE trigger_id = '" + trigger.id() + "'"));
        assertEquals(1, fx.count("SELECT count(*) FROM trigger_events WHERE trigger_id = '" + other.id() + "'"));
        assertEquals(4, count("automation_runs", "organization_id"));
        assertEquals(4, fx.count("SELECT count(*) FROM outbox WHERE organization_id = '" + org
                + "' AND kind = 'enqueue_enrich'"));
    }

    @Test
    void deliveriesOfSeveralTriggersAndAutomationsInOneTransactionEachGetTheirOwnOutcome() throws Exception {
        Rows.TriggerRow paused = fx.trigger(org, fx.automation(org, false), "custom", "webhook", "{}", SECRET, null, true);
        Rows.TriggerRow off = fx.trigger(org, fx.automation(org, true), "custom", "webhook", "{}", SECRET, null, false);
        occupySlots();
        List<Future<WebhookReply>> deliveries = new ArrayList<>();
        deliveries.add(deliver(paused.webhookPath(), TriggersFixture.signed("{\"n\":1}", SECRET, Map.of())));
        deliveries.add(deliver("{\"n\":2}"));
        deliveries.add(deliver(off.webhookPath(), TriggersFixture.signed("{\"n\":3}", SECRET, Map.of())));
        deliveries.add(deliver(paused.webhookPath(), TriggersFixture.signed("{\"n\":1}", SECRET, Map.of())));
        deliveries.add(deliver("{\"n\":5}"));
        releaseWhenQueued(5);

        List<Object> answers = answers(deliveries);
        Map<String, Object> skipped = Map.of("events", 1, "runs", 0, "skipped", 1, "duplicate", false);
        Map<String, Object> duplicate = Map.of("events", 0, "runs", 0, "skipped", 0, "duplicate", true);
        assertEquals(Set.of(skipped, duplicate), new HashSet<>(List.of(answers.get(0), answers.get(3))),
                "the paused automation's event is recorded skipped once");
        assertEquals(recorded(), answers.get(1));
        assertEquals(Map.of("events", 0, "runs", 0, "skipped", 0, "duplicate", false, "disabled", true), answers.get(2));
        assertEquals(recorded(), answers.get(4));
        assertArrayEquals(new long[] {1, 5, 0}, fx.webhooks.commits.shared(), "one transaction for the five");
        assertEquals("automation_disabled", DB.queryValue("SELECT skip_reason FROM trigger_events WHERE trigger_id = '"
                + paused.id() + "'"));
        assertEquals(0, fx.count("SELECT count(*) FROM trigger_events WHERE trigger_id = '" + off.id() + "'"));
        assertEquals(2, count("automation_runs", "organization_id"));
        assertEquals(2, fx.count("SELECT count(*) FROM outbox WHERE organization_id = '" + org
                + "' AND kind = 'enqueue_enrich'"));
    }

    @Test
    void aDeliveryThatFailsInTheSharedTransactionIsRecordedAloneAndTheOthersToo() throws Exception {
        occupySlots();
        fx.handoff.failuresLeft.set(1);     // the first run created in the shared transaction fails
        List<Future<WebhookReply>> deliveries = new ArrayList<>();
        for (int n = 0; n < 4; n++) {
            deliveries.add(deliver("{\"n\":" + n + "}"));
        }
        releaseWhenQueued(4);

        for (Object answer : answers(deliveries)) {
            assertEquals(recorded(), answer, "each recorded on its own, with its run");
        }
        assertArrayEquals(new long[] {0, 0, 1}, fx.webhooks.commits.shared());
        assertEquals(4, count("trigger_events", "organization_id"));
        assertEquals(4, count("automation_runs", "organization_id"));
        assertEquals(4, fx.count("SELECT count(*) FROM trigger_events WHERE organization_id = '" + org
                + "' AND run_id IS NOT NULL AND error_message IS NULL"));
    }
}
