package dev.switchboard.triggers.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.foundation.internal.TriggersTestSchema;
import dev.switchboard.foundation.testing.TestDatabase;
import dev.switchboard.integrations.WebhookReply;
import dev.switchboard.rest.ApiProblem;
import dev.switchboard.rest.Caller;
import dev.switchboard.spi.skill.MatchSource;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Triggers and schedules whose target is a skill or the inbox: their events and fires become inbound messages. */
class TriggerTargetsTest {

    @RegisterExtension
    static final TestDatabase DB = TestDatabase.create().withSchema(TriggersTestSchema::apply);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    private static TriggersFixture fx;
    private static TriggerScheduler scheduler;
    private static TriggerAdmin triggers;
    private static ScheduleAdmin schedules;
    private static ScheduleFirer firer;

    private UUID org;
    private UUID automation;
    private Caller admin;

    @BeforeAll
    static void start() throws Exception {
        fx = new TriggersFixture(DB);
        TriggersConfig config = new TriggersConfig("https://hooks.example.com", true, 2, Duration.ofSeconds(2),
                Duration.ofSeconds(1), "*/5 * * * *", Duration.ofSeconds(2), Duration.ofMillis(10), Duration.ofSeconds(30),
                Duration.ofSeconds(1));
        Poller poller = new Poller(fx.store, fx.registry, new PollerTest.Tokens(), fx.intake, config, fx.clock);
        firer = new ScheduleFirer(fx.store, fx.runs, fx.handoff, fx.inbox, fx.runs);
        scheduler = new TriggerScheduler(fx.store, poller, firer, DB.dataSource(), config, "TriggerTargetsTest");
        triggers = new TriggerAdmin(fx.store, fx.registry, fx.runs, fx.integrations, fx.secrets, scheduler, fx.audit,
                fx.inbox, config);
        schedules = new ScheduleAdmin(fx.store, fx.runs, scheduler, fx.audit, fx.inbox, config);
    }

    @AfterAll
    static void stop() {
        scheduler.deactivate();
    }

    @BeforeEach
    void setUp() throws Exception {
        org = fx.organization();
        automation = fx.automation(org, true);
        admin = fx.admin(org);
        fx.skills.add(org, "deploy-notes", Set.of(MatchSource.EVENT));
        fx.skills.add(org, "nightly-digest", Set.of(MatchSource.CRON));
        fx.skills.add(org, "receipts", Set.of(MatchSource.EMAIL));
    }

    private Views.TriggerView trigger(Map<String, Object> target) {
        return triggers.create(admin, new TriggerAdmin.TriggerRequest(null, "custom", null, null, null, null, null,
                SECRET, target));
    }

    private WebhookReply deliver(Views.TriggerView trigger, String body) {
        String path = trigger.webhookUrl().substring(trigger.webhookUrl().lastIndexOf('/') + 1);
        return fx.webhooks.perTrigger(path, TriggersFixture.signed(body, SECRET, Map.of()));
    }

    private Map<String, Object> message(String where) throws Exception {
        Object row = DB.queryValue("SELECT row_to_json(m)::text FROM inbound_messages m WHERE organization_id = '" + org
                + "' AND " + where);
        assertTrue(row != null, "a message where " + where);
        @SuppressWarnings("unchecked")
        Map<String, Object> map = JSON.readValue(String.valueOf(row), Map.class);
        return map;
    }

    private long count(String sql) {
        return fx.count(sql);
    }

    @Test
    void aTriggerForASkillHandsEachEventToItAsAMessageInTheSameTransaction() throws Exception {
        Views.TriggerView trigger = trigger(Map.of("type", "skill", "skill", "deploy-notes"));
        assertNull(trigger.automationId());
        assertEquals(Map.of("type", "skill", "skill", "deploy-notes"), trigger.target());

        WebhookReply reply = deliver(trigger, "{\"title\":\"Deploy 42 finished\",\"from\":\"ci@example.com\"}");
        assertEquals(200, reply.status());
        deliver(trigger, "{\"title\":\"Deploy 42 finished\",\"from\":\"ci@example.com\"}"); // a duplicate

        Map<String, Object> event = JSON.readValue(String.valueOf(DB.queryValue("SELECT row_to_json(e)::text FROM"
                + " trigger_events e WHERE trigger_id = '" + trigger.id() + "'")), Map.class);
        assertEquals("completed", event.get("status"));
        assertNull(event.get("run_id"));
        Map<String, Object> message = message("id = '" + event.get("message_id") + "'");
        assertEquals("event", message.get("source"));
        assertEquals("deploy-notes", message.get("target_skill"));
        assertEquals("Deploy 42 finished", message.get("subject"));
        assertEquals("ci@example.com", message.get("sender"));
        assertEquals("trigger-event:" + event.get("id"), message.get("origin_key"));
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = (Map<String, Object>) message.get("extracted_fields");
        assertEquals("webhook", fields.get("eventType"));
        assertEquals(event.get("id"), fields.get("triggerEventId"));
        assertEquals(1L, count("SELECT count(*) FROM inbound_messages WHERE organization_id = '" + org + "'"));
        assertEquals(1L, count("SELECT count(*) FROM outbox WHERE organization_id = '" + org
                + "' AND kind = 'match_message'"));
        assertEquals(0L, count("SELECT count(*) FROM automation_runs WHERE organization_id = '" + org + "'"));
    }

    @Test
    void aTriggerForTheInboxHandsEmailsToBeMatched() throws Exception {
        Views.TriggerView trigger = trigger(Map.of("type", "inbox", "messageSource", "email"));
        deliver(trigger, "{\"title\":\"Your receipt\",\"from\":\"shop@example.com\"}");

        Map<String, Object> message = message("source = 'email'");
        assertNull(message.get("target_skill"), "matched against the skills like any email");
        assertEquals("Your receipt", message.get("subject"));
        assertEquals("Your receipt", message.get("text"));
        assertEquals(Map.of("type", "inbox", "messageSource", "message"),
                trigger(Map.of("type", "inbox")).target(), "a custom source's events are messages unless told");
    }

    @Test
    void aNulCharacterReachesTheInboxAsTheReplacementCharacterAtOnce() throws Exception {
        Views.TriggerView trigger = trigger(Map.of("type", "inbox", "messageSource", "email"));

        WebhookReply reply = deliver(trigger, "{\"title\":\"Receipt\\u0000\",\"from\":\"shop\\u0000@example.com\"}");

        assertEquals(Map.of("events", 1, "runs", 0, "skipped", 0, "duplicate", false), reply.body());
        Map<String, Object> message = message("source = 'email'");
        assertEquals("shop\ufffd@example.com", message.get("sender"));
        assertEquals("Receipt\ufffd", message.get("subject"));
        assertEquals(0L, count("SELECT count(*) FROM trigger_events WHERE trigger_id = '" + trigger.id()
                + "' AND next_attempt_at IS NOT NULL"), "handed over at once, not queued for a retry");
    }

    @Test
    void eventsWaitForTheInboxWhileItIsAwayAndAreHandedOverOnce() throws Exception {
        Views.TriggerView trigger = trigger(Map.of("type", "skill", "skill", "deploy-notes"));
        InboxLink away = new InboxLink(null);
        EventIntake intake = new EventIntake(fx.store, fx.runs, fx.handoff, away, fx.clock);
        TriggerWebhooks webhooks = new TriggerWebhooks(fx.store, fx.registry, fx.secrets, intake, fx.clock);
        String path = trigger.webhookUrl().substring(trigger.webhookUrl().lastIndexOf('/') + 1);

        assertEquals(200, webhooks.perTrigger(path, TriggersFixture.signed("{\"title\":\"later\"}", SECRET, Map.of()))
                .status(), "the event is recorded, its hand-off deferred");
        String queued = "SELECT count(*) FROM trigger_events WHERE trigger_id = '" + trigger.id() + "' AND status = 'queued'"
                + " AND message_id IS NULL AND next_attempt_at IS NOT NULL";
        assertEquals(1L, count(queued));
        assertEquals(0, intake.retryHandoffs(10), "still away");

        fx.clock.advance(Duration.ofMinutes(10));
        assertEquals(1, fx.intake.retryHandoffs(10));
        assertEquals(0, fx.intake.retryHandoffs(10));
        assertEquals(0L, count(queued));
        assertEquals("deploy-notes", message("source = 'event'").get("target_skill"));
        assertEquals(1L, count("SELECT count(*) FROM inbound_messages WHERE organization_id = '" + org + "'"));
    }

    @Test
    void aSkillTargetMustBeASkillThatTakesTheSource() {
        ApiProblem unknown = assertThrows(ApiProblem.class, () -> trigger(Map.of("type", "skill", "skill", "nope")));
        assertEquals(400, unknown.status());
        assertEquals("target.skill names a skill nope does not exist for the organization", unknown.getMessage());
        assertEquals("target.skill names a skill nightly-digest does not take trigger events: its match sources do not"
                + " list event", assertThrows(ApiProblem.class,
                () -> trigger(Map.of("type", "skill", "skill", "nightly-digest"))).getMessage());
        assertEquals("target give either automationId or target, not both", assertThrows(ApiProblem.class,
                () -> triggers.create(admin, new TriggerAdmin.TriggerRequest(automation.toString(), "custom", null, null,
                        null, null, null, SECRET, Map.of("type", "skill", "skill", "deploy-notes")))).getMessage());
        assertEquals("target.type must be automation, skill or inbox",
                assertThrows(ApiProblem.class, () -> trigger(Map.of("type", "robot"))).getMessage());
        assertEquals("target.messageSource must be email or message", assertThrows(ApiProblem.class,
                () -> trigger(Map.of("type", "inbox", "messageSource", "fax"))).getMessage());
        assertEquals("target.type must be automation or skill", assertThrows(ApiProblem.class,
                () -> schedules.create(admin, new ScheduleAdmin.ScheduleRequest(null, "x", "0 9 * * *", null, null,
                        Map.of("type", "inbox"), null))).getMessage());
        TriggerAdmin withoutInbox = new TriggerAdmin(fx.store, fx.registry, fx.runs, fx.integrations, fx.secrets,
                scheduler, fx.audit, new InboxLink(null), TriggersConfig.DEFAULTS);
        ApiProblem away = assertThrows(ApiProblem.class, () -> withoutInbox.create(admin, new TriggerAdmin.TriggerRequest(
                null, "custom", null, null, null, null, null, SECRET, Map.of("type", "skill", "skill", "deploy-notes"))));
        assertEquals(503, away.status());
        assertEquals("inbox_unavailable", away.code());
        assertEquals(0L, count("SELECT count(*) FROM triggers WHERE organization_id = '" + org + "'"),
                "nothing is stored for a bad request");
        Views.TriggerView same = triggers.create(admin, new TriggerAdmin.TriggerRequest(null, "custom", null, null,
                null, null, null, SECRET, Map.of("type", "automation", "automationId", automation.toString())));
        assertEquals(automation.toString(), same.automationId());
    }

    @Test
    void aScheduleForASkillHandsEachFireToItOnceWithItsInput() throws Exception {
        Views.ScheduleView schedule = schedules.create(admin, new ScheduleAdmin.ScheduleRequest(null, "Nightly digest",
                "0 6 * * *", "Europe/Berlin", null, Map.of("type", "skill", "skill", "nightly-digest"),
                Map.of("text", "Summarise yesterday", "fields", Map.of("team", "core"))));
        assertNull(schedule.automationId());
        assertEquals(Map.of("type", "skill", "skill", "nightly-digest"), schedule.target());
        assertEquals(Map.of("text", "Summarise yesterday", "fields", Map.of("team", "core")), schedule.input());
        Instant fireTime = Instant.parse("2026-11-23T05:00:00Z");

        assertTrue(firer.fire(UUID.fromString(schedule.id()), fireTime).isPresent());
        assertTrue(firer.fire(UUID.fromString(schedule.id()), fireTime).isEmpty(), "a repeated fire makes nothing");

        Map<String, Object> message = message("source = 'schedule'");
        assertEquals("nightly-digest", message.get("target_skill"));
        assertEquals("Summarise yesterday", message.get("text"));
        assertEquals("Nightly digest", message.get("subject"));
        assertEquals(Map.of("team", "core", "scheduleId", schedule.id(), "fireTime", fireTime.toString()),
                message.get("extracted_fields"));
        assertEquals(0L, count("SELECT count(*) FROM automation_runs WHERE organization_id = '" + org + "'"));
    }

    @Test
    void aScheduleFireForASkillWaitsForTheInboxInTheOutboxAndIsHandedOverOnce() throws Exception {
        Views.ScheduleView schedule = schedules.create(admin, new ScheduleAdmin.ScheduleRequest(null, "Nightly digest",
                "0 6 * * *", "UTC", null, Map.of("type", "skill", "skill", "nightly-digest"), null));
        ScheduleFirer away = new ScheduleFirer(fx.store, fx.runs, fx.handoff, new InboxLink(null), fx.runs);
        Instant fireTime = Instant.parse("2026-11-23T06:00:00Z");
        String messages = "SELECT count(*) FROM inbound_messages WHERE organization_id = '" + org + "'"
                + " AND origin_key = 'schedule:" + schedule.id() + ":" + fireTime + "'";
        String waiting = " FROM outbox WHERE organization_id = '" + org + "' AND kind = 'schedule_message'";

        assertTrue(away.fire(UUID.fromString(schedule.id()), fireTime).isEmpty(), "no message while the inbox is away");
        assertEquals(0L, count(messages));
        assertEquals(1L, count("SELECT count(*)" + waiting), "the fire waits in the outbox");
        @SuppressWarnings("unchecked")
        Map<String, Object> payload = JSON.readValue(String.valueOf(DB.queryValue("SELECT payload::text" + waiting)),
                Map.class);
        assertEquals(Map.of("scheduleId", schedule.id(), "fireTime", fireTime.toString()), payload);
        dev.switchboard.runs.OutboxItem item = new dev.switchboard.runs.OutboxItem(UUID.randomUUID(), org,
                ScheduleFirer.SCHEDULE_MESSAGE, payload, 1, Instant.now());

        assertThrows(IllegalStateException.class, () -> away.handle(item), "still away: the outbox tries again later");
        firer.handle(item);
        firer.handle(item);     // handled twice (a success not recorded): still one message

        assertEquals(1L, count(messages));
        assertEquals("nightly-digest", message("origin_key = 'schedule:" + schedule.id() + ":" + fireTime + "'")
                .get("target_skill"));
        // a schedule deleted before the inbox came back gets nothing
        schedules.delete(admin, UUID.fromString(schedule.id()));
        firer.handle(new dev.switchboard.runs.OutboxItem(UUID.randomUUID(), org, ScheduleFirer.SCHEDULE_MESSAGE,
                Map.of("scheduleId", schedule.id(), "fireTime", "2026-11-24T06:00:00Z"), 1, Instant.now()));
        assertEquals(1L, count("SELECT count(*) FROM inbound_messages WHERE organization_id = '" + org
                + "' AND source = 'schedule'"));
    }

    @Test
    void requestsReadTheTargetFromJson() throws Exception {
        TriggerAdmin.TriggerRequest trigger = JSON.readValue("{\"source\":\"custom\",\"target\":{\"type\":\"skill\","
                + "\"skill\":\"deploy-notes\"}}", TriggerAdmin.TriggerRequest.class);
        assertEquals(Map.of("type", "skill", "skill", "deploy-notes"), trigger.target());
        ScheduleAdmin.ScheduleRequest schedule = JSON.readValue("{\"automationId\":\"a\",\"cronExpression\":"
                + "\"0 9 * * *\",\"input\":{\"text\":\"hi\"}}", ScheduleAdmin.ScheduleRequest.class);
        assertEquals("a", schedule.automationId());
        assertEquals(Map.of("text", "hi"), schedule.input());
    }

    @Test
    void scheduleInputIsForSkillsAndIsChecked() {
        assertEquals("input is for schedules of skills; a run gets the schedule's name and fire time",
                assertThrows(ApiProblem.class, () -> schedules.create(admin, new ScheduleAdmin.ScheduleRequest(
                        automation.toString(), "x", "0 9 * * *", null, null, null, Map.of("text", "hi")))).getMessage());
        assertEquals("input.colour is not known (text, fields)", assertThrows(ApiProblem.class,
                () -> schedules.create(admin, new ScheduleAdmin.ScheduleRequest(null, "x", "0 9 * * *", null, null,
                        Map.of("type", "skill", "skill", "nightly-digest"), Map.of("colour", "red")))).getMessage());
        assertEquals("target.skill names a skill deploy-notes does not take schedules: its match sources do not list"
                + " cron", assertThrows(ApiProblem.class, () -> schedules.create(admin, new ScheduleAdmin.ScheduleRequest(
                        null, "x", "0 9 * * *", null, null, Map.of("type", "skill", "skill", "deploy-notes"), null)))
                .getMessage());
        assertEquals(0L, count("SELECT count(*) FROM schedules WHERE organization_id = '" + org + "'"));
    }
}
