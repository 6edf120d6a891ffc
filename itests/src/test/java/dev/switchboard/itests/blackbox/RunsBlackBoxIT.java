package dev.switchboard.itests.blackbox;

import static dev.switchboard.itests.support.EventAssertions.assertInOrder;
import static dev.switchboard.itests.support.EventAssertions.json;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.switchboard.itests.support.Http;
import dev.switchboard.itests.support.Installation;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Automation runs end to end in the distribution: a signed webhook creates a run, the run starts a session on the
 * local sandbox whose agent runs a write action (approved over REST) and completes the run, and the outgoing
 * webhook notification arrives signed; then kill -9 with runs in every stage, a restart, and every run ends or
 * goes on, with one session per run and every outbox row dispatched.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RunsBlackBoxIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> TERMINAL = Set.of("succeeded", "failed", "needs_human", "timed_out", "canceled");

    private Installation installation;
    private Http owner;
    private HttpServer receiver;
    private final List<Received> hooks = new CopyOnWriteArrayList<>();
    private String hookSecret;

    private record Received(Map<String, String> headers, String body) {
    }

    @BeforeAll
    void start() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            hooks.add(new Received(Map.of(
                    "webhook-id", String.valueOf(exchange.getRequestHeaders().getFirst("webhook-id")),
                    "webhook-timestamp", String.valueOf(exchange.getRequestHeaders().getFirst("webhook-timestamp")),
                    "webhook-signature", String.valueOf(exchange.getRequestHeaders().getFirst("webhook-signature"))),
                    new String(body, StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        installation = Installation.start("runs", node -> node
                .env("SWITCHBOARD_ENGINE_URL", "http://127.0.0.1:" + node.httpPort())
                .etcFile("dev.switchboard.notifications.cfg", "webhook.allowPrivateAddresses = true\n")
                .etcFile("dev.switchboard.runs.cfg", "finalizer.inactivityMinutes = 1\n"));
        owner = installation.owner();
        Path staging = installation.node().home().resolve("echo.jar.part");
        Files.copy(Path.of(System.getProperty("switchboard.echoJar")), staging, StandardCopyOption.REPLACE_EXISTING);
        Files.move(staging, installation.node().deployDir().resolve("echo.jar"), StandardCopyOption.ATOMIC_MOVE);
        await("echo active").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() ->
                "active".equals(owner.get("/api/v1/plugins/action-adapter/echo").json().path("state").asText()));
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        hookSecret = "whsec_" + Base64.getEncoder().encodeToString(key);
        Http.Response secret = owner.post("/api/v1/secrets", "{\"key\":\"RUN_HOOK_SECRET\",\"value\":\"" + hookSecret + "\"}");
        assertEquals(201, secret.status(), secret.body());
    }

    @AfterAll
    void stop() throws Exception {
        if (installation != null) {
            installation.close();
        }
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    private String automation(String name, String agentScript, int deadlineSeconds) throws Exception {
        Map<String, Object> body = Map.of("name", name, "agentInstructions", "Handle the alert.",
                "agentCommand", List.of("/bin/sh", "-c", agentScript), "deadlineSeconds", deadlineSeconds,
                "notifications", List.of(Map.of("channel", "webhook", "target", Map.of(
                        "url", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook", "secret", "RUN_HOOK_SECRET"))));
        Http.Response created = owner.post("/api/v1/automations", JSON.writeValueAsString(body));
        assertEquals(201, created.status(), created.body());
        return created.json().path("id").asText();
    }

    private JsonNode trigger(String automation) {
        Http.Response created = owner.post("/api/v1/triggers",
                "{\"automationId\":\"" + automation + "\",\"source\":\"custom\",\"mode\":\"webhook\"}");
        assertEquals(201, created.status(), created.body());
        return created.json();
    }

    private void fire(JsonNode trigger, String title) throws Exception {
        String body = "{\"title\":\"" + title + "\",\"marker\":\"" + UUID.randomUUID() + "\"}";
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(trigger.path("secret").asText().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        Http.Response accepted = installation.node().http().post(URI.create(trigger.path("webhookUrl").asText()).getPath(),
                "application/json", body.getBytes(StandardCharsets.UTF_8), Map.of("X-Webhook-Signature",
                        "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)))));
        assertEquals(200, accepted.status(), accepted.body());
    }

    private List<JsonNode> runs(String automation) {
        List<JsonNode> items = new ArrayList<>();
        owner.get("/api/v1/runs?limit=100&automationId=" + automation).json().path("items").forEach(items::add);
        return items;
    }

    @Test
    @Order(1)
    void aSignedWebhookRunsAnAgentThatWaitsForApprovalCompletesTheRunAndTheNotificationGoesOut() throws Exception {
        String automation = automation("On-call", "switchboard actions run echo note --params '{\"text\":\"from the run\"}'"
                + " --wait 60 && switchboard run complete --outcome succeeded --summary 'noted the alert'"
                + " --citations https://status.example/1", 3600);
        fire(trigger(automation), "Disk almost full");
        await("run running").atMost(Duration.ofSeconds(60)).until(() -> runs(automation).stream()
                .anyMatch(run -> "running".equals(run.path("status").asText())));
        String runId = runs(automation).get(0).path("id").asText();
        String session = runs(automation).get(0).path("sessionId").asText();

        List<Http.SseEvent> seen = new CopyOnWriteArrayList<>();
        try (AutoCloseable stream = owner.events("/api/v1/sessions/" + session + "/events", null, seen::add)) {
            await("approval requested").atMost(Duration.ofSeconds(60)).until(() ->
                    seen.stream().anyMatch(event -> "action.approval_request".equals(event.name())));
            String invocation = seen.stream().filter(event -> "action.approval_request".equals(event.name()))
                    .findFirst().map(event -> json(event.data()).path("invocationId").asText()).orElseThrow();
            Http.Response approved = owner.post("/api/v1/sessions/" + session + "/actions/invocations/" + invocation
                    + "/approve", "{\"mode\":\"once\"}");
            assertEquals(200, approved.status(), approved.body());
            await("run succeeded").atMost(Duration.ofSeconds(60)).until(() ->
                    "succeeded".equals(owner.get("/api/v1/runs/" + runId).json().path("status").asText()));
            await("stream shows the end").atMost(Duration.ofSeconds(20)).until(() -> seen.stream().anyMatch(event ->
                    "run.status".equals(event.name()) && "succeeded".equals(json(event.data()).path("status").asText())));
        }
        assertInOrder(seen.stream().map(event -> event.name() + ("run.status".equals(event.name())
                        ? ":" + json(event.data()).path("status").asText() : "")).toList(),
                List.of("run.status:running", "turn_started", "action.approval_request", "action.completed",
                        "run.status:succeeded"));

        JsonNode run = owner.get("/api/v1/runs/" + runId).json();
        assertEquals("noted the alert", run.path("completion").path("summary").asText(), run.toString());
        List<String> transitions = new ArrayList<>();
        run.path("events").forEach(event -> {
            if ("status_transition".equals(event.path("type").asText())) {
                transitions.add(event.path("to").asText());
            }
        });
        assertEquals(List.of("enriching", "ready", "running", "succeeded"), transitions);
        JsonNode event = owner.get("/api/v1/trigger-events/" + run.path("triggerEventId").asText()).json();
        assertEquals("completed", event.path("status").asText(), event.toString());
        assertEquals(session, event.path("sessionId").asText(), event.toString());

        await("notification delivered").atMost(Duration.ofSeconds(30)).until(() -> hooks.stream()
                .anyMatch(hook -> hook.body().contains(runId)));
        Received hook = hooks.stream().filter(h -> h.body().contains(runId)).findFirst().orElseThrow();
        assertEquals("run_" + runId + "_succeeded_0", hook.headers().get("webhook-id"));
        assertTrue(verifies(hook), "the Standard Webhooks signature checks out: " + hook.headers());
        JsonNode delivered = JSON.readTree(hook.body());
        assertEquals("succeeded", delivered.path("data").path("status").asText(), hook.body());
        assertEquals("noted the alert", delivered.path("data").path("summary").asText(), hook.body());
        assertTrue(!hook.body().contains(hookSecret), "the secret never travels");
    }

    @Test
    @Order(2)
    void aRunStartedByHandRunsItsAgentOnceForOneIdempotencyKey() throws Exception {
        String automation = automation("By hand", "switchboard run complete --outcome succeeded --summary 'done by hand'",
                600);
        String body = "{\"title\":\"Re-check the backups\",\"data\":{\"volume\":\"db-1\"}}";
        Map<String, String> key = Map.of("Idempotency-Key", "re-check-" + UUID.randomUUID());
        String path = "/api/v1/automations/" + automation + "/runs";
        Http.Response started = owner.post(path, "application/json", body.getBytes(StandardCharsets.UTF_8), key);
        Http.Response again = owner.post(path, "application/json", body.getBytes(StandardCharsets.UTF_8), key);

        assertEquals(201, started.status(), started.body());
        assertEquals(201, again.status(), again.body());
        String runId = started.json().path("id").asText();
        assertEquals(runId, again.json().path("id").asText(), "the same key answers the same run");
        assertEquals("manual", started.json().path("source").asText());
        await("run succeeded").atMost(Duration.ofSeconds(60)).until(() ->
                "succeeded".equals(owner.get("/api/v1/runs/" + runId).json().path("status").asText()));
        JsonNode run = owner.get("/api/v1/runs/" + runId).json();
        assertEquals("done by hand", run.path("completion").path("summary").asText(), run.toString());
        assertEquals("Re-check the backups", run.path("enrichment").path("summary").path("title").asText(),
                run.toString());
        assertEquals("started_by_hand", run.path("events").path(0).path("type").asText(), run.toString());
        assertEquals(1, runs(automation).size());
    }

    @Test
    @Order(3)
    void afterKillMinus9WithRunsInEveryStageEveryRunEndsOrGoesOnWithOneSessionAndEveryOutboxRowDispatched() throws Exception {
        String automation = automation("Crash", "sleep 3; switchboard run complete --outcome succeeded --summary done", 90);
        JsonNode trigger = trigger(automation);
        for (int i = 0; i < 12; i++) {
            fire(trigger, "Alert " + i);
        }
        await("runs in several stages").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() ->
                runs(automation).stream().anyMatch(run -> "running".equals(run.path("status").asText())));
        installation.node().kill();
        installation.node().start();
        Installation.awaitHealthUp(installation.node());

        await("every run ended").atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(2)).until(() -> {
            List<JsonNode> all = runs(automation);
            return all.size() == 12 && all.stream().allMatch(run -> TERMINAL.contains(run.path("status").asText()));
        });
        try (Connection db = installation.database().connect(); Statement sql = db.createStatement()) {
            assertEquals(0, count(sql, "SELECT count(*) FROM (SELECT origin_key FROM sessions WHERE origin_key LIKE 'run:%'"
                    + " GROUP BY organization_id, origin_key HAVING count(*) > 1) twice"), "no run got two sessions");
            assertEquals(0, count(sql, "SELECT count(*) FROM automation_runs r WHERE r.session_id IS NOT NULL AND NOT EXISTS"
                    + " (SELECT 1 FROM sessions s WHERE s.id = r.session_id AND s.origin_key = 'run:' || r.id || ':session')"));
            await("outbox drained").atMost(Duration.ofSeconds(60)).until(() -> count(sql,
                    "SELECT count(*) FROM outbox WHERE status <> 'dispatched'") == 0);
            assertEquals(0, count(sql, "SELECT count(*) FROM outbox WHERE status = 'failed'"));
            assertEquals(0, count(sql, "SELECT count(*) FROM automation_runs r WHERE r.automation_id = '" + automation
                    + "' AND NOT EXISTS (SELECT 1 FROM trigger_events e WHERE e.id = r.trigger_event_id"
                    + " AND e.status IN ('completed', 'failed'))"), "every trigger event followed its run to the end");
        }
        for (JsonNode run : runs(automation)) {
            String id = run.path("id").asText();
            await("notification of " + id).atMost(Duration.ofSeconds(60)).until(() ->
                    hooks.stream().anyMatch(hook -> hook.headers().get("webhook-id").startsWith("run_" + id + "_")));
        }
    }

    private static long count(Statement sql, String query) throws Exception {
        try (ResultSet rows = sql.executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private boolean verifies(Received hook) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(hookSecret.substring("whsec_".length())), "HmacSHA256"));
        String signed = hook.headers().get("webhook-id") + "." + hook.headers().get("webhook-timestamp") + "." + hook.body();
        String expected = "v1," + Base64.getEncoder().encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
        return List.of(hook.headers().get("webhook-signature").split(" ")).contains(expected);
    }
}
