package dev.switchboard.triggers.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.foundation.internal.TriggersTestSchema;
import dev.switchboard.foundation.testing.TestDatabase;
import dev.switchboard.integrations.Integration;
import dev.switchboard.integrations.WebhookReply;
import dev.switchboard.rest.ApiProblem;
import dev.switchboard.spi.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TriggerWebhooksTest {

    @RegisterExtension
    static final TestDatabase DB = TestDatabase.create().withSchema(TriggersTestSchema::apply);

    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    private TriggersFixture fx;
    private UUID org;
    private UUID automation;
    private Rows.TriggerRow trigger;

    @BeforeEach
    void setUp() throws Exception {
        fx = new TriggersFixture(DB);
        org = fx.organization();
        automation = fx.automation(org, true);
        trigger = fx.trigger(org, automation, "custom", "webhook", "{}", SECRET, null, true);
    }

    private WebhookReply post(String body) {
        return fx.webhooks.perTrigger(trigger.webhookPath(), TriggersFixture.signed(body, SECRET, Map.of()));
    }

    private long events() {
        return fx.count("SELECT count(*) FROM trigger_events WHERE trigger_id = '" + trigger.id() + "'");
    }

    private long runs() {
        return fx.count("SELECT count(*) FROM automation_runs WHERE organization_id = '" + org + "'");
    }

    private long outbox() {
        return fx.count("SELECT count(*) FROM outbox WHERE organization_id = '" + org + "' AND kind = 'enqueue_enrich'");
    }

    @Test
    void aSignedDeliveryRecordsOneEventWithItsRunAndOutboxEntry() {
        WebhookReply reply = post("{\"title\":\"Deploy failed\",\"env\":\"prod\"}");

        assertEquals(200, reply.status());
        assertEquals(Map.of("events", 1, "runs", 1, "skipped", 0, "duplicate", false), reply.body());
        assertEquals(1, events());
        assertEquals(1, runs());
        assertEquals(1, outbox());
        assertEquals("queued", DB.queryValue("SELECT status FROM trigger_events WHERE trigger_id = '" + trigger.id() + "'"));
        assertEquals("Deploy failed", DB.queryValue("SELECT parsed_context->>'title' FROM trigger_events"
                + " WHERE trigger_id = '" + trigger.id() + "'"));
        assertEquals(DB.queryValue("SELECT id::text FROM automation_runs WHERE organization_id = '" + org + "'"),
                DB.queryValue("SELECT run_id::text FROM trigger_events WHERE trigger_id = '" + trigger.id() + "'"));
    }

    @Test
    void aNulCharacterInThePayloadIsStoredAsTheReplacementCharacter() {
        // PostgreSQL's jsonb cannot hold U+0000; a literal backslash-u0000 text is not a NUL and stays as it is
        WebhookReply reply = post("{\"title\":\"core\\u0000dump\",\"k\\u0000\":1,\"path\":\"C:\\\\u0000\"}");

        assertEquals(Map.of("events", 1, "runs", 1, "skipped", 0, "duplicate", false), reply.body());
        String where = " FROM trigger_events WHERE trigger_id = '" + trigger.id() + "'";
        assertEquals("core\ufffddump", DB.queryValue("SELECT raw_payload->>'title'" + where));
        assertEquals("1", DB.queryValue("SELECT raw_payload->>'k\ufffd'" + where));
        assertEquals("C:\\u0000", DB.queryValue("SELECT raw_payload->>'path'" + where));
        assertEquals(1, runs());
    }

    @Test
    void aRedeliveryWithinFiveMinutesIsADuplicateAndLaterItFiresAgain() {
        post("{\"n\":1}");
        fx.clock.advance(Duration.ofMinutes(4));
        WebhookReply again = post("{\"n\":1}");
        assertEquals(true, again.body().get("duplicate"));
        assertEquals(0, again.body().get("events"));
        assertEquals(1, events());

        fx.clock.advance(Duration.ofMinutes(2));
        assertEquals(1, post("{\"n\":1}").body().get("runs"));
        assertEquals(2, events());
        assertEquals(2, runs());
    }

    @Test
    void theCallersIdempotencyKeyDeduplicatesDifferentBodies() {
        Map<String, List<String>> key = Map.of("Idempotency-Key", List.of("order-42"));
        fx.webhooks.perTrigger(trigger.webhookPath(), TriggersFixture.signed("{\"try\":1}", SECRET, key));
        fx.clock.advance(Duration.ofHours(1));
        WebhookReply retry = fx.webhooks.perTrigger(trigger.webhookPath(), TriggersFixture.signed("{\"try\":2}", SECRET, key));
        assertEquals(true, retry.body().get("duplicate"));
        assertEquals(1, runs());
    }

    @Test
    void badSignaturesUnsignedAndMalformedDeliveriesStoreNothing() {
        WebhookRequest wrongSecret = TriggersFixture.signed("{}", "another-secret-another-secret-xx", Map.of());
        ApiProblem forged = assertThrows(ApiProblem.class, () -> fx.webhooks.perTrigger(trigger.webhookPath(), wrongSecret));
        assertEquals(401, forged.status());
        assertEquals("signature_invalid", forged.code());

        WebhookRequest unsigned = new WebhookRequest("{}".getBytes(StandardCharsets.UTF_8), Map.of(), "/t", Map.of());
        assertEquals(401, assertThrows(ApiProblem.class, () -> fx.webhooks.perTrigger(trigger.webhookPath(), unsigned)).status());

        ApiProblem malformed = assertThrows(ApiProblem.class, () -> post("{not json"));
        assertEquals(400, malformed.status());
        assertEquals("payload_invalid", malformed.code());
        assertFalse(malformed.getMessage().contains("not json"));

        assertEquals(404, assertThrows(ApiProblem.class, () -> fx.webhooks.perTrigger("t_000000000000000000000000",
                TriggersFixture.signed("{}", SECRET, Map.of()))).status());
        assertEquals(404, assertThrows(ApiProblem.class, () -> fx.webhooks.perTrigger("../etc",
                TriggersFixture.signed("{}", SECRET, Map.of()))).status());
        assertEquals(0, events());
        assertEquals(0, runs());
    }

    @Test
    void bearerTokenAndStandardWebhooksSignaturesAreAccepted() {
        WebhookRequest bearer = new WebhookRequest("{\"a\":1}".getBytes(StandardCharsets.UTF_8),
                Map.of("Authorization", List.of("Bearer " + SECRET)), "/t", Map.of());
        assertEquals(1, fx.webhooks.perTrigger(trigger.webhookPath(), bearer).body().get("runs"));

        String id = "msg_1";
        String timestamp = String.valueOf(fx.clock.instant().getEpochSecond());
        byte[] body = "{\"a\":2}".getBytes(StandardCharsets.UTF_8);
        byte[] signed = (id + "." + timestamp + "." + "{\"a\":2}").getBytes(StandardCharsets.UTF_8);
        String signature = "v1," + java.util.Base64.getEncoder().encodeToString(
                dev.switchboard.spi.trigger.WebhookSignatures.hmacSha256(SECRET.getBytes(StandardCharsets.UTF_8), signed));
        WebhookRequest standard = new WebhookRequest(body, Map.of("webhook-id", List.of(id), "webhook-timestamp",
                List.of(timestamp), "webhook-signature", List.of(signature)), "/t", Map.of());
        assertEquals(1, fx.webhooks.perTrigger(trigger.webhookPath(), standard).body().get("runs"));

        fx.clock.advance(Duration.ofMinutes(6));
        assertEquals(401, assertThrows(ApiProblem.class, () -> fx.webhooks.perTrigger(trigger.webhookPath(), standard)).status());
        assertEquals(2, runs());
    }

    @Test
    void disabledAutomationsAndFilterMismatchesAreRecordedAsSkippedWithoutRuns() {
        UUID disabled = fx.automation(org, false);
        Rows.TriggerRow off = fx.trigger(org, disabled, "custom", "webhook", "{}", SECRET, null, true);
        Rows.TriggerRow filtered = fx.trigger(org, automation, "custom", "webhook",
                "{\"conditions\":{\"env\":\"prod\"}}", SECRET, null, true);

        fx.webhooks.perTrigger(off.webhookPath(), TriggersFixture.signed("{\"env\":\"prod\"}", SECRET, Map.of()));
        WebhookReply mismatch = fx.webhooks.perTrigger(filtered.webhookPath(),
                TriggersFixture.signed("{\"env\":\"staging\"}", SECRET, Map.of()));
        WebhookReply match = fx.webhooks.perTrigger(filtered.webhookPath(),
                TriggersFixture.signed("{\"env\":\"prod\"}", SECRET, Map.of()));

        assertEquals("automation_disabled", DB.queryValue("SELECT skip_reason FROM trigger_events WHERE trigger_id = '"
                + off.id() + "'"));
        assertEquals(1, mismatch.body().get("skipped"));
        assertEquals(1, match.body().get("runs"));
        assertEquals(2, fx.count("SELECT count(*) FROM trigger_events WHERE status = 'skipped' AND organization_id = '"
                + org + "'"));
        assertEquals(1, runs());
    }

    @Test
    void aDisabledTriggerAcceptsNothing() {
        Rows.TriggerRow disabled = fx.trigger(org, automation, "custom", "webhook", "{}", SECRET, null, false);
        WebhookReply reply = fx.webhooks.perTrigger(disabled.webhookPath(), TriggersFixture.signed("{}", SECRET, Map.of()));
        assertEquals(true, reply.body().get("disabled"));
        assertEquals(0, fx.count("SELECT count(*) FROM trigger_events WHERE trigger_id = '" + disabled.id() + "'"));
    }

    @Test
    void aFailedHandOffIsRecordedRetriedAndFinallyGivenUp() {
        // the delivery's transaction fails, then its second try: the event is recorded for a retried hand-off
        fx.handoff.failuresLeft.set(2);
        WebhookReply reply = post("{\"n\":\"retry-me\"}");
        assertEquals(1, reply.body().get("events"));
        assertEquals(0, reply.body().get("runs"));
        assertEquals(0, runs());
        assertEquals(1, fx.count("SELECT count(*) FROM trigger_events WHERE run_id IS NULL AND status = 'queued'"
                + " AND error_message LIKE 'run creation failed%' AND trigger_id = '" + trigger.id() + "'"));

        assertEquals(1, fx.intake.retryHandoffs(10));
        assertEquals(1, runs());
        assertEquals(0, fx.intake.retryHandoffs(10));

        fx.handoff.failuresLeft.set(100);
        post("{\"n\":\"never\"}");
        for (int attempt = 0; attempt < EventIntake.MAX_HANDOFF_ATTEMPTS; attempt++) {
            fx.clock.advance(Duration.ofMinutes(6));
            fx.intake.retryHandoffs(10);
        }
        assertEquals("run_create_failed", DB.queryValue("SELECT skip_reason FROM trigger_events WHERE trigger_id = '"
                + trigger.id() + "' AND run_id IS NULL"));
        assertEquals(1, runs());
    }

    @Test
    void concurrentRedeliveriesMakeExactlyOneRun() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<WebhookReply>> posts = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                posts.add(() -> post("{\"burst\":true}"));
            }
            int created = 0;
            for (Future<WebhookReply> reply : pool.invokeAll(posts)) {
                created += (Integer) reply.get().body().get("runs");
            }
            assertEquals(1, created);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, events());
        assertEquals(1, runs());
        assertEquals(1, outbox());
    }

    @Test
    void anIntegrationUrlReachesOnlyTheTriggersWhoseSecretSignsIt() throws Exception {
        Integration integration = fx.integration(org, "custom");
        Rows.TriggerRow first = fx.trigger(org, automation, "custom", "webhook", "{}", SECRET, integration.id(), true);
        Rows.TriggerRow second = fx.trigger(org, automation, "custom", "webhook", "{}",
                "ffffffffffffffffffffffffffffffff", integration.id(), true);

        WebhookReply reply = fx.webhooks.perIntegration(integration.id().toString(),
                TriggersFixture.signed("{\"x\":1}", SECRET, Map.of()));

        assertEquals(1, reply.body().get("triggers"));
        assertEquals(1, fx.count("SELECT count(*) FROM trigger_events WHERE trigger_id = '" + first.id() + "'"));
        assertEquals(0, fx.count("SELECT count(*) FROM trigger_events WHERE trigger_id = '" + second.id() + "'"));
        assertEquals(401, assertThrows(ApiProblem.class, () -> fx.webhooks.perIntegration(integration.id().toString(),
                TriggersFixture.signed("{\"x\":1}", "not-any-triggers-secret-at-all", Map.of()))).status());
        assertEquals(404, assertThrows(ApiProblem.class, () -> fx.webhooks.perIntegration(UUID.randomUUID().toString(),
                TriggersFixture.signed("{}", SECRET, Map.of()))).status());
        assertEquals(404, assertThrows(ApiProblem.class, () -> fx.webhooks.perIntegration("nope",
                TriggersFixture.signed("{}", SECRET, Map.of()))).status());
    }

    @Test
    void appLevelDeliveriesReachTheWebhookTriggersOfTheNamedIntegrationsOnly() throws Exception {
        Integration integration = fx.integration(org, "custom");
        Rows.TriggerRow bound = fx.trigger(org, automation, "custom", "webhook", "{}", SECRET, integration.id(), true);
        UUID otherOrg = fx.organization();
        Integration foreign = fx.integration(otherOrg, "custom");
        Rows.TriggerRow other = fx.trigger(otherOrg, fx.automation(otherOrg, true), "custom", "webhook", "{}", SECRET,
                foreign.id(), true);

        int recorded = fx.webhooks.received("custom-app", List.of(integration),
                new WebhookRequest("{\"app\":1}".getBytes(StandardCharsets.UTF_8), Map.of(), "/p/custom-app", Map.of()));

        assertEquals(1, recorded);
        assertEquals(1, fx.count("SELECT count(*) FROM trigger_events WHERE trigger_id = '" + bound.id() + "'"));
        assertEquals(0, fx.count("SELECT count(*) FROM trigger_events WHERE trigger_id = '" + other.id() + "'"));
        assertTrue(fx.count("SELECT count(*) FROM automation_runs WHERE organization_id = '" + otherOrg + "'") == 0);
    }
}
