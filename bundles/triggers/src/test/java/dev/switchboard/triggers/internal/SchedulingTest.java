package dev.switchboard.triggers.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.foundation.internal.TriggersTestSchema;
import dev.switchboard.foundation.testing.TestDatabase;
import dev.switchboard.integrations.Integration;
import dev.switchboard.rest.ApiProblem;
import dev.switchboard.rest.Caller;
import dev.switchboard.rest.PageRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Schedules and polling triggers on a real clustered Quartz scheduler over the test database. */
class SchedulingTest {

    @RegisterExtension
    static final TestDatabase DB = TestDatabase.create().withSchema(TriggersTestSchema::apply);

    private static TriggersFixture fx;
    private static TriggerScheduler scheduler;
    private static ScheduleAdmin schedules;
    private static TriggerAdmin triggers;
    private static TriggerEventsAdmin events;
    private static PollerTest.FeedSource feed;

    @BeforeAll
    static void start() throws Exception {
        fx = new TriggersFixture(DB);
        feed = new PollerTest.FeedSource();
        fx.registry.add(feed);
        TriggersConfig config = new TriggersConfig("https://hooks.example.com", true, 2, Duration.ofSeconds(2),
                Duration.ofSeconds(1), "*/5 * * * *", Duration.ofSeconds(2), Duration.ofMillis(10), Duration.ofSeconds(30), Duration.ofSeconds(1));
        Poller poller = new Poller(fx.store, fx.registry, new PollerTest.Tokens(), fx.intake, config, fx.clock);
        ScheduleFirer firer = new ScheduleFirer(fx.store, fx.runs, fx.handoff, fx.inbox, fx.runs);
        scheduler = new TriggerScheduler(fx.store, poller, firer, DB.dataSource(), config, "SchedulingTest");
        schedules = new ScheduleAdmin(fx.store, fx.runs, scheduler, fx.audit, fx.inbox, config);
        triggers = new TriggerAdmin(fx.store, fx.registry, fx.runs, fx.integrations, fx.secrets, scheduler, fx.audit,
                fx.inbox, config);
        events = new TriggerEventsAdmin(fx.store, fx.runs, fx.audit);
    }

    @AfterAll
    static void stop() {
        scheduler.deactivate();
    }

    private static long jobs(String group) {
        return fx.count("SELECT count(*) FROM qrtz_job_details WHERE job_group = '" + group + "'");
    }

    @Test
    void aScheduleFiresRunsWithOneDedupKeyPerFireTimeUntilDisabled() throws Exception {
        UUID org = fx.organization();
        UUID automation = fx.automation(org, true);
        Caller admin = fx.admin(org);
        Views.ScheduleView schedule = schedules.create(admin, new ScheduleAdmin.ScheduleRequest(automation.toString(),
                "every second", "* * * * * *", "Europe/Berlin", null));
        assertTrue(schedule.nextRunAt() != null);
        String runs = "SELECT count(*) FROM automation_runs WHERE schedule_id = '" + schedule.id() + "'";

        await().atMost(Duration.ofSeconds(15)).until(() -> fx.count(runs) >= 3);
        assertEquals(fx.count(runs), fx.count("SELECT count(DISTINCT dedup_key) FROM automation_runs WHERE schedule_id = '"
                + schedule.id() + "'"));
        // the same fire time again (a failover repeating a fire) makes no second run
        String firstKey = (String) DB.queryValue("SELECT min(dedup_key) FROM automation_runs WHERE schedule_id = '"
                + schedule.id() + "'");
        Instant fireTime = Instant.parse(firstKey.substring(("schedule:" + schedule.id() + ":").length()));
        assertTrue(new ScheduleFirer(fx.store, fx.runs, fx.handoff, fx.inbox, fx.runs).fire(UUID.fromString(schedule.id()), fireTime).isEmpty());

        schedules.update(admin, UUID.fromString(schedule.id()), new ScheduleAdmin.ScheduleRequest(null, null, null, null, false));
        assertEquals(0, fx.count("SELECT count(*) FROM qrtz_job_details WHERE job_name = '" + schedule.id() + "'"));
        long afterDisable = fx.count(runs);
        Thread.sleep(2100);
        assertEquals(afterDisable, fx.count(runs));
        assertTrue(fx.audit.actions.contains("schedule.updated"));
    }

    @Test
    void scheduleInputIsValidatedAndScopedToTheOrganization() throws Exception {
        UUID org = fx.organization();
        UUID automation = fx.automation(org, true);
        Caller admin = fx.admin(org);
        assertEquals("invalid_field", assertThrows(ApiProblem.class, () -> schedules.create(admin,
                new ScheduleAdmin.ScheduleRequest(automation.toString(), null, "61 * * * *", null, null))).code());
        assertEquals("invalid_field", assertThrows(ApiProblem.class, () -> schedules.create(admin,
                new ScheduleAdmin.ScheduleRequest(automation.toString(), null, "0 9 * * *", "Nowhere/City", null))).code());
        ScheduleAdmin strict = new ScheduleAdmin(fx.store, fx.runs, scheduler, fx.audit, fx.inbox,
                TriggersConfig.DEFAULTS);
        assertTrue(assertThrows(ApiProblem.class, () -> strict.create(admin, new ScheduleAdmin.ScheduleRequest(
                automation.toString(), null, "*/10 * * * * *", null, null))).getMessage()
                .startsWith("cronExpression fires more often than every 60 s"));
        UUID other = fx.organization();
        assertEquals(400, assertThrows(ApiProblem.class, () -> schedules.create(fx.admin(other),
                new ScheduleAdmin.ScheduleRequest(automation.toString(), null, "0 9 * * *", null, null))).status());
        Views.ScheduleView created = schedules.create(admin, new ScheduleAdmin.ScheduleRequest(automation.toString(),
                "weekdays", "0 9 * * 1-5", "America/New_York", null));
        assertEquals(404, assertThrows(ApiProblem.class, () -> schedules.get(fx.admin(other),
                UUID.fromString(created.id()))).status());
        assertEquals(1, schedules.list(admin, null, PageRequest.of(null, null)).items().size());
        schedules.delete(admin, UUID.fromString(created.id()));
        assertEquals(0, fx.count("SELECT count(*) FROM qrtz_job_details WHERE job_name = '" + created.id() + "'"));
    }

    @Test
    void aPollingTriggerGetsAJobThatPollsAndLosesItWhenDisabledOrDeleted() throws Exception {
        UUID org = fx.organization();
        UUID automation = fx.automation(org, true);
        Integration integration = fx.integration(org, "feed");
        Caller admin = fx.admin(org);
        Views.TriggerView trigger = triggers.create(admin, new TriggerAdmin.TriggerRequest(automation.toString(), "feed",
                "polling", integration.id().toString(), Map.of(), "*/1 * * * * *", null, null));
        assertTrue(trigger.secret() != null && trigger.secret().length() == 64);
        assertEquals(null, trigger.webhookUrl());
        UUID id = UUID.fromString(trigger.id());
        await().atMost(Duration.ofSeconds(10)).until(() ->
                DB.queryValue("SELECT polling_cursor FROM triggers WHERE id = '" + id + "'") != null);
        feed.items.add("from-quartz");
        await().atMost(Duration.ofSeconds(10)).until(() ->
                fx.count("SELECT count(*) FROM trigger_events WHERE trigger_id = '" + id + "'") == 1);

        triggers.update(admin, id, new TriggerAdmin.TriggerRequest(null, null, null, null, null, null, false, null));
        assertEquals(0, fx.count("SELECT count(*) FROM qrtz_job_details WHERE job_name = '" + id + "'"));
        DB.execute("UPDATE triggers SET polling_cursor = 'before-disabling' WHERE id = '" + id + "'");
        triggers.update(admin, id, new TriggerAdmin.TriggerRequest(null, null, null, null, null, null, true, null));
        assertEquals(1, fx.count("SELECT count(*) FROM qrtz_job_details WHERE job_name = '" + id + "'"));
        // null, or already seeded afresh by the re-created job (it fires every second)
        assertTrue(!"before-disabling".equals(DB.queryValue("SELECT polling_cursor FROM triggers WHERE id = '" + id + "'")),
                "re-enabling starts from now again");
        triggers.delete(admin, id);
        assertEquals(0, fx.count("SELECT count(*) FROM qrtz_job_details WHERE job_name = '" + id + "'"));
    }

    @Test
    void reconciliationRemovesJobsWithoutRowsAndRestoresMissingOnes() throws Exception {
        UUID org = fx.organization();
        UUID automation = fx.automation(org, true);
        Caller admin = fx.admin(org);
        Views.ScheduleView schedule = schedules.create(admin, new ScheduleAdmin.ScheduleRequest(automation.toString(),
                null, "0 3 * * *", null, null));
        // rows changed behind the scheduler's back: one deleted, one job lost
        DB.execute("DELETE FROM schedules WHERE id = '" + schedule.id() + "'");
        Views.ScheduleView kept = schedules.create(admin, new ScheduleAdmin.ScheduleRequest(automation.toString(),
                null, "0 4 * * *", null, null));
        scheduler.removeSchedule(UUID.fromString(kept.id()));

        scheduler.reconcile();

        assertEquals(0, fx.count("SELECT count(*) FROM qrtz_job_details WHERE job_name = '" + schedule.id() + "'"));
        assertEquals(1, fx.count("SELECT count(*) FROM qrtz_job_details WHERE job_name = '" + kept.id() + "'"));
    }

    @Test
    void triggerInputIsCheckedAgainstTheSourceBeforeAnythingIsStored() throws Exception {
        UUID org = fx.organization();
        UUID automation = fx.automation(org, true);
        Integration integration = fx.integration(org, "feed");
        Caller admin = fx.admin(org);
        long before = fx.count("SELECT count(*) FROM triggers");
        ApiProblem config = assertThrows(ApiProblem.class, () -> triggers.create(admin, new TriggerAdmin.TriggerRequest(
                automation.toString(), "feed", "polling", integration.id().toString(), Map.of("prefx", "typo"), null,
                null, null)));
        assertEquals("invalid_config", config.code());
        assertTrue(config.errors().get(0).message().contains("prefx"));
        assertEquals("invalid_field", assertThrows(ApiProblem.class, () -> triggers.create(admin,
                new TriggerAdmin.TriggerRequest(automation.toString(), "nope", null, null, null, null, null, null))).code());
        assertEquals("mode is not supported by source feed", assertThrows(ApiProblem.class, () -> triggers.create(admin,
                new TriggerAdmin.TriggerRequest(automation.toString(), "feed", "webhook", null, null, null, null, null)))
                .getMessage());
        assertTrue(assertThrows(ApiProblem.class, () -> triggers.create(admin, new TriggerAdmin.TriggerRequest(
                automation.toString(), "feed", "polling", null, null, null, null, null))).getMessage()
                .startsWith("integrationId is required"));
        TriggerAdmin strict = new TriggerAdmin(fx.store, fx.registry, fx.runs, fx.integrations, fx.secrets, scheduler,
                fx.audit, fx.inbox, TriggersConfig.DEFAULTS);
        assertEquals("pollingCron polls more often than every 30 s (polling.minIntervalSeconds)",
                assertThrows(ApiProblem.class, () -> strict.create(admin, new TriggerAdmin.TriggerRequest(
                automation.toString(), "feed", "polling", integration.id().toString(), null, "*/10 * * * * *", null,
                null))).getMessage());
        UUID other = fx.organization();
        Integration foreign = fx.integration(other, "feed");
        assertTrue(assertThrows(ApiProblem.class, () -> triggers.create(admin, new TriggerAdmin.TriggerRequest(
                automation.toString(), "feed", "polling", foreign.id().toString(), null, null, null, null))).getMessage()
                .startsWith("integrationId is not an integration of the organization"));
        assertEquals(before, fx.count("SELECT count(*) FROM triggers"));
    }

    @Test
    void aWebhookTriggerShowsItsUrlAndGeneratedSecretOnceAndQueuedEventsCanBeSkipped() throws Exception {
        UUID org = fx.organization();
        UUID automation = fx.automation(org, true);
        Caller admin = fx.admin(org);
        Views.TriggerView created = triggers.create(admin, new TriggerAdmin.TriggerRequest(automation.toString(), "custom",
                null, null, null, null, null, null));
        assertEquals("webhook", created.mode());
        assertTrue(created.webhookUrl().matches("https://hooks\\.example\\.com/webhooks/t/t_[0-9a-f]{24}"));
        UUID id = UUID.fromString(created.id());
        assertEquals(null, triggers.get(admin, id).secret());
        assertEquals(404, assertThrows(ApiProblem.class, () -> triggers.get(fx.admin(fx.organization()), id))
                .status());
        Views.TriggerView supplied = triggers.rotateSecret(admin, id, "a-secret-the-sender-dictates");
        assertEquals(null, supplied.secret());

        String path = created.webhookUrl().substring(created.webhookUrl().lastIndexOf('/') + 1);
        fx.webhooks.perTrigger(path, TriggersFixture.signed("{\"a\":1}", "a-secret-the-sender-dictates", Map.of()));
        Views.EventView event = events.list(admin, created.id(), "queued", PageRequest.of(null, null)).items().get(0);
        Views.EventView skipped = events.skip(admin, UUID.fromString(event.id()));
        assertEquals("skipped", skipped.status());
        assertEquals("manual", skipped.skipReason());
        assertEquals("canceled", DB.queryValue("SELECT status FROM automation_runs WHERE trigger_event_id = '"
                + event.id() + "'"));
        assertEquals(409, assertThrows(ApiProblem.class, () -> events.skip(admin, UUID.fromString(event.id()))).status());
        assertEquals(Map.of("a", 1), events.get(admin, UUID.fromString(event.id())).payload());
        assertEquals(1L, triggers.get(admin, id).eventCounts().get("skipped"));
        assertFalse(fx.audit.actions.isEmpty());
    }
}
