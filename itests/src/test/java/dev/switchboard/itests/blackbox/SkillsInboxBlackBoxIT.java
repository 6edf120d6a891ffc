package dev.switchboard.itests.blackbox;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.switchboard.itests.support.Http;
import dev.switchboard.itests.support.Installation;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Skills and the inbox in the distribution: a skill bundle dropped into deploy/ brings its SKILL.md skills, which
 * list with their requirements and render only when met; an inbound email matched by the LLM (a local
 * OpenAI-compatible server) to an execute_with_tools skill is acted on by its tool loop in a skill session without a
 * sandbox; one matched with too little confidence goes to the organization's default automation, whose run's agent
 * completes it; a webhook trigger whose target is the inbox hands its events over as emails that a skill matches
 * and notifies about, and a schedule whose target is a skill notifies at its fires.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SkillsInboxBlackBoxIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Installation installation;
    private Http owner;
    private HttpServer llm;
    private final List<String> prompts = new ArrayList<>();
    private volatile String answer;
    private HttpServer receiver;
    private final List<String> notifications = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeAll
    void start() throws Exception {
        llm = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        llm.createContext("/v1/chat/completions", exchange -> {
            prompts.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ObjectNode completion = JSON.createObjectNode().put("id", "chatcmpl-1").put("object", "chat.completion")
                    .put("model", "test-model");
            ObjectNode choice = completion.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop");
            choice.putObject("message").put("role", "assistant").put("content", answer);
            byte[] body = JSON.writeValueAsBytes(completion);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        llm.start();
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            notifications.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        installation = Installation.start("skills", node -> node
                .etcFile("dev.switchboard.notifications.cfg", "webhook.allowPrivateAddresses = true\n")
                .etcFile("dev.switchboard.triggers.cfg", "schedules.minIntervalSeconds = 1\n")
                .env("SWITCHBOARD_ENGINE_URL", "http://127.0.0.1:" + node.httpPort())
                .etcFile("dev.switchboard.llm.cfg", "endpoint = http://127.0.0.1:" + llm.getAddress().getPort() + "/v1\n"
                        + "model = test-model\n.apiKey = sk-test-key\n"));
        owner = installation.owner();
        Path staging = installation.node().home().resolve("skills.jar.part");
        Files.copy(Path.of(System.getProperty("switchboard.skillsPackJar")), staging, StandardCopyOption.REPLACE_EXISTING);
        Files.move(staging, installation.node().deployDir().resolve("skills-pack.jar"), StandardCopyOption.ATOMIC_MOVE);
    }

    @AfterAll
    void stop() throws Exception {
        if (installation != null) {
            installation.close();
        }
        if (llm != null) {
            llm.stop(0);
        }
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    private List<String> slugs() {
        List<String> slugs = new ArrayList<>();
        owner.get("/api/v1/skills").json().path("items").forEach(item -> slugs.add(item.path("slug").asText()));
        return slugs;
    }

    @Test
    @Order(1)
    void aDeployedSkillBundleBringsItsSkillsWhichRenderOnlyWhenTheirRequirementsAreMet() {
        await("skills deployed").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
                slugs().containsAll(List.of("tax-tracker", "expense-tracker", "invite-detector", "linear-triage")));
        JsonNode linear = null;
        for (JsonNode item : owner.get("/api/v1/skills").json().path("items")) {
            if ("linear-triage".equals(item.path("slug").asText())) {
                linear = item;
            }
        }
        assertFalse(linear.path("requirementsMet").asBoolean(), linear.toString());
        Http.Response blocked = owner.get("/api/v1/skills/linear-triage");
        assertEquals(400, blocked.status(), blocked.body());
        assertEquals("capability_missing", blocked.json().path("code").asText(), blocked.body());
        assertTrue(blocked.body().contains("Please connect these integrations in Settings."), blocked.body());

        Http.Response rendered = owner.get("/api/v1/skills/tax-tracker");
        assertEquals(200, rendered.status(), rendered.body());
        assertTrue(rendered.body().contains("Tax tracker"), rendered.body());
        Http.Response download = owner.get("/api/v1/skills/tax-tracker/download");
        assertEquals(200, download.status(), download.body());
        assertTrue(download.body().startsWith("---"), download.body());
    }

    @Test
    @Order(2)
    void inboundEmailsMatchedToASkillOrNotGoToTheDefaultAutomationAndItsRunCompletes() throws Exception {
        Http.Response automation = owner.post("/api/v1/automations", JSON.writeValueAsString(Map.of("name", "Inbox",
                "agentCommand", List.of("/bin/sh", "-c", "switchboard run complete --outcome succeeded --summary handled"))));
        assertEquals(201, automation.status(), automation.body());
        String automationId = automation.json().path("id").asText();
        Http.Response settings = putSettings("{\"defaultAutomationId\":\"" + automationId + "\"}");
        assertEquals(200, settings.status(), settings.body());
        assertEquals(400, putSettings("{\"defaultAutomationId\":\"00000000-0000-7000-8000-000000000000\"}").status());

        answer = "{\"skill\":\"tax-tracker\",\"confidence\":0.92,\"fields\":{\"document_type\":\"W-2\",\"tax_year\":\"2025\","
                + "\"issuer\":\"ACME Corp\",\"amount\":null},\"summary\":\"ACME's 2025 W-2 is available.\"}";
        JsonNode matched = settle(post("email", "Your 2025 W-2 is ready", "Your W-2 for 2025 from ACME Corp is ready."));
        // tax-tracker's act is execute_with_tools without tools: the loop asks the LLM once, its text is the result
        assertEquals("acted", matched.path("status").asText(), matched.toString());
        assertEquals("tax-tracker", matched.path("skill").asText(), matched.toString());
        assertEquals("W-2", matched.path("fields").path("document_type").asText(), matched.toString());
        assertEquals(answer, matched.path("result").asText(), matched.toString());
        String loop = prompts.get(prompts.size() - 1);
        assertTrue(loop.contains("You carry out the skill \\\"tax-tracker\\\""), "the tool loop asked the LLM");
        assertTrue(loop.contains("Tax tracker"), "with the skill's rendered instructions");
        assertFalse(loop.contains("sk-test-key"));
        JsonNode skillSessions = owner.get("/api/v1/sessions?status=stopped").json().path("items");
        boolean stoppedSkillSession = false;
        for (JsonNode session : skillSessions) {
            stoppedSkillSession |= "skill".equals(session.path("sessionType").asText())
                    && "none".equals(session.path("sandboxProvider").asText());
        }
        assertTrue(stoppedSkillSession, "the loop's session, without a sandbox, stopped: " + skillSessions);

        answer = "{\"skill\":\"expense-tracker\",\"confidence\":0.2,\"fields\":{},\"summary\":\"Unclear.\"}";
        JsonNode unsure = settle(post("message", "hello", "lunch tomorrow?"));
        assertEquals("fell_through", unsure.path("status").asText(), unsure.toString());
        assertEquals("BELOW_THRESHOLD", unsure.path("notMatchedReason").asText().toUpperCase(), unsure.toString());
        assertTrue(prompts.get(prompts.size() - 1).contains("expense-tracker"), "the skill was offered to the LLM");
        String run = unsure.path("runId").asText();
        assertFalse(run.isBlank(), unsure.toString());
        await("the default automation's run succeeds").atMost(Duration.ofSeconds(90)).until(() ->
                "succeeded".equals(owner.get("/api/v1/runs/" + run).json().path("status").asText()));
        JsonNode runView = owner.get("/api/v1/runs/" + run).json();
        assertEquals("message", runView.path("source").asText(), runView.toString());
        assertEquals("hello", runView.path("enrichment").path("summary").path("title").asText(), runView.toString());
    }

    @Test
    @Order(3)
    void aTriggerOfTheInboxAndAScheduleOfASkillHandTheirEventsAndFiresToTheSkills() throws Exception {
        Http.Response secret = owner.post("/api/v1/secrets", "{\"key\":\"INBOX_HOOK_SECRET\",\"value\":\"whsec_"
                + java.util.Base64.getEncoder().encodeToString("a-32-byte-signing-secret-for-it!".getBytes(
                        StandardCharsets.UTF_8)) + "\"}");
        assertEquals(201, secret.status(), secret.body());
        String automationId = owner.get("/api/v1/messages/settings").json().path("defaultAutomationId").asText();
        Http.Response settings = putSettings(JSON.writeValueAsString(Map.of("defaultAutomationId", automationId,
                "notifyTargets", List.of(Map.of("channel", "webhook", "target", Map.of("url", "http://127.0.0.1:"
                        + receiver.getAddress().getPort() + "/hook", "secret", "INBOX_HOOK_SECRET"))))));
        assertEquals(200, settings.status(), settings.body());

        Http.Response trigger = owner.post("/api/v1/triggers", JSON.writeValueAsString(Map.of("source", "custom",
                "target", Map.of("type", "inbox", "messageSource", "email"))));
        assertEquals(201, trigger.status(), trigger.body());
        assertEquals("inbox", trigger.json().path("target").path("type").asText(), trigger.body());
        answer = "{\"skill\":\"invite-detector\",\"confidence\":0.95,\"fields\":{\"title\":\"Quarterly planning\","
                + "\"organizer\":\"Dana\",\"start\":null,\"location\":null},\"summary\":\"Dana invites you.\"}";
        String body = "{\"title\":\"Invitation: Quarterly planning\",\"from\":\"dana@example.com\"}";
        String webhookUrl = trigger.json().path("webhookUrl").asText();
        Http.Response delivered = installation.node().http().post(webhookUrl.substring(webhookUrl.indexOf("/webhooks/")),
                "application/json", body.getBytes(StandardCharsets.UTF_8), sign(trigger.json().path("secret").asText(),
                        body));
        assertEquals(200, delivered.status(), delivered.body());
        await("the invitation notified").atMost(Duration.ofSeconds(60)).until(() -> notifications.stream()
                .anyMatch(text -> text.contains("Dana invites you.")));
        JsonNode event = owner.get("/api/v1/trigger-events?triggerId=" + trigger.json().path("id").asText()).json()
                .path("items").get(0);
        assertEquals("completed", event.path("status").asText(), event.toString());
        JsonNode message = owner.get("/api/v1/messages/" + event.path("messageId").asText()).json();
        assertEquals("email", message.path("source").asText(), message.toString());
        assertEquals("acted", message.path("status").asText(), message.toString());
        assertEquals("dana@example.com", message.path("sender").asText(), message.toString());

        Http.Response refused = owner.post("/api/v1/schedules", JSON.writeValueAsString(Map.of("cronExpression",
                "*/2 * * * * *", "target", Map.of("type", "skill", "skill", "invite-detector"))));
        assertEquals(400, refused.status(), refused.body());
        assertTrue(refused.body().contains("does not take schedules"), refused.body());
        Http.Response schedule = owner.post("/api/v1/schedules", JSON.writeValueAsString(Map.of("name", "Digest",
                "cronExpression", "*/2 * * * * *", "target", Map.of("type", "skill", "skill", "expense-digest"),
                "input", Map.of("text", "Digest of this week", "fields", Map.of("week", "47")))));
        assertEquals(201, schedule.status(), schedule.body());
        await("the digest notified").atMost(Duration.ofSeconds(60)).until(() -> notifications.stream()
                .anyMatch(text -> text.contains("expense-digest") || text.contains("Sends the team a short digest")));
        Http.Response off = owner.patch("/api/v1/schedules/" + schedule.json().path("id").asText(), "{\"enabled\":false}");
        assertEquals(200, off.status(), off.body());
        JsonNode fired = owner.get("/api/v1/messages?status=acted").json();
        assertTrue(fired.toString().contains("\"source\":\"schedule\""), fired.toString());
    }

    private static Map<String, String> sign(String secret, String body) throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Map.of("X-Webhook-Signature", "sha256="
                + java.util.HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8))));
    }

    private Http.Response putSettings(String json) {
        return owner.put("/api/v1/messages/settings", json);
    }

    private String post(String source, String subject, String text) throws Exception {
        Http.Response posted = owner.post("/api/v1/messages", JSON.writeValueAsString(Map.of("source", source,
                "sender", "someone@example.com", "subject", subject, "text", text)));
        assertEquals(202, posted.status(), posted.body());
        return posted.json().path("id").asText();
    }

    private JsonNode settle(String message) {
        await("message " + message + " handled").atMost(Duration.ofSeconds(60)).until(() -> !List.of("received", "matched")
                .contains(owner.get("/api/v1/messages/" + message).json().path("status").asText()));
        return owner.get("/api/v1/messages/" + message).json();
    }
}
