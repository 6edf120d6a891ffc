package dev.switchboard.sessions.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.core.plugins.PluginEntry;
import dev.switchboard.core.plugins.PluginRegistry;
import dev.switchboard.core.plugins.PluginUnavailableException;
import dev.switchboard.foundation.internal.SessionsTestSchema;
import dev.switchboard.foundation.internal.UnitOfWorkService;
import dev.switchboard.foundation.testing.TestDatabase;
import dev.switchboard.identity.SessionTokens;
import dev.switchboard.rest.ApiProblem;
import dev.switchboard.rest.Caller;
import dev.switchboard.rest.PageRequest;
import dev.switchboard.rest.Role;
import dev.switchboard.sandbox.local.LocalSandboxConfig;
import dev.switchboard.sandbox.local.LocalSandboxProvider;
import dev.switchboard.spi.Plugin;
import dev.switchboard.spi.PluginKind;
import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The session lifecycle end to end on a real database and the real local sandbox provider (bubblewrap). */
class SessionLifecycleTest {

    @RegisterExtension
    static final TestDatabase DB = TestDatabase.create().withSchema(SessionsTestSchema::apply);

    private static final String AGENT = """
            read message
            echo '{"type":"tool_call","tool":"grep","args":{"pattern":"TODO"}}'
            echo "working on: $message"
            test -f "$SWITCHBOARD_PROMPT_FILE" && echo "prompt file present"
            test -n "$SWITCHBOARD_TOKEN" && echo "token present"
            test "$DATABASE_URL" = "postgres://db/app" && grep -q "DATABASE_URL='postgres://db/app'" .env && echo "secrets present"
            test "$SWITCHBOARD_URL" = "http://127.0.0.1:8181" && echo "engine url kept"
            grep -q "contributed at start" .switchboard/contributed.md && echo "start files present"
            echo "to stderr" >&2
            exit 3
            """;

    private static final UUID INTEGRATION = UUID.randomUUID();
    private static Path root;
    private static LocalSandboxProvider provider;
    private static SessionsStore store;
    private static SessionEventLogService events;
    private static SessionLifecycle sessions;
    private static final Tokens TOKENS = new Tokens();
    private static AgentTools tools;
    private static LocalArtifactStore artifacts;

    @BeforeAll
    static void setUp() throws Exception {
        root = Files.createTempDirectory("sessions-test");
        provider = new LocalSandboxProvider(config(root));
        store = new SessionsStore(new UnitOfWorkService(DB.dataSource()));
        events = new SessionEventLogService(store);
        Registry registry = new Registry(provider);
        SessionsConfig config = SessionsConfig.from(Map.of("agent.command", "/bin/sh -c " + "x"));
        sessions = new SessionLifecycle(store, events, registry, TOKENS, (organizationId, scope) ->
                new dev.switchboard.secrets.SessionSecrets(Map.of("DATABASE_URL", "postgres://db/app", "SWITCHBOARD_URL", "spoofed"),
                        List.of(new dev.switchboard.secrets.EnvFileSpec(".", ".env", "env", "secret", List.of("DATABASE_URL")))),
                new SessionsConfig("local", "http://127.0.0.1:8181", List.of(), Duration.ofSeconds(30),
                        Duration.ofMinutes(10), Duration.ofDays(7), "http://127.0.0.1:9", false, java.util.Set.of("main")));
        assertEquals(List.of("/bin/sh", "-c", "x"), config.agentCommand());
        sessions.addStartFiles(session -> List.of(new dev.switchboard.spi.sandbox.EnvFile(".switchboard/contributed.md",
                "contributed at start for " + session.id())));
        artifacts = new LocalArtifactStore(Files.createTempDirectory("artifacts"));
        tools = new AgentTools(sessions, store, events, registry, artifacts);
    }

    @AfterAll
    static void tearDown() {
        sessions.close();
    }

    private static Caller member(UUID organizationId) {
        UUID user = UUID.randomUUID();
        DB.execute("INSERT INTO users (id, email, name) VALUES ('" + user + "', '" + user + "@example.com', 'M')");
        return new Caller(Caller.Kind.API_KEY, user, organizationId, Role.MEMBER, null, null, UUID.randomUUID(), false);
    }

    private static UUID organization() {
        UUID id = UUID.randomUUID();
        DB.execute("INSERT INTO organizations (id, name, slug) VALUES ('" + id + "', 'Org', 'org-" + id + "')");
        return id;
    }

    private static List<String> types(Caller caller, UUID id) {
        return sessions.events(caller, id, null, PageRequest.of("100", null)).items().stream()
                .map(event -> (String) event.get("type")).toList();
    }

    private static List<Map<String, Object>> eventsOf(Caller caller, UUID id) {
        return sessions.events(caller, id, null, PageRequest.of("100", null)).items();
    }

    @Test
    void aSessionStartsInItsSandboxDeliversTheFirstPromptOnceAndTurnsOutputIntoEvents() {
        Caller caller = member(organization());
        SessionView created = sessions.create(caller, new SessionLifecycle.CreateRequest("coding", "Fix TODOs", null, null,
                List.of("/bin/sh", "-c", AGENT), null, "find the TODOs", null));
        UUID id = UUID.fromString(created.id());
        assertEquals("starting", created.status());

        await().atMost(Duration.ofSeconds(20)).until(() -> types(caller, id).contains("turn_completed"));
        SessionView running = sessions.get(caller, id);
        assertEquals("running", running.status());
        assertNotNull(running.sandboxId());
        assertNotNull(running.promptSentAt());
        List<Map<String, Object>> log = eventsOf(caller, id);
        List<String> types = log.stream().map(event -> (String) event.get("type")).toList();
        assertEquals(List.of("status", "status", "status", "turn_started"), types.subList(0, 4));
        assertTrue(types.contains("agent.tool_call"), types.toString());
        assertTrue(log.stream().anyMatch(event -> event.get("data").toString().contains("working on: find the TODOs")));
        assertTrue(log.stream().anyMatch(event -> event.get("data").toString().contains("prompt file present")));
        assertTrue(log.stream().anyMatch(event -> event.get("data").toString().contains("token present")));
        assertTrue(log.stream().anyMatch(event -> event.get("data").toString().contains("secrets present")), log.toString());
        assertTrue(log.stream().anyMatch(event -> event.get("data").toString().contains("engine url kept")));
        assertTrue(log.stream().anyMatch(event -> event.get("data").toString().contains("start files present")));
        assertTrue(log.stream().anyMatch(event -> event.get("data").toString().contains("stderr")));
        assertEquals("{\"exitCode\":3}", log.get(log.size() - 1).get("data").toString());
        for (int i = 0; i < log.size(); i++) {
            assertEquals((long) i + 1, ((Number) log.get(i).get("id")).longValue(), "event ids are 1, 2, 3, ...");
        }

        sessions.message(caller, id, new SessionLifecycle.MessageRequest("second message"));
        await().atMost(Duration.ofSeconds(20)).until(() ->
                types(caller, id).stream().filter("turn_completed"::equals).count() == 2);
        assertTrue(eventsOf(caller, id).stream().anyMatch(event -> event.get("data").toString().contains("second message")));
        assertEquals(1, DB.queryValue("SELECT count(*) FROM sessions WHERE id = '" + id + "' AND prompt_sent_at IS NOT NULL")
                instanceof Number number ? number.intValue() : -1);

        SessionView stopped = sessions.stop(caller, id);
        assertEquals("stopped", stopped.status());
        assertTrue(TOKENS.revoked.contains(id));
        assertEquals(409, assertThrows(ApiProblem.class, () -> sessions.message(caller, id,
                new SessionLifecycle.MessageRequest("too late"))).status());
    }

    @Test
    void bundlesStartOneSessionPerOriginKeyWithFilesOfTheirOwnAndCanWatchAndStopIt() throws Exception {
        Caller caller = member(organization());
        UUID organizationId = caller.organizationId();
        String agent = "cat .switchboard/run.json; echo; echo prompt: $(cat)";
        dev.switchboard.sessions.NewSession request = new dev.switchboard.sessions.NewSession(organizationId,
                "run:42:session", caller.userId(), "automation", "automation", "Run 42", null,
                List.of("/bin/sh", "-c", agent), null, "do the task",
                List.of(new dev.switchboard.spi.sandbox.EnvFile(".switchboard/run.json", "{\"runId\":\"42\"}")),
                List.of(INTEGRATION));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        List<java.util.concurrent.Future<dev.switchboard.sessions.SessionRef>> starts = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            starts.add(pool.submit(() -> sessions.startFor(request)));
        }
        java.util.Set<UUID> ids = new java.util.HashSet<>();
        for (java.util.concurrent.Future<dev.switchboard.sessions.SessionRef> start : starts) {
            ids.add(start.get().id());
        }
        pool.shutdown();
        assertEquals(1, ids.size(), "one session per origin key, however many callers race");
        UUID id = ids.iterator().next();
        await().atMost(Duration.ofSeconds(20)).until(() -> types(caller, id).contains("turn_completed"));
        List<Map<String, Object>> log = eventsOf(caller, id);
        assertTrue(log.stream().anyMatch(event -> event.get("data").toString().contains("runId") && event.get("data").toString().contains("42")),
                log.toString());
        assertTrue(log.stream().anyMatch(event -> event.get("data").toString().contains("prompt: do the task")));
        assertEquals(1L, types(caller, id).stream().filter("turn_started"::equals).count(), "the prompt is delivered once");

        assertEquals(1L, ((Number) DB.queryValue("SELECT count(*) FROM session_connections WHERE session_id = '" + id
                + "' AND integration_id = '" + INTEGRATION + "'")).longValue(), "bound before the start, in its transaction");
        dev.switchboard.sessions.SessionState state = sessions.state(organizationId, id).orElseThrow();
        assertEquals("running", state.status());
        assertTrue(state.hasSandbox());
        assertTrue(sessions.sandboxAlive(organizationId, id));
        assertTrue(sessions.state(organization(), id).isEmpty(), "scoped by organization");

        sessions.stopFor(organizationId, id, "run canceled");
        state = sessions.state(organizationId, id).orElseThrow();
        assertTrue(state.ended());
        assertEquals("run canceled", state.statusReason());
        assertFalse(sessions.sandboxAlive(organizationId, id));
        assertTrue(TOKENS.revoked.contains(id));
        assertEquals(id, sessions.startFor(request).id(), "an ended session still owns its origin key");
    }

    @Test
    void aSessionWithoutASandboxRunsAtOnceNeverStartsOneIsLeftAloneByHousekeepingAndStops() {
        Caller caller = member(organization());
        UUID organizationId = caller.organizationId();
        dev.switchboard.sessions.NewSession request = new dev.switchboard.sessions.NewSession(organizationId,
                "inbox:7:skill", null, "skill", "inbox", "Skill on message 7", null, null,
                dev.switchboard.sessions.NewSession.NO_SANDBOX, "never delivered", null, List.of(INTEGRATION));

        dev.switchboard.sessions.SessionRef started = sessions.startFor(request);

        assertEquals("running", started.status(), "running in the same transaction, nothing to wait for");
        assertEquals("skill", started.sessionType());
        assertEquals(null, started.createdBy(), "acts for nobody: the organization's");
        UUID id = started.id();
        assertEquals(id, sessions.startFor(request).id(), "one per origin key");
        assertEquals(List.of("status", "status"), types(caller, id));
        assertEquals(List.of("pending", "running"), eventsOf(caller, id).stream()
                .map(event -> ((com.fasterxml.jackson.databind.JsonNode) event.get("data")).path("status").asText())
                .toList());
        dev.switchboard.sessions.SessionState state = sessions.state(organizationId, id).orElseThrow();
        assertEquals("running", state.status());
        assertFalse(state.hasSandbox());
        assertFalse(sessions.sandboxAlive(organizationId, id));
        assertEquals("none", sessions.get(caller, id).sandboxProvider());
        assertEquals(0L, ((Number) DB.queryValue("SELECT count(*) FROM sessions WHERE id = '" + id
                + "' AND (sandbox_id IS NOT NULL OR initial_prompt IS NOT NULL)")).longValue());

        ApiProblem message = assertThrows(ApiProblem.class, () -> sessions.message(caller, id,
                new SessionLifecycle.MessageRequest("hello")));
        assertEquals("session_without_sandbox", message.code());
        assertEquals("session_without_sandbox", assertThrows(ApiProblem.class, () -> sessions.pause(caller, id)).code());

        DB.execute("UPDATE sessions SET last_activity_at = now() - interval '2 hours' WHERE id = '" + id + "'");
        sessions.sweep(java.time.Instant.now());
        assertEquals("running", sessions.get(caller, id).status(), "no sandbox to pause: its owner stops it");

        sessions.stopFor(organizationId, id, "skill finished");
        state = sessions.state(organizationId, id).orElseThrow();
        assertTrue(state.ended());
        assertEquals("skill finished", state.statusReason());
        assertTrue(TOKENS.revoked.contains(id));
        sessions.stopFor(organizationId, id, "again");
        assertEquals("skill finished", sessions.state(organizationId, id).orElseThrow().statusReason(), "stop is idempotent");
    }

    @Test
    void theRestApiCannotAskForASessionWithoutASandbox() {
        Caller caller = member(organization());

        ApiProblem problem = assertThrows(ApiProblem.class, () -> sessions.create(caller,
                new SessionLifecycle.CreateRequest("skill", null, null, null, null, "none", null, null)));

        assertEquals("invalid_field", problem.code());
        assertTrue(problem.getMessage().contains("sandboxProvider"), problem.getMessage());
    }

    @Test
    void retentionDeletesSessionEventsOlderThanItsPeriod() {
        Caller caller = member(organization());
        UUID id = UUID.fromString(sessions.create(caller, new SessionLifecycle.CreateRequest(null, null, null, null, null,
                null, null, "deferred")).id());
        events.append(caller.organizationId(), id, "note", Map.of("n", 1));
        events.append(caller.organizationId(), id, "note", Map.of("n", 2));
        DB.execute("UPDATE session_events SET created_at = now() - interval '31 days' WHERE session_id = '" + id + "' AND seq <= 2");
        SessionEventRetention retention = new SessionEventRetention(store, Duration.ofDays(30), java.time.Clock.systemUTC());
        assertTrue(retention.prune() >= 2);
        List<Map<String, Object>> left = eventsOf(caller, id);
        assertEquals(1, left.size(), left.toString());
        assertEquals(3L, ((Number) left.get(0).get("id")).longValue(), "ids are not reused");
        assertEquals(0, retention.prune());
    }

    @Test
    void aStartCutOffByAStoppedNodeIsStartedAgainByHousekeepingAndDeliversItsPromptOnce() {
        Caller caller = member(organization());
        UUID id = UUID.fromString(sessions.create(caller, new SessionLifecycle.CreateRequest(null, null, null, null,
                List.of("/bin/sh", "-c", "echo \"got: $(cat)\""), null, "resume me", "deferred")).id());
        // as if a node moved it to starting and died before its sandbox came up
        DB.execute("UPDATE sessions SET status = 'starting', updated_at = now() - interval '11 minutes' WHERE id = '" + id + "'");
        UUID fresh = UUID.fromString(sessions.create(caller, new SessionLifecycle.CreateRequest(null, null, null, null,
                null, null, null, "deferred")).id());
        DB.execute("UPDATE sessions SET status = 'starting', updated_at = now() WHERE id = '" + fresh + "'");

        sessions.sweep(java.time.Instant.now());

        await().atMost(Duration.ofSeconds(20)).until(() -> types(caller, id).contains("turn_completed"));
        assertEquals("running", sessions.get(caller, id).status());
        assertEquals(1L, types(caller, id).stream().filter("turn_started"::equals).count());
        assertTrue(eventsOf(caller, id).stream().anyMatch(event -> event.get("data").toString().contains("got: resume me")));
        assertEquals("starting", sessions.get(caller, fresh).status(), "a start still within its time is left alone");
        sessions.sweep(java.time.Instant.now());
        assertEquals(1L, types(caller, id).stream().filter("turn_started"::equals).count(), "the prompt is delivered once");
    }

    @Test
    void aRunningTurnIsCancelledThroughTheControlChannelPath() {
        Caller caller = member(organization());
        UUID id = UUID.fromString(sessions.create(caller, new SessionLifecycle.CreateRequest(null, null, null, null,
                List.of("/bin/sh", "-c", "trap 'echo terminated; exit 143' TERM; echo started; sleep 30 & wait"), null,
                null, null)).id());
        await().atMost(Duration.ofSeconds(20)).until(() -> "running".equals(sessions.get(caller, id).status()));
        sessions.message(caller, id, new SessionLifecycle.MessageRequest("long task"));
        await().atMost(Duration.ofSeconds(10)).until(() -> eventsOf(caller, id).stream()
                .anyMatch(event -> event.get("data").toString().contains("started")));
        assertEquals(409, assertThrows(ApiProblem.class, () -> sessions.message(caller, id,
                new SessionLifecycle.MessageRequest("another"))).status());

        sessions.cancel(caller, id);
        // the cancel travels as a NOTIFY; this test has no listener, so deliver it as the listener would
        sessions.controlForTest("cancel:" + id);

        await().atMost(Duration.ofSeconds(15)).until(() -> types(caller, id).contains("turn_completed"));
        assertTrue(types(caller, id).contains("turn_cancel_requested"));
        sessions.stop(caller, id);
    }

    @Test
    void pauseSnapshotsAndResumeRestoresInTheSameProvider() {
        Caller caller = member(organization());
        UUID id = UUID.fromString(sessions.create(caller, new SessionLifecycle.CreateRequest(null, null, null, null,
                List.of("/bin/sh", "-c", "test -f notes.txt && echo \"had: $(cat notes.txt)\"; cat > notes.txt"), null,
                "remember me", null)).id());
        await().atMost(Duration.ofSeconds(20)).until(() -> types(caller, id).contains("turn_completed"));

        assertTrue(sessions.snapshot(caller, id).get("snapshotId") instanceof String);
        assertEquals("paused", sessions.pause(caller, id).status());
        assertEquals(409, assertThrows(ApiProblem.class, () -> sessions.pause(caller, id)).status());
        sessions.resume(caller, id);
        await().atMost(Duration.ofSeconds(20)).until(() -> "running".equals(sessions.get(caller, id).status()));
        assertEquals("local", sessions.get(caller, id).sandboxProvider());

        sessions.message(caller, id, new SessionLifecycle.MessageRequest("x"));
        // the same workspace: the file written before the pause is still there
        await().atMost(Duration.ofSeconds(20)).until(() ->
                types(caller, id).stream().filter("turn_completed"::equals).count() == 2);
        assertTrue(eventsOf(caller, id).stream().anyMatch(event -> event.get("data").toString().contains("had: remember me")));
        sessions.delete(caller, id);
        assertEquals(404, assertThrows(ApiProblem.class, () -> sessions.get(caller, id)).status());
    }

    @Test
    void housekeepingPausesIdleSessionsMovesExpiringOnesAndDeletesOldEndedOnes() {
        Caller caller = member(organization());
        UUID idle = UUID.fromString(sessions.create(caller, new SessionLifecycle.CreateRequest(null, null, null, null,
                List.of("/bin/sh", "-c", "test -f keep.txt && echo \"kept: $(cat keep.txt)\"; cat > keep.txt"), null,
                "survive the move", null)).id());
        UUID expiring = UUID.fromString(sessions.create(caller, new SessionLifecycle.CreateRequest(null, null, null, null,
                List.of("/bin/sh", "-c", "test -f keep.txt && echo \"kept: $(cat keep.txt)\"; cat > keep.txt"), null,
                "survive the move", null)).id());
        await().atMost(Duration.ofSeconds(20)).until(() -> types(caller, idle).contains("turn_completed")
                && types(caller, expiring).contains("turn_completed"));
        String before = sessions.get(caller, expiring).sandboxId();
        DB.execute("UPDATE sessions SET last_activity_at = now() - interval '2 hours' WHERE id = '" + idle + "'");
        DB.execute("UPDATE sessions SET expires_at = now() + interval '1 minute' WHERE id = '" + expiring + "'");
        UUID ended = UUID.fromString(sessions.create(caller, new SessionLifecycle.CreateRequest(null, null, null, null,
                null, null, null, "deferred")).id());
        sessions.stop(caller, ended);
        DB.execute("UPDATE sessions SET ended_at = now() - interval '8 days' WHERE id = '" + ended + "'");

        sessions.sweep(java.time.Instant.now());

        assertEquals("paused", sessions.get(caller, idle).status());
        assertEquals("idle", sessions.get(caller, idle).statusReason());
        SessionView moved = sessions.get(caller, expiring);
        assertEquals("running", moved.status());
        assertTrue(!before.equals(moved.sandboxId()), "a new sandbox");
        assertTrue(types(caller, expiring).contains("sandbox_migrated"));
        assertEquals(404, assertThrows(ApiProblem.class, () -> sessions.get(caller, ended)).status());

        sessions.message(caller, expiring, new SessionLifecycle.MessageRequest("after the move"));
        await().atMost(Duration.ofSeconds(20)).until(() -> eventsOf(caller, expiring).stream()
                .anyMatch(event -> event.get("data").toString().contains("kept: survive the move")));
        sessions.stop(caller, idle);
        sessions.stop(caller, expiring);
    }

    @Test
    void aTurnInProgressOnAnyNodeBlocksAnotherMessage() {
        Caller caller = member(organization());
        UUID id = UUID.fromString(sessions.create(caller, new SessionLifecycle.CreateRequest(null, null, null, null,
                List.of("/bin/sh", "-c", "cat"), null, null, null)).id());
        await().atMost(Duration.ofSeconds(20)).until(() -> "running".equals(sessions.get(caller, id).status()));
        DB.execute("UPDATE sessions SET turn_started_at = now() WHERE id = '" + id + "'"); // another node's turn
        ApiProblem busy = assertThrows(ApiProblem.class, () -> sessions.message(caller, id,
                new SessionLifecycle.MessageRequest("hi")));
        assertEquals("turn_in_progress", busy.code());
        DB.execute("UPDATE sessions SET turn_started_at = now() - interval '2 hours' WHERE id = '" + id + "'"); // it died
        sessions.message(caller, id, new SessionLifecycle.MessageRequest("hi"));
        await().atMost(Duration.ofSeconds(20)).until(() -> types(caller, id).contains("turn_completed"));
        assertEquals(null, DB.queryValue("SELECT turn_started_at FROM sessions WHERE id = '" + id + "'"));
        sessions.stop(caller, id);
    }

    @Test
    void agentsAskForEnvValuesSaveServicesAndKeepVerificationEvidence() throws Exception {
        Caller caller = member(organization());
        UUID id = UUID.fromString(sessions.create(caller, new SessionLifecycle.CreateRequest(null, null, null, null,
                List.of("/bin/sh", "-c", "cat > report.txt; for f in .switchboard/env/*.env; do . \"$f\"; done;"
                        + " test \"$API_TOKEN\" = 's3cr3t value' && echo env-loaded"), null, null, null)).id());
        await().atMost(Duration.ofSeconds(20)).until(() -> "running".equals(sessions.get(caller, id).status()));
        Caller agent = new Caller(Caller.Kind.SESSION_TOKEN, caller.userId(), caller.organizationId(), Role.MEMBER, null,
                id, null, false);

        Map<String, Object> asked = tools.requestEnv(agent, id, new AgentTools.EnvRequest(List.of("API_TOKEN"), "to call the API"));
        String requestId = (String) asked.get("requestId");
        assertEquals(403, assertThrows(ApiProblem.class, () -> tools.provideEnv(agent, id,
                new AgentTools.EnvValues(requestId, Map.of("API_TOKEN", "self-served")))).status());
        tools.provideEnv(caller, id, new AgentTools.EnvValues(requestId, Map.of("API_TOKEN", "s3cr3t value")));
        sessions.message(caller, id, new SessionLifecycle.MessageRequest("all tests passed"));
        await().atMost(Duration.ofSeconds(20)).until(() -> types(caller, id).contains("turn_completed"));
        assertTrue(eventsOf(caller, id).stream().anyMatch(event -> event.get("data").toString().contains("env-loaded")));
        assertTrue(eventsOf(caller, id).stream().noneMatch(event -> event.get("data").toString().contains("s3cr3t")),
                "values never reach events");
        assertTrue(types(caller, id).containsAll(List.of("env.requested", "env.provided")));

        tools.saveServices(agent, id, new AgentTools.ServicesRequest(List.of(Map.of("name", "web", "command", "npm start"))));
        assertEquals(List.of(Map.of("name", "web", "command", "npm start")), sessions.get(caller, id).workspace().get("services"));
        assertEquals("invalid_field", assertThrows(ApiProblem.class, () -> tools.saveServices(agent, id,
                new AgentTools.ServicesRequest(List.of(Map.of("name", "Bad Name", "command", "x"))))).code());

        tools.saveEnvFiles(agent, id, new AgentTools.EnvFilesRequest(List.of(Map.of("path", "app/.env",
                "keys", List.of("DATABASE_URL", "NOT_A_SECRET")))));
        assertEquals(List.of(Map.of("path", "app/.env", "keys", List.of("DATABASE_URL", "NOT_A_SECRET"))),
                sessions.get(caller, id).workspace().get("envFiles"));
        assertEquals("invalid_field", assertThrows(ApiProblem.class, () -> tools.saveEnvFiles(agent, id,
                new AgentTools.EnvFilesRequest(List.of(Map.of("path", "/etc/app.env", "keys", List.of("A"))))) ).code());
        // a session started from that workspace spec gets the file, filled from the organization's secrets
        UUID next = UUID.fromString(sessions.create(caller, new SessionLifecycle.CreateRequest(null, null, null,
                sessions.get(caller, id).workspace(), List.of("/bin/sh", "-c", "cat app/.env"), null, "show", null)).id());
        await().atMost(Duration.ofSeconds(20)).until(() -> types(caller, next).contains("turn_completed"));
        assertTrue(eventsOf(caller, next).stream().anyMatch(event ->
                event.get("data").toString().contains("DATABASE_URL='postgres://db/app'")), eventsOf(caller, next).toString());
        sessions.stop(caller, next);

        Map<String, Object> verified = tools.verify(agent, id, new AgentTools.VerifyRequest("tests pass", List.of("report.txt")));
        @SuppressWarnings("unchecked")
        Map<String, Object> file = ((List<Map<String, Object>>) verified.get("files")).get(0);
        String ref = (String) file.get("ref");
        byte[] kept = artifacts.get(caller.organizationId(), ref.substring(ref.indexOf('/') + 1)).orElseThrow();
        assertEquals("all tests passed", new String(kept, java.nio.charset.StandardCharsets.UTF_8).strip());
        assertTrue(types(caller, id).contains("verification"));
        assertEquals(400, assertThrows(ApiProblem.class, () -> tools.verify(agent, id,
                new AgentTools.VerifyRequest("x", List.of("../etc/passwd")))).status());
        assertEquals(400, assertThrows(ApiProblem.class, () -> tools.verify(agent, id,
                new AgentTools.VerifyRequest("x", List.of("missing.txt")))).status());
        sessions.stop(caller, id);
    }

    @Test
    void anOrganizationsDefaultsChooseTheProviderAndAgentOfItsNewSessions() {
        UUID org = organization();
        Caller member = member(org);
        Caller admin = new Caller(Caller.Kind.API_KEY, member.userId(), org, Role.ADMIN, null, null, UUID.randomUUID(), false);
        assertEquals(403, assertThrows(ApiProblem.class, () -> sessions.putDefaults(member,
                new SessionLifecycle.DefaultsView("local", null))).status());
        assertEquals("invalid_field", assertThrows(ApiProblem.class, () -> sessions.putDefaults(admin,
                new SessionLifecycle.DefaultsView("modal", null))).code());
        assertEquals("sandboxProvider \"none\" is not a sandbox provider sessions can use", assertThrows(ApiProblem.class,
                () -> sessions.putDefaults(admin, new SessionLifecycle.DefaultsView("none", null))).getMessage());
        assertEquals(null, sessions.defaults(member).sandboxProvider(), "nothing stored");
        sessions.putDefaults(admin, new SessionLifecycle.DefaultsView("local", List.of("/bin/sh", "-c", "echo org-default-agent")));
        assertEquals(List.of("/bin/sh", "-c", "echo org-default-agent"), sessions.defaults(member).agentCommand());

        UUID id = UUID.fromString(sessions.create(member, new SessionLifecycle.CreateRequest(null, null, null, null, null,
                null, "go", null)).id());
        await().atMost(Duration.ofSeconds(20)).until(() -> types(member, id).contains("turn_completed"));
        assertTrue(eventsOf(member, id).stream().anyMatch(event -> event.get("data").toString().contains("org-default-agent")));
        assertEquals(null, sessions.defaults(member(organization())).sandboxProvider(), "another organization has none");
        sessions.stop(member, id);
    }

    @Test
    void sessionsAreInvisibleToOtherOrganizationsAndToOtherSessionsTokens() {
        Caller caller = member(organization());
        UUID id = UUID.fromString(sessions.create(caller, new SessionLifecycle.CreateRequest(null, null, null, null, null,
                null, null, "deferred")).id());
        assertEquals("pending", sessions.get(caller, id).status());
        Caller stranger = member(organization());
        assertEquals(404, assertThrows(ApiProblem.class, () -> sessions.get(stranger, id)).status());
        Caller otherAgent = new Caller(Caller.Kind.SESSION_TOKEN, caller.userId(), caller.organizationId(), Role.MEMBER,
                null, UUID.randomUUID(), null, false);
        assertEquals(404, assertThrows(ApiProblem.class, () -> sessions.get(otherAgent, id)).status());
        Caller ownAgent = new Caller(Caller.Kind.SESSION_TOKEN, caller.userId(), caller.organizationId(), Role.MEMBER,
                null, id, null, false);
        assertEquals(id.toString(), sessions.get(ownAgent, id).id());
        assertEquals("invalid_field", assertThrows(ApiProblem.class, () -> sessions.create(caller,
                new SessionLifecycle.CreateRequest("poker", null, null, null, null, null, null, null))).code());
        assertEquals("invalid_field", assertThrows(ApiProblem.class, () -> sessions.create(caller,
                new SessionLifecycle.CreateRequest(null, null, null, Map.of("repos", List.of(Map.of("url",
                        "https://user:pw@example.com/r.git"))), null, null, null, null))).code());
        assertEquals("invalid_field", assertThrows(ApiProblem.class, () -> sessions.create(caller,
                new SessionLifecycle.CreateRequest(null, null, null, null, null, "modal", null, null))).code());
        sessions.stop(caller, id);
    }

    @Test
    void eventIdsFollowCommitOrderUnderConcurrentWriters() throws Exception {
        Caller caller = member(organization());
        UUID id = UUID.fromString(sessions.create(caller, new SessionLifecycle.CreateRequest(null, null, null, null, null,
                null, null, "deferred")).id());
        List<Thread> writers = new java.util.ArrayList<>();
        for (int w = 0; w < 6; w++) {
            Thread writer = new Thread(() -> {
                for (int i = 0; i < 20; i++) {
                    events.append(caller.organizationId(), id, "output", Map.of("line", "x"));
                }
            });
            writers.add(writer);
            writer.start();
        }
        for (Thread writer : writers) {
            writer.join();
        }
        List<Map<String, Object>> all = sessions.events(caller, id, null, PageRequest.of("100", null)).items();
        List<Map<String, Object>> rest = sessions.events(caller, id, "100", PageRequest.of("100", null)).items();
        assertEquals(121, all.size() + rest.size(), "1 status event and 120 outputs");
        assertEquals(121L, ((Number) rest.get(rest.size() - 1).get("id")).longValue());
        assertThrows(IllegalArgumentException.class, () -> events.append(organization(), id, "output", Map.of()));
        assertThrows(IllegalArgumentException.class, () -> events.append(caller.organizationId(), id, "Bad Type", Map.of()));
    }

    static LocalSandboxConfig config(Path rootDirectory) {
        return new LocalSandboxConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return LocalSandboxConfig.class;
            }

            @Override
            public String rootDirectory() {
                return rootDirectory.toString();
            }

            @Override
            public String isolation() {
                return "bubblewrap";
            }

            @Override
            public boolean allowUnisolated() {
                return false;
            }

            @Override
            public String bubblewrapPath() {
                return "/usr/bin/bwrap";
            }

            @Override
            public boolean shareNetwork() {
                return true;
            }

            @Override
            public long execTimeoutSeconds() {
                return 60;
            }

            @Override
            public long memoryLimitMb() {
                return 1024;
            }

            @Override
            public int outputCapBytes() {
                return 16384;
            }

            @Override
            public long killGraceMillis() {
                return 1000;
            }

            @Override
            public String[] extraReadOnlyPaths() {
                return new String[0];
            }

            @Override
            public boolean allowFileRepositories() {
                return false;
            }

            @Override
            public String toolsDirectory() {
                return "none";
            }
        };
    }

    /** Session tokens as the identity bundle issues them, recording revocations. */
    static final class Tokens implements SessionTokens {
        final List<UUID> revoked = new CopyOnWriteArrayList<>();

        @Override
        public String issue(UUID organizationId, UUID sessionId, UUID userId) {
            return "sbst_" + UUID.randomUUID();
        }

        @Override
        public void revokeAll(UUID organizationId, UUID sessionId) {
            revoked.add(sessionId);
        }
    }

    /** The plugin registry with one sandbox provider. */
    record Registry(Plugin only) implements PluginRegistry {

        @Override
        public List<PluginEntry> entries() {
            return List.of();
        }

        @Override
        public Optional<PluginEntry> entry(PluginKind kind, String id) {
            return Optional.empty();
        }

        @Override
        public <T extends Plugin> T require(Class<T> kindType, String id) {
            if (!kindType.isInstance(only) || !only.descriptor().id().equals(id)) {
                throw new PluginUnavailableException(PluginKind.SANDBOX_PROVIDER, id, "absent");
            }
            return kindType.cast(only);
        }

        @Override
        public <T extends Plugin> List<T> active(Class<T> kindType) {
            return kindType.isInstance(only) ? List.of(kindType.cast(only)) : List.of();
        }
    }
}
