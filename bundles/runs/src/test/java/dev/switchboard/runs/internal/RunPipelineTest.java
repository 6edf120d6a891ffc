package dev.switchboard.runs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.foundation.Transaction;
import dev.switchboard.foundation.internal.RunsTestSchema;
import dev.switchboard.foundation.internal.UnitOfWorkService;
import dev.switchboard.foundation.testing.TestDatabase;
import dev.switchboard.rest.ApiProblem;
import dev.switchboard.rest.Caller;
import dev.switchboard.rest.PageRequest;
import dev.switchboard.rest.Role;
import dev.switchboard.runs.NewRun;
import dev.switchboard.runs.TriggerEventContext;
import dev.switchboard.runs.TriggerEventLink;
import dev.switchboard.runs.notify.InvalidTargetException;
import dev.switchboard.runs.notify.NotificationChannel;
import dev.switchboard.runs.notify.RunNotification;
import dev.switchboard.sessions.NewSession;
import dev.switchboard.sessions.SessionRef;
import dev.switchboard.sessions.SessionState;
import dev.switchboard.sessions.Sessions;
import dev.switchboard.sessions.internal.LocalArtifactStore;
import dev.switchboard.sessions.internal.SessionEventLogService;
import dev.switchboard.sessions.internal.SessionsService;
import dev.switchboard.sessions.internal.SessionsStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.ws.rs.core.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The run pipeline on a real database: outbox → enrich → execute → completion → notifications and artifacts, the
 * finalizer, and manual resolution. Sessions are the boundary: a recording implementation creates real session
 * rows (so session events and foreign keys are real) but starts no sandbox; the sessions bundle's own tests and
 * the black-box tests cover real sandboxes.
 */
class RunPipelineTest {

    @RegisterExtension
    static final TestDatabase DB = TestDatabase.create().withSchema(RunsTestSchema::apply);

    private UnitOfWorkService unitOfWork;
    private RunsStore store;
    private RunsService runs;
    private RecordingSessions sessions;
    private Link link;
    private OutboxDispatcher dispatcher;
    private RunAdmin admin;
    private NotificationTargets targets;
    private Recording channel;
    private LocalArtifactStore artifacts;
    private SessionEventLogService sessionEvents;
    private UUID org;
    private UUID owner;

    @BeforeEach
    void setUp() throws Exception {
        unitOfWork = new UnitOfWorkService(DB.dataSource());
        store = new RunsStore(unitOfWork);
        runs = new RunsService(store);
        sessionEvents = new SessionEventLogService(new SessionsStore(unitOfWork));
        sessions = new RecordingSessions(new SessionsService(unitOfWork));
        link = new Link();
        RunOutcomes outcomes = new RunOutcomes(store, sessionEvents);
        outcomes.setTriggerEvents(link);
        RunPipeline pipeline = new RunPipeline(store, outcomes, sessions, NodeIdentity.of("test-node"));
        targets = new NotificationTargets();
        channel = new Recording("recording");
        targets.addChannel(channel);
        artifacts = new LocalArtifactStore(Map.of("artifacts.directory", Files.createTempDirectory("run-artifacts").toString()));
        dispatcher = new OutboxDispatcher(store, Clock.systemUTC());
        dispatcher.addHandler(new RunPipeline.EnrichHandler(pipeline));
        dispatcher.addHandler(new RunPipeline.ExecuteHandler(pipeline));
        dispatcher.addHandler(new RunDeliveries.Notify(store, targets, Map.of("console.url", "https://console.example/")));
        dispatcher.addHandler(new RunDeliveries.Artifacts(store, artifacts, outcomes, sessionEvents));
        admin = new RunAdmin(store, outcomes, sessions, runs);
        org = UUID.randomUUID();
        owner = UUID.randomUUID();
        DB.execute("INSERT INTO organizations (id, name, slug) VALUES ('" + org + "', 'Org', 'org-" + org + "')");
        DB.execute("INSERT INTO users (id, email, name) VALUES ('" + owner + "', '" + owner + "@example.com', 'Owner')");
        DB.execute("INSERT INTO members (organization_id, user_id, role) VALUES ('" + org + "', '" + owner + "', 'owner')");
    }

    private AutomationAdmin automations() {
        return new AutomationAdmin(store, (tx, organizationId, caller, action, type, id, details) -> { }, targets);
    }

    private UUID automation(List<Map<String, Object>> notifications) {
        return UUID.fromString(automations().create(admin(), new AutomationAdmin.AutomationRequest("Triage", null, true,
                "Triage the issue and label it.", List.of("/bin/sh", "-c", "agent"), "model-x", null,
                Map.of("repos", List.of(Map.of("url", "https://github.com/acme/app.git", "branch", "main"))), false,
                notifications, 600)).id());
    }

    private Caller admin() {
        return new Caller(Caller.Kind.API_KEY, owner, org, Role.OWNER, null, null, UUID.randomUUID(), false);
    }

    private Caller member() {
        UUID user = UUID.randomUUID();
        DB.execute("INSERT INTO users (id, email, name) VALUES ('" + user + "', '" + user + "@example.com', 'M')");
        DB.execute("INSERT INTO members (organization_id, user_id, role) VALUES ('" + org + "', '" + user + "', 'member')");
        return new Caller(Caller.Kind.API_KEY, user, org, Role.MEMBER, null, null, UUID.randomUUID(), false);
    }

    private Caller agent(UUID sessionId) {
        return new Caller(Caller.Kind.SESSION_TOKEN, owner, org, Role.MEMBER, null, sessionId, UUID.randomUUID(), false);
    }

    private UUID triggeredRun(UUID automation, String title) {
        UUID event = UUID.randomUUID();
        link.contexts.put(event, new TriggerEventContext(event, UUID.randomUUID(), "github", "github", "issues:opened",
                "42", title, "It crashes on start", "https://github.com/acme/app/issues/42", List.of("src/main.c"),
                "acme/app", Map.of("labels", List.of("bug")), Instant.parse("2026-11-22T10:00:00Z")));
        return unitOfWork.inTransaction(tx -> runs.createRun(tx, NewRun.forTriggerEvent(org, automation, null, event)))
                .orElseThrow();
    }

    /** Dispatches until no due row is left (stages queue the next stage's row; in the engine a NOTIFY wakes it). */
    private void settle() {
        while (dispatcher.drain() > 0) {
            // the next round picks up the rows the last one queued
        }
    }

    private RunRow run(UUID id) {
        return unitOfWork.inTransaction(tx -> store.runs(tx).row(org, id));
    }

    @Test
    void aRunGoesFromItsEventToASessionAndTheAgentsCompletionNotifiesAndKeepsArtifacts() throws Exception {
        UUID automation = automation(List.of(Map.of("channel", "recording", "target", Map.of("to", "ops"))));
        UUID id = triggeredRun(automation, "App crashes on start");
        settle();

        RunRow running = run(id);
        assertEquals("running", running.status(), String.valueOf(DB.queryValue("SELECT string_agg(kind || ':' || status || ':'"
                + " || coalesce(last_error, ''), '; ') FROM outbox WHERE organization_id = '" + org + "'")));
        assertNotNull(running.sessionId());
        assertNotNull(running.deadlineAt(), "the deadline is set when the run is created");
        assertEquals(1, sessions.started.size());
        NewSession started = sessions.started.get(0);
        assertEquals("run:" + id + ":session", started.originKey());
        assertEquals("automation", started.sessionType());
        assertEquals(owner, started.createdBy());
        assertEquals(List.of("/bin/sh", "-c", "agent"), started.agentCommand());
        assertTrue(started.prompt().startsWith("Triage the issue and label it."), started.prompt());
        assertTrue(started.prompt().contains("App crashes on start"));
        assertTrue(started.prompt().contains(running.completionId()), "the prompt carries the completion id");
        Map<String, String> files = new java.util.HashMap<>();
        started.files().forEach(file -> files.put(file.path(), file.content()));
        assertTrue(files.get(".switchboard/trigger-context.json").contains("\"version\":1"));
        assertTrue(files.get(".switchboard/trigger-context.json").contains("\"labels\":[\"bug\"]"), "the source's context");
        assertTrue(files.get(".switchboard/run.json").contains(running.completionId()));
        assertEquals(List.of("processing", "processing"), link.statuses(running.triggerEventId()));

        sessionEvents.append(org, running.sessionId(), "verification", Map.of("verificationId", "v-1",
                "summary", "tests pass", "files", List.of(Map.of("path", "report.txt", "ref", "local:x/report.txt"))));
        Map<String, Object> done = admin.complete(agent(running.sessionId()), id, new RunAdmin.CompleteRequest(
                running.completionId(), "succeeded", "Labelled as bug", List.of("https://github.com/acme/app/issues/42"),
                Map.of("label", "bug")));
        assertEquals("succeeded", done.get("status"));
        assertEquals(done, admin.complete(agent(running.sessionId()), id, new RunAdmin.CompleteRequest(
                running.completionId(), "succeeded", "again", null, null)), "a repeated completion gets the same answer");
        assertEquals(400, assertThrows(ApiProblem.class, () -> admin.complete(agent(running.sessionId()), id,
                new RunAdmin.CompleteRequest("cmp_other", "failed", null, null, null))).status());
        assertEquals(404, assertThrows(ApiProblem.class, () -> admin.complete(agent(UUID.randomUUID()), id,
                new RunAdmin.CompleteRequest(running.completionId(), "failed", null, null, null))).status(),
                "another session's agent does not see the run");
        assertEquals(403, assertThrows(ApiProblem.class, () -> admin.complete(admin(), id,
                new RunAdmin.CompleteRequest(running.completionId(), "failed", null, null, null))).status());

        settle();
        assertEquals(1, channel.delivered.size());
        RunNotification notification = channel.delivered.get(0);
        assertEquals("run_" + id + "_succeeded_0", notification.id());
        assertEquals("Labelled as bug", notification.summary());
        assertEquals("App crashes on start", notification.title());
        assertEquals("https://console.example/runs/" + id, notification.runUrl().toString());
        assertEquals(List.of("https://github.com/acme/app/issues/42"), notification.citations());
        assertTrue(new String(artifacts.get(org, "runs/" + id + "/evidence.json").orElseThrow()).contains("local:x/report.txt"),
                "the agent's verification evidence is kept with the run");
        assertTrue(artifacts.get(org, "runs/" + id + "/completion.json").isPresent(), String.valueOf(DB.queryValue(
                "SELECT string_agg(kind || ':' || status || ':' || coalesce(last_error, ''), '; ') FROM outbox")));
        assertTrue(new String(artifacts.get(org, "runs/" + id + "/enrichment.json").orElseThrow()).replace(" ", "").contains("\"version\":1"));
        assertEquals("completed", link.statuses(running.triggerEventId()).get(2));

        Map<String, Object> view = admin.get(admin(), id);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> events = (List<Map<String, Object>>) view.get("events");
        List<String> transitions = events.stream().filter(e -> "status_transition".equals(e.get("type")))
                .map(e -> e.get("to").toString()).toList();
        assertEquals(List.of("enriching", "ready", "running", "succeeded"), transitions);
        assertTrue(events.stream().anyMatch(e -> "artifact_written".equals(e.get("type"))));
        assertEquals("run.status,verification,run.status", DB.queryValue("SELECT string_agg(event_type, ',' ORDER BY seq) FROM session_events"
                + " WHERE session_id = '" + running.sessionId() + "'"), "running and succeeded reach the session's stream");
        assertEquals(0, ((Number) DB.queryValue("SELECT count(*) FROM outbox WHERE organization_id = '" + org
                + "' AND status <> 'dispatched'")).intValue(), "every outbox row was dispatched");
    }

    @Test
    void aRetriedExecuteReusesTheRunsSessionAndAFastAgentMayCompleteBeforeTheRunRecordsIt() throws Exception {
        UUID automation = automation(List.of());
        UUID id = triggeredRun(automation, "Flaky test");
        settle();
        RunRow running = run(id);
        unitOfWork.run(tx -> store.outbox(tx).insert(dev.switchboard.foundation.Ids.newId(), org,
                RunOutcomes.ENQUEUE_EXECUTE, "{\"runId\":\"" + id + "\"}"));
        settle();
        assertEquals(1, sessions.started.size(), "a repeated execute row finds the run past its stage");
        assertEquals(running.sessionId(), run(id).sessionId());

        // the agent completes while the run is still "ready" (its session recorded after the agent was fast)
        UUID second = triggeredRun(automation, "Another");
        sessions.onStart = session -> {
            RunRow ready = run(second);
            admin.complete(agent(session.id()), second, new RunAdmin.CompleteRequest(ready.completionId(), "needs_human",
                    "a person must decide", null, null));
        };
        settle();
        RunRow finished = run(second);
        assertEquals("needs_human", finished.status());
        assertNotNull(finished.sessionId(), "the completing session is recorded");
    }

    @Test
    void aRunWithoutATriggerEventWorksOnTheContextItsCreatorGaveIt() {
        UUID automation = automation(List.of());
        UUID id = unitOfWork.inTransaction(tx -> runs.createRun(tx, new NewRun(org, automation, "message", null, null,
                null, "message:42", Map.of("title", "Invoice from ACME", "description", "Please pay by Friday",
                "data", Map.of("sender", "billing@acme.example"))))).orElseThrow();
        settle();
        RunRow run = run(id);
        assertEquals("running", run.status());
        Map<String, Object> enrichment = RunsJson.object(run.enrichmentJson());
        assertEquals("message", enrichment.get("provider"));
        assertEquals("Invoice from ACME", ((Map<?, ?>) enrichment.get("summary")).get("title"));
        assertEquals(Map.of("sender", "billing@acme.example"), enrichment.get("providerContext"));
        assertTrue(sessions.started.get(0).prompt().contains("Please pay by Friday"));
        assertThrows(IllegalArgumentException.class, () -> unitOfWork.inTransaction(tx -> runs.createRun(tx,
                new NewRun(org, automation, "message", null, null, null, "message:big",
                        Map.of("description", "x".repeat(70_000))))));
    }

    @Test
    void anAdminStartsARunByHandOncePerIdempotencyKeyAndItRunsOnWhatTheRequestGave() {
        UUID automation = automation(List.of());
        AutomationsResource resource = new AutomationsResource(automations(), admin,
                RunsTestSchema.idempotencyStore(unitOfWork));
        RunAdmin.StartRequest request = new RunAdmin.StartRequest("  Re-run the nightly import ", "The 02:00 run timed out.",
                "https://status.example.com/incidents/7", Map.of("batch", "2026-11-22"));

        Response first = resource.startRun(security(admin()), automation.toString(), "retry-7", request);
        Response again = resource.startRun(security(admin()), automation.toString(), "retry-7", request);

        assertEquals(201, first.getStatus());
        @SuppressWarnings("unchecked")
        Map<String, Object> run = (Map<String, Object>) first.getEntity();
        UUID id = UUID.fromString((String) run.get("id"));
        assertEquals("/api/v1/runs/" + id, first.getLocation().toString());
        assertEquals("manual", run.get("source"));
        assertEquals("queued", run.get("status"));
        assertEquals("true", again.getHeaderString(dev.switchboard.rest.Idempotency.REPLAYED_HEADER));
        assertEquals(1L, ((Number) DB.queryValue("SELECT count(*) FROM automation_runs WHERE automation_id = '"
                + automation + "'")).longValue(), "the same key starts one run");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> events = (List<Map<String, Object>>) run.get("events");
        assertEquals("started_by_hand", events.get(0).get("type"));
        assertEquals(owner.toString(), ((Map<?, ?>) events.get(0).get("data")).get("userId"));

        settle();
        RunRow started = run(id);
        assertEquals("running", started.status());
        Map<String, Object> enrichment = RunsJson.object(started.enrichmentJson());
        assertEquals("Re-run the nightly import", ((Map<?, ?>) enrichment.get("summary")).get("title"));
        assertEquals(Map.of("batch", "2026-11-22"), enrichment.get("providerContext"));
        assertTrue(sessions.started.get(0).prompt().contains("The 02:00 run timed out."));

        // without a key or a body: a new run each time, titled after the automation
        Response plain = resource.startRun(security(admin()), automation.toString(), null, null);
        assertEquals("Triage, started by hand", DB.queryValue("SELECT context_json->>'title' FROM automation_runs"
                + " WHERE id = '" + ((Map<?, ?>) plain.getEntity()).get("id") + "'"));
        settle();   // the other tests' dispatches must not find this run
    }

    @Test
    void aRunStartedByHandNeedsAnEnabledAutomationOfTheOrganizationAndSaneFields() {
        UUID automation = automation(List.of());
        AutomationsResource resource = new AutomationsResource(automations(), admin,
                RunsTestSchema.idempotencyStore(unitOfWork));
        assertEquals(Role.ADMIN, methodRole(AutomationsResource.class, "startRun"), "members are refused by the filter");

        assertProblem(404, "automation_not_found", () -> admin.start(admin(), UUID.randomUUID(), null));
        assertProblem(404, "automation_not_found", () -> resource.startRun(security(admin()), "not-an-id", null, null));
        assertProblem(400, "invalid_field", () -> admin.start(admin(), automation,
                new RunAdmin.StartRequest(null, null, "ftp://files.example.com/x", null)));
        assertProblem(400, "invalid_field", () -> admin.start(admin(), automation,
                new RunAdmin.StartRequest(null, null, "https://user:pw@example.com/", null)));
        assertProblem(400, "invalid_field", () -> admin.start(admin(), automation,
                new RunAdmin.StartRequest("x".repeat(501), null, null, null)));
        assertProblem(400, "invalid_field", () -> admin.start(admin(), automation,
                new RunAdmin.StartRequest(null, null, null, Map.of("blob", "x".repeat(70_000)))));
        automations().update(admin(), automation, new AutomationAdmin.AutomationRequest(null, null, false, null, null,
                null, null, null, null, null, null));
        assertProblem(409, "automation_disabled", () -> admin.start(admin(), automation, null));
        assertEquals(0L, ((Number) DB.queryValue("SELECT count(*) FROM automation_runs WHERE automation_id = '"
                + automation + "'")).longValue(), "nothing was started");
    }

    private static Role methodRole(Class<?> type, String method) {
        return java.util.Arrays.stream(type.getMethods()).filter(m -> m.getName().equals(method)).findFirst()
                .orElseThrow().getAnnotation(dev.switchboard.rest.RequiresRole.class).value();
    }

    private static void assertProblem(int status, String code, org.junit.jupiter.api.function.Executable call) {
        ApiProblem problem = assertThrows(ApiProblem.class, call);
        assertEquals(status, problem.status(), problem.getMessage());
        assertEquals(code, problem.code());
    }

    private static javax.ws.rs.core.SecurityContext security(Caller caller) {
        return dev.switchboard.rest.testing.TestSecurity.of(caller);
    }

    @Test
    void aRunCanceledWhileItsSessionStartsDoesNotLeaveThatSessionWorking() {
        UUID automation = automation(List.of(Map.of("channel", "recording", "target", Map.of())));
        UUID id = triggeredRun(automation, "Cancel me mid-start");
        sessions.onStart = session -> admin.cancel(admin(), id);
        settle();
        RunRow canceled = run(id);
        assertEquals("canceled", canceled.status());
        assertEquals(1, sessions.started.size());
        UUID started = sessions.byOrigin.get(org + "run:" + id + ":session").id();
        assertTrue(sessions.stopped.contains(started), "the session started for the canceled run is stopped");
        assertTrue(channel.delivered.isEmpty(), "canceled is not among the outcomes targets hear of by default");
    }

    @Test
    void aPersonsResolutionNotifiesWithTheResolvedOutcomeAndQueuedNotificationsKeepTheirOwn() {
        UUID automation = automation(List.of(Map.of("channel", "recording", "target", Map.of(),
                "on", List.of("needs_human", "succeeded"))));
        UUID id = triggeredRun(automation, "Decide");
        settle();
        RunRow run = run(id);
        admin.complete(agent(run.sessionId()), id, new RunAdmin.CompleteRequest(run.completionId(), "needs_human",
                "which label?", null, null));
        admin.resolve(admin(), id, new RunAdmin.ResolveRequest("succeeded", "labelled"));
        settle();
        assertEquals(List.of("needs_human", "succeeded"), channel.delivered.stream().map(RunNotification::status)
                .sorted().toList());
        assertEquals(java.util.Set.of("run_" + id + "_needs_human_0", "run_" + id + "_succeeded_0"),
                channel.delivered.stream().map(RunNotification::id).collect(java.util.stream.Collectors.toSet()));
        assertNotNull(run(id).completedAt());
    }

    @Test
    void anEventWithoutATitleFailsEnrichmentAndItsEventFollows() {
        UUID automation = automation(List.of());
        UUID id = triggeredRun(automation, " ");
        settle();
        RunRow failed = run(id);
        assertEquals("failed", failed.status());
        assertEquals("enrichment_failed", failed.statusReason());
        assertEquals("enrichment", failed.failureStage());
        assertTrue(sessions.started.isEmpty());
        assertEquals("failed", link.statuses(failed.triggerEventId()).get(link.statuses(failed.triggerEventId()).size() - 1));
    }

    @Test
    void theFinalizerTimesOutLateRunsAndFailsRunsWhoseSessionEndedOrWhoseSandboxDied() {
        UUID automation = automation(List.of());
        UUID queued = triggeredRun(automation, "Never ran");
        UUID ended = triggeredRun(automation, "Session ended");
        UUID dead = triggeredRun(automation, "Sandbox died");
        UUID alive = triggeredRun(automation, "Still working");
        UUID late = triggeredRun(automation, "Too slow");
        settle();
        DB.execute("UPDATE automation_runs SET status = 'queued', session_id = NULL WHERE id = '" + queued + "'");
        sessions.states.put(run(ended).sessionId(), new SessionState("stopped", "stopped by request", null, false, true));
        sessions.dead.add(run(dead).sessionId());
        Instant now = Instant.now();
        Clock later = Clock.fixed(now.plus(Duration.ofMinutes(31)), ZoneOffset.UTC);
        DB.execute("UPDATE automation_runs SET deadline_at = now() + interval '1 day' WHERE id <> '" + late + "'");
        DB.execute("UPDATE automation_runs SET deadline_at = now() - interval '1 second' WHERE id IN ('" + late + "', '"
                + queued + "')");
        RunFinalizer finalizer = new RunFinalizer(store, new RunOutcomes(store, sessionEvents), sessions,
                RunsConfig.from(Map.of()), later);

        assertEquals(4, finalizer.finalizeRuns());
        assertEquals("timed_out", run(queued).status());
        assertEquals("failed", run(ended).status());
        assertEquals("no_completion", run(ended).statusReason());
        assertEquals("sandbox_dead", run(dead).statusReason());
        assertEquals("timed_out", run(late).status());
        assertTrue(sessions.stopped.contains(run(late).sessionId()), "a timed-out run's session is stopped");
        assertEquals("running", run(alive).status());
        assertTrue(run(alive).lastActivityAt().isAfter(now.plus(Duration.ofMinutes(30))), "looked at again after an idle period");
        assertEquals(0, finalizer.finalizeRuns(), "each run ends once");
    }

    @Test
    void ownersResolveRunsThatWaitForAPersonCancelRunsAndMembersAssignThemselves() {
        UUID automation = automation(List.of());
        UUID waiting = triggeredRun(automation, "Needs a decision");
        UUID toCancel = triggeredRun(automation, "Cancel me");
        settle();
        RunRow run = run(waiting);
        admin.complete(agent(run.sessionId()), waiting, new RunAdmin.CompleteRequest(run.completionId(), "needs_human",
                "which label?", null, null));
        Caller member = member();

        assertEquals(403, assertThrows(ApiProblem.class, () -> admin.resolve(member, waiting,
                new RunAdmin.ResolveRequest("succeeded", null))).status());
        assertEquals(400, assertThrows(ApiProblem.class, () -> admin.resolve(admin(), waiting,
                new RunAdmin.ResolveRequest("canceled", null))).status());
        assertEquals("succeeded", admin.resolve(admin(), waiting, new RunAdmin.ResolveRequest("succeeded", "labelled")).get("status"));
        assertEquals(409, assertThrows(ApiProblem.class, () -> admin.resolve(admin(), waiting,
                new RunAdmin.ResolveRequest("failed", null))).status());
        assertEquals(owner.toString(), run(waiting).resolvedBy().toString());

        assertEquals("canceled", admin.cancel(admin(), toCancel).get("status"));
        assertTrue(sessions.stopped.contains(run(toCancel).sessionId()));
        assertEquals(409, assertThrows(ApiProblem.class, () -> admin.cancel(admin(), toCancel)).status());

        assertEquals(member.userId().toString(), admin.assign(member, waiting, null).get("assignedTo"));
        assertEquals(409, assertThrows(ApiProblem.class, () -> admin.assign(member(), waiting, null)).status());
        assertEquals(1, admin.list(member, null, null, "me", PageRequest.of(null, null)).items().size());
        assertNull(admin.unassign(member, waiting).get("assignedTo"));
        assertEquals(2, admin.list(member, null, automation.toString(), null, PageRequest.of(null, null)).items().size());
        assertEquals(400, assertThrows(ApiProblem.class, () -> admin.list(member, "done", null, null,
                PageRequest.of(null, null))).status());
    }

    @Test
    void aFailingChannelIsRetriedOnItsOwnWhileTheOtherTargetsAreNotified() {
        Recording failing = new Recording("failing");
        failing.failures = 1;
        targets.addChannel(failing);
        UUID automation = automation(List.of(Map.of("channel", "failing", "target", Map.of()),
                Map.of("channel", "recording", "target", Map.of(), "on", List.of("failed"))));
        UUID id = triggeredRun(automation, "Two channels");
        settle();
        RunRow run = run(id);
        admin.complete(agent(run.sessionId()), id, new RunAdmin.CompleteRequest(run.completionId(), "failed", "no luck", null, null));
        settle();
        assertEquals(1, channel.delivered.size());
        assertTrue(failing.delivered.isEmpty());
        DB.execute("UPDATE outbox SET available_at = now() WHERE status = 'pending'");
        settle();
        assertEquals(1, failing.delivered.size());
        assertEquals("run_" + id + "_failed_0", failing.delivered.get(0).id(), "the same id on the retry");
    }

    @Test
    void retentionRemovesOldOutboxRowsAndTheEventsOfRunsThatEndedLongAgo() {
        UUID automation = automation(List.of());
        UUID old = triggeredRun(automation, "Old");
        UUID recent = triggeredRun(automation, "Recent");
        settle();
        for (UUID id : List.of(old, recent)) {
            RunRow run = run(id);
            admin.complete(agent(run.sessionId()), id, new RunAdmin.CompleteRequest(run.completionId(), "succeeded", null, null, null));
        }
        settle();
        DB.execute("UPDATE automation_runs SET completed_at = now() - interval '91 days' WHERE id = '" + old + "'");
        DB.execute("UPDATE outbox SET dispatched_at = now() - interval '8 days' WHERE organization_id = '" + org + "'");
        RunsRetention retention = new RunsRetention(store, RunsConfig.from(Map.of()), Clock.systemUTC());

        assertTrue(retention.prune() > 0);
        assertEquals(0L, ((Number) DB.queryValue("SELECT count(*) FROM outbox WHERE organization_id = '" + org + "'")).longValue());
        assertEquals(0L, ((Number) DB.queryValue("SELECT count(*) FROM automation_run_events WHERE run_id = '" + old + "'")).longValue());
        assertTrue(((Number) DB.queryValue("SELECT count(*) FROM automation_run_events WHERE run_id = '" + recent + "'")).longValue() > 0);
        assertEquals("succeeded", run(old).status(), "the run itself stays");
    }

    @Test
    void automationSettingsAreCheckedFieldByField() {
        AutomationAdmin automations = automations();
        assertEquals("notifications[0].channel", field(() -> automations.create(admin(), request(
                List.of(Map.of("channel", "pigeon")), null))));
        assertEquals("notifications[0].target.to", field(() -> automations.create(admin(), request(
                List.of(Map.of("channel", "recording", "target", Map.of("to", 7))), null))));
        assertEquals("deadlineSeconds", field(() -> automations.create(admin(), request(List.of(), 5))));
        assertEquals(0, ((Number) DB.queryValue("SELECT count(*) FROM automations WHERE organization_id = '" + org
                + "'")).intValue(), "nothing was stored");
    }

    private static AutomationAdmin.AutomationRequest request(List<Map<String, Object>> notifications, Integer deadline) {
        return new AutomationAdmin.AutomationRequest("A", null, null, null, null, null, null, null, null, notifications, deadline);
    }

    private static String field(Runnable call) {
        ApiProblem problem = assertThrows(ApiProblem.class, call::run);
        assertEquals(400, problem.status());
        return problem.errors().get(0).field();
    }

    /** A notification channel that records deliveries and fails the first {@code failures} ones. */
    static final class Recording implements NotificationChannel {
        final String id;
        final List<RunNotification> delivered = new CopyOnWriteArrayList<>();
        volatile int failures;

        Recording(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public void validate(UUID organizationId, Map<String, Object> target) throws InvalidTargetException {
            if (target.containsKey("to") && !(target.get("to") instanceof String)) {
                throw new InvalidTargetException("to", "must be a name");
            }
        }

        @Override
        public void deliver(RunNotification notification, Map<String, Object> target) {
            if (failures > 0) {
                failures--;
                throw new IllegalStateException("the receiver is down");
            }
            delivered.add(notification);
        }
    }

    /** The triggers bundle's side: contexts by event id, and the statuses the event followed. */
    static final class Link implements TriggerEventLink {
        final Map<UUID, TriggerEventContext> contexts = new ConcurrentHashMap<>();
        final Map<UUID, List<String>> followed = new ConcurrentHashMap<>();

        @Override
        public Optional<TriggerEventContext> context(UUID organizationId, UUID triggerEventId) {
            return Optional.ofNullable(contexts.get(triggerEventId));
        }

        @Override
        public void followRun(Transaction tx, UUID organizationId, UUID triggerEventId, String status, UUID sessionId,
                              String error) {
            followed.computeIfAbsent(triggerEventId, key -> new CopyOnWriteArrayList<>()).add(status);
        }

        List<String> statuses(UUID event) {
            return followed.getOrDefault(event, List.of());
        }
    }

    /** Sessions that exist as rows (one per origin key) without sandboxes; states and liveness set by the test. */
    static final class RecordingSessions implements Sessions {
        final SessionsService rows;
        final List<NewSession> started = new CopyOnWriteArrayList<>();
        final Map<String, SessionRef> byOrigin = new ConcurrentHashMap<>();
        final Map<UUID, SessionState> states = new ConcurrentHashMap<>();
        final List<UUID> dead = new CopyOnWriteArrayList<>();
        final List<UUID> stopped = new CopyOnWriteArrayList<>();
        volatile java.util.function.Consumer<SessionRef> onStart = session -> { };

        RecordingSessions(SessionsService rows) {
            this.rows = rows;
        }

        @Override
        public synchronized SessionRef start(NewSession session) {
            SessionRef existing = byOrigin.get(session.organizationId() + session.originKey());
            if (existing != null) {
                return existing;
            }
            SessionRef created = rows.create(session.organizationId(), session.createdBy(), session.sessionType(), session.title());
            byOrigin.put(session.organizationId() + session.originKey(), created);
            started.add(session);
            onStart.accept(created);
            return created;
        }

        @Override
        public Optional<SessionRef> findByOrigin(UUID organizationId, String originKey) {
            return Optional.ofNullable(byOrigin.get(organizationId + originKey));
        }

        @Override
        public Optional<SessionState> state(UUID organizationId, UUID sessionId) {
            return Optional.of(states.getOrDefault(sessionId, new SessionState("running", null, null, false, true)));
        }

        @Override
        public boolean sandboxAlive(UUID organizationId, UUID sessionId) {
            return !dead.contains(sessionId);
        }

        @Override
        public void stop(UUID organizationId, UUID sessionId, String reason) {
            stopped.add(sessionId);
        }

        @Override
        public Optional<SessionRef> get(UUID organizationId, UUID sessionId) {
            return rows.get(organizationId, sessionId);
        }

        @Override
        public SessionRef create(UUID organizationId, UUID createdBy, String sessionType, String title) {
            return rows.create(organizationId, createdBy, sessionType, title);
        }

        @Override
        public void connect(UUID organizationId, UUID sessionId, UUID integrationId) {
            rows.connect(organizationId, sessionId, integrationId);
        }

        @Override
        public List<UUID> connectedIntegrations(UUID organizationId, UUID sessionId) {
            return rows.connectedIntegrations(organizationId, sessionId);
        }
    }
}
