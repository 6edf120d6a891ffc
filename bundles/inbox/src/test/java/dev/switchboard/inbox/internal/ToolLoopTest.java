package dev.switchboard.inbox.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.switchboard.foundation.internal.InboxTestSchema;
import dev.switchboard.foundation.testing.TestDatabase;
import dev.switchboard.spi.skill.ExtractField;
import dev.switchboard.spi.skill.MatchSource;
import dev.switchboard.spi.skill.SkillAct;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The execute_with_tools act end to end: the real matcher and LLM client against WireMock playing an OpenAI-compatible
 * server, a session without a sandbox, the real actions engine's policy (reads, approvals, denials, danger, grants),
 * the real outbox dispatcher, on a real database.
 */
class ToolLoopTest {

    @RegisterExtension
    static final TestDatabase DB = TestDatabase.create().withSchema(InboxTestSchema::apply);

    @RegisterExtension
    static final WireMockExtension LLM = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PATH = "/v1/chat/completions";
    private static final String TEXT = "The printer on floor 3 is on fire again, see ticket 7.";

    private InboxFixture inbox;
    private UUID org;
    private UUID automation;
    private UUID admin;

    @BeforeEach
    void setUp() {
        inbox = new InboxFixture(DB, LLM.baseUrl());
        org = inbox.organization();
        admin = inbox.user(org, "admin");
        automation = inbox.automation(org, true);
        inbox.settings(org, automation, List.of());
        LLM.resetAll();
        matcherAnswers();
    }

    @AfterEach
    void tearDown() {
        inbox.forgetPendingRows();
        inbox.sessions.close();
        inbox.actions.close();
    }

    // ---- the fake LLM -------------------------------------------------------------------------------------

    /** The matcher's requests ask for JSON: they always match the ticket skill. */
    private static void matcherAnswers() {
        ObjectNode answer = JSON.createObjectNode().put("skill", "ticket-bot").put("confidence", 0.9)
                .put("summary", "A printer fire.");
        answer.putObject("fields").put("ticket", "7");
        LLM.stubFor(post(urlPathEqualTo(PATH)).withRequestBody(containing("response_format"))
                .willReturn(completion(text(answer.toString()))));
    }

    /** The loop's requests (no response_format) get {@code answers} in order; later ones a 404. */
    private static void loopAnswers(ResponseDefinitionBuilder... answers) {
        for (int i = 0; i < answers.length; i++) {
            LLM.stubFor(post(urlPathEqualTo(PATH)).withRequestBody(notContaining("response_format"))
                    .inScenario("loop").whenScenarioStateIs(i == 0 ? Scenario.STARTED : "turn" + i)
                    .willSetStateTo("turn" + (i + 1)).willReturn(answers[i]));
        }
    }

    private static ObjectNode text(String content) {
        ObjectNode message = JSON.createObjectNode().put("role", "assistant").put("content", content);
        return choice(message, "stop");
    }

    private static ObjectNode calls(String... idNameArguments) {
        ObjectNode message = JSON.createObjectNode().put("role", "assistant");
        message.putNull("content");
        ArrayNode calls = message.putArray("tool_calls");
        for (int i = 0; i < idNameArguments.length; i += 3) {
            ObjectNode call = calls.addObject().put("id", idNameArguments[i]).put("type", "function");
            call.putObject("function").put("name", idNameArguments[i + 1]).put("arguments", idNameArguments[i + 2]);
        }
        return choice(message, "tool_calls");
    }

    private static ObjectNode choice(ObjectNode message, String finishReason) {
        ObjectNode body = JSON.createObjectNode().put("id", "chatcmpl-1").put("object", "chat.completion")
                .put("model", "gpt-test-mini");
        ObjectNode choice = body.putArray("choices").addObject().put("index", 0).put("finish_reason", finishReason);
        choice.set("message", message);
        return body;
    }

    private static ResponseDefinitionBuilder completion(ObjectNode body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body.toString());
    }

    private static ResponseDefinitionBuilder answer(ObjectNode body) {
        return completion(body);
    }

    private static List<JsonNode> loopRequests() {
        return LLM.findAll(postRequestedFor(urlPathEqualTo(PATH)).withRequestBody(notContaining("response_format")))
                .stream().map(ToolLoopTest::body).toList();
    }

    private static JsonNode body(LoggedRequest request) {
        try {
            return JSON.readTree(request.getBodyAsString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The tool message of the last loop request that answers {@code callId}. */
    private static JsonNode toolResult(String callId) throws Exception {
        List<JsonNode> requests = loopRequests();
        for (JsonNode message : requests.get(requests.size() - 1).path("messages")) {
            if ("tool".equals(message.path("role").asText()) && callId.equals(message.path("tool_call_id").asText())) {
                return JSON.readTree(message.path("content").asText());
            }
        }
        throw new AssertionError("no result for " + callId);
    }

    // ---- the inbox ----------------------------------------------------------------------------------------

    private void ticketSkill(List<String> allowedTools, int maxIterations) {
        inbox.skills.add(org, "ticket-bot", "Works tickets", Set.of(MatchSource.MESSAGE),
                new SkillAct.ExecuteWithTools(allowedTools, maxIterations), true,
                new ExtractField("ticket", "the ticket number", true));
    }

    private UUID postMessage() {
        return inbox.post(org, "Printer", TEXT);
    }

    private UUID sessionOf(UUID message) {
        return (UUID) DB.queryValue("SELECT session_id FROM inbox_tool_loops WHERE message_id = '" + message + "'");
    }

    private UUID pendingInvocation(UUID message) {
        return (UUID) DB.queryValue("SELECT pending_invocation_id FROM inbox_tool_loops WHERE message_id = '"
                + message + "'");
    }

    private List<String> sessionEvents(UUID session) {
        return strings("SELECT event_type FROM session_events WHERE session_id = '" + session + "' ORDER BY seq");
    }

    private String sessionLog(UUID session) {
        return String.join("\n", strings("SELECT data::text FROM session_events WHERE session_id = '" + session
                + "' ORDER BY seq"));
    }

    private static List<String> strings(String sql) {
        List<String> values = new java.util.ArrayList<>();
        try (java.sql.Connection connection = DB.dataSource().getConnection();
             java.sql.ResultSet rows = connection.createStatement().executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return values;
    }

    private String sessionStatus(UUID session) {
        return (String) DB.queryValue("SELECT status FROM sessions WHERE id = '" + session + "'");
    }

    /** The resumer's next look is due now (it looks every 15 s). */
    private int resume() {
        DB.execute("UPDATE inbox_tool_loops SET next_check_at = now() - interval '1 second' WHERE status = 'waiting'"
                + " AND next_check_at IS NOT NULL");
        return inbox.resumer.check();
    }

    private long defaultRuns(UUID message) {
        return inbox.count("SELECT count(*) FROM automation_runs WHERE dedup_key = 'message:" + message + "'");
    }

    // ---- tests --------------------------------------------------------------------------------------------

    @Test
    void aReadRunsItsResultGoesBackToTheModelAndTheFinalAnswerIsTheResult() throws Exception {
        ticketSkill(List.of("tracker.*"), 5);
        loopAnswers(answer(calls("call_1", "tracker__get_issue", "{\"id\": \"7\"}")),
                answer(text("Ticket 7 is 'Printer on fire'; nothing else to do.")));
        UUID id = postMessage();

        inbox.settle();

        MessageRow message = inbox.message(org, id);
        assertEquals("acted", message.status());
        assertEquals("Ticket 7 is 'Printer on fire'; nothing else to do.", message.result());
        assertEquals(0, defaultRuns(id));
        assertEquals(1, inbox.actions.calls.size());
        assertEquals("7", inbox.actions.calls.get(0).params().get("id"));

        List<JsonNode> requests = loopRequests();
        assertEquals(2, requests.size());
        JsonNode first = requests.get(0);
        assertEquals("auto", first.path("tool_choice").asText());
        assertEquals(List.of("tracker__get_issue", "tracker__create_issue", "tracker__delete_all"),
                first.path("tools").findValues("name").stream().map(JsonNode::asText).toList());
        assertEquals("system", first.path("messages").path(0).path("role").asText());
        assertTrue(first.path("messages").path(0).path("content").asText().contains("Handle ticket-bot."),
                "the skill's rendered instructions");
        JsonNode document = JSON.readTree(first.path("messages").path(1).path("content").asText()
                .substring(first.path("messages").path(1).path("content").asText().indexOf('{')));
        assertEquals(TEXT, document.path("text").asText());
        assertEquals("7", document.path("fields").path("ticket").asText());
        JsonNode result = toolResult("call_1");
        assertEquals("completed", result.path("status").asText());
        assertEquals("Printer on fire", result.path("result").path("title").asText());

        UUID session = sessionOf(id);
        assertEquals(session.toString(), inbox.admin.get(inbox.member(org), id).get("sessionId"),
                "the message names the session a person can follow");
        assertEquals("skill", DB.queryValue("SELECT session_type FROM sessions WHERE id = '" + session + "'"));
        assertNull(DB.queryValue("SELECT sandbox_id FROM sessions WHERE id = '" + session + "'"));
        assertEquals("stopped", sessionStatus(session), "stopped at the end");
        List<String> events = sessionEvents(session);
        for (String type : List.of("skill.loop_started", "skill.llm_turn", "skill.tool_call", "action.completed",
                "skill.loop_finished")) {
            assertTrue(events.contains(type), type + " in " + events);
        }
        String log = sessionLog(session);
        assertFalse(log.contains("floor 3"), "no message contents in the session log");
        assertFalse(log.contains("Printer on fire"), "no results in the session log");
        assertFalse(log.contains("\"7\""), "no arguments in the session log");
    }

    @Test
    void aWriteWaitsForApprovalWithoutBlockingAndTheLoopGoesOnOnceApproved() throws Exception {
        ticketSkill(List.of("tracker.create_issue"), 5);
        loopAnswers(answer(calls("call_1", "tracker__create_issue", "{\"title\": \"Printer fire\"}")),
                answer(text("Created ISS-1 for the printer fire.")));
        UUID id = postMessage();

        inbox.settle();

        assertEquals("matched", inbox.message(org, id).status(), "waits for a person, the outbox thread is free");
        assertEquals(0, inbox.actions.calls.size());
        UUID invocation = pendingInvocation(id);
        assertNotNull(invocation);
        UUID session = sessionOf(id);
        assertEquals("running", sessionStatus(session));
        assertTrue(sessionEvents(session).contains("action.approval_request"));
        assertTrue(sessionEvents(session).contains("skill.waiting"));
        assertEquals(0, resume(), "still pending: looked at again later");
        inbox.settle();
        assertEquals(1, loopRequests().size());

        inbox.actions.approve(org, admin, session, invocation);
        assertEquals(1, resume());
        assertEquals(0, resume(), "queued once");
        inbox.settle();

        MessageRow message = inbox.message(org, id);
        assertEquals("acted", message.status());
        assertEquals("Created ISS-1 for the printer fire.", message.result());
        assertEquals(1, inbox.actions.calls.size(), "ran once, on approval");
        assertEquals("Printer fire", inbox.actions.calls.get(0).params().get("title"));
        assertEquals("completed", toolResult("call_1").path("status").asText());
        assertEquals("ISS-1", toolResult("call_1").path("result").path("id").asText());
        assertEquals(2, loopRequests().size());
        assertTrue(sessionEvents(session).contains("skill.resumed"));
        assertEquals("stopped", sessionStatus(session));
    }

    @Test
    void aDecisionOnThisNodeResumesTheLoopAtOnceWithoutWaitingForTheNextCheck() throws Exception {
        inbox.actions.listen(inbox.resumer);
        ticketSkill(List.of("tracker.create_issue"), 5);
        loopAnswers(answer(calls("call_1", "tracker__create_issue", "{\"title\": \"Printer fire\"}")),
                answer(text("Created ISS-1 for the printer fire.")),
                answer(calls("call_2", "tracker__create_issue", "{\"title\": \"Toner empty\"}")),
                answer(text("Nobody wanted a ticket for the toner.")));
        UUID approved = postMessage();
        inbox.settle();

        inbox.actions.approve(org, admin, sessionOf(approved), pendingInvocation(approved));
        inbox.settle();     // the next check is 15 s away: only the listener can have queued the message

        assertEquals("acted", inbox.message(org, approved).status());
        assertEquals("Created ISS-1 for the printer fire.", inbox.message(org, approved).result());
        assertEquals(1, inbox.actions.calls.size());

        UUID denied = postMessage();
        inbox.settle();
        inbox.actions.deny(org, admin, sessionOf(denied), pendingInvocation(denied));
        inbox.settle();

        assertEquals("acted", inbox.message(org, denied).status());
        assertEquals("Nobody wanted a ticket for the toner.", inbox.message(org, denied).result());
        assertEquals(0, inbox.resumer.check(), "nothing left for the periodic check");
    }

    @Test
    void aDeniedWriteIsToldToTheModel() throws Exception {
        ticketSkill(List.of("tracker"), 5);
        loopAnswers(answer(calls("call_1", "tracker__create_issue", "{\"title\": \"Printer fire\"}")),
                answer(text("A person declined to create the ticket.")));
        UUID id = postMessage();
        inbox.settle();

        inbox.actions.deny(org, admin, sessionOf(id), pendingInvocation(id));
        assertEquals(1, resume());
        inbox.settle();

        assertEquals("acted", inbox.message(org, id).status());
        assertEquals("A person declined to create the ticket.", inbox.message(org, id).result());
        JsonNode result = toolResult("call_1");
        assertEquals("denied", result.path("status").asText());
        assertEquals("a person denied the action", result.path("message").asText());
        assertEquals(0, inbox.actions.calls.size());
    }

    @Test
    void aWriteNobodyDecidedExpiresAndTheModelIsTold() throws Exception {
        ticketSkill(List.of("*"), 5);
        loopAnswers(answer(calls("call_1", "tracker__create_issue", "{\"title\": \"Printer fire\"}")),
                answer(text("Nobody approved the ticket in time.")));
        UUID id = postMessage();
        inbox.settle();

        DB.execute("UPDATE action_invocations SET expires_at = now() - interval '1 second' WHERE id = '"
                + pendingInvocation(id) + "'");
        inbox.actions.sweep();
        assertEquals(1, resume());
        inbox.settle();

        assertEquals("acted", inbox.message(org, id).status());
        assertEquals("expired", toolResult("call_1").path("status").asText());
        assertEquals(0, inbox.actions.calls.size());
    }

    @Test
    void dangerIsDeniedAndTheModelIsTold() throws Exception {
        ticketSkill(List.of("tracker.*"), 5);
        loopAnswers(answer(calls("call_1", "tracker__delete_all", "{}")),
                answer(text("Deleting everything is not allowed.")));
        UUID id = postMessage();

        inbox.settle();

        assertEquals("acted", inbox.message(org, id).status());
        JsonNode result = toolResult("call_1");
        assertEquals("denied", result.path("status").asText());
        assertTrue(result.path("message").asText().contains("denied by policy"), result.toString());
        assertEquals(0, inbox.actions.calls.size());
    }

    @Test
    void aGrantCoversAWriteSoItRunsAtOnce() throws Exception {
        DB.execute("INSERT INTO action_grants (id, organization_id, created_by, session_id, integration, action)"
                + " VALUES ('" + UUID.randomUUID() + "', '" + org + "', '" + admin + "', NULL, 'tracker', 'create_issue')");
        ticketSkill(List.of("tracker.*"), 5);
        loopAnswers(answer(calls("call_1", "tracker__create_issue", "{\"title\": \"Printer fire\"}")),
                answer(text("Created ISS-1.")));
        UUID id = postMessage();

        inbox.settle();

        assertEquals("acted", inbox.message(org, id).status());
        assertEquals(1, inbox.actions.calls.size());
        assertEquals("completed", toolResult("call_1").path("status").asText());
    }

    @Test
    void toolsTheSkillDoesNotAllowAreNotOfferedAndCallsOfThemAreRefused() throws Exception {
        ticketSkill(List.of("tracker.get_issue"), 5);
        loopAnswers(answer(calls("call_1", "tracker__create_issue", "{\"title\": \"x\"}")),
                answer(text("I may only read tickets.")));
        UUID id = postMessage();

        inbox.settle();

        assertEquals("acted", inbox.message(org, id).status());
        assertEquals(List.of("tracker__get_issue"), loopRequests().get(0).path("tools").findValues("name").stream()
                .map(JsonNode::asText).toList());
        assertEquals("unknown_tool", toolResult("call_1").path("code").asText());
        assertEquals(0, inbox.actions.calls.size());
    }

    @Test
    void malformedArgumentsAreAnsweredToTheModelNotACrash() throws Exception {
        ticketSkill(List.of("tracker.*"), 5);
        loopAnswers(answer(calls("call_1", "tracker__get_issue", "{\"id\": 7",
                        "call_2", "tracker__get_issue", "[\"7\"]",
                        "call_3", "tracker__get_issue", "{\"id\": \"1\", \"id\": \"2\"}")),
                answer(text("I could not read the ticket.")));
        UUID id = postMessage();

        inbox.settle();

        assertEquals("acted", inbox.message(org, id).status());
        for (String call : List.of("call_1", "call_2", "call_3")) {
            assertEquals("invalid_arguments", toolResult(call).path("code").asText(), call);
        }
        assertEquals(0, inbox.actions.calls.size());
    }

    @Test
    void aLoopThatNeverAnswersStopsAfterFiveIterationsAndFallsThrough() {
        ticketSkill(List.of("tracker.*"), 9);
        ResponseDefinitionBuilder[] answers = new ResponseDefinitionBuilder[6];
        for (int i = 0; i < answers.length; i++) {
            answers[i] = answer(calls("call_" + i, "tracker__get_issue", "{\"id\": \"" + i + "\"}"));
        }
        loopAnswers(answers);
        UUID id = postMessage();

        inbox.settle();

        MessageRow message = inbox.message(org, id);
        assertEquals("failed", message.status());
        assertTrue(message.error().contains("5 iterations"), message.error());
        assertEquals(1, defaultRuns(id), "never lost: the default automation has it");
        assertEquals(5, loopRequests().size(), "at most 5, whatever the skill asks");
        assertEquals(4, inbox.actions.calls.size(), "the calls of the last iteration do not run");
        assertEquals("stopped", sessionStatus(sessionOf(id)));
    }

    @Test
    void anLlmThatKeepsFailingIsRetriedThenTheMessageFallsThrough() {
        ticketSkill(List.of("tracker.*"), 5);
        loopAnswers(aResponse().withStatus(503), aResponse().withStatus(503), aResponse().withStatus(503));
        UUID id = postMessage();

        inbox.settle();

        MessageRow message = inbox.message(org, id);
        assertEquals("failed", message.status());
        assertTrue(message.error().contains("HTTP 503"), message.error());
        assertEquals(3, loopRequests().size(), "three tries");
        assertEquals(1, defaultRuns(id));
        assertEquals("stopped", sessionStatus(sessionOf(id)));
        assertTrue(sessionEvents(sessionOf(id)).contains("skill.llm_failed"));
    }

    @Test
    void anLlmThatTimesOutOnceIsRetriedAndTheLoopFinishes() {
        ticketSkill(List.of("tracker.*"), 5);
        loopAnswers(answer(text("too late")).withFixedDelay(6000), answer(text("Nothing to do.")));
        UUID id = postMessage();

        inbox.settle();

        assertEquals("acted", inbox.message(org, id).status());
        assertEquals("Nothing to do.", inbox.message(org, id).result());
    }

    @Test
    void aRepeatedOutboxRowNeitherInvokesTwiceNorAsksTheModelAgain() {
        ticketSkill(List.of("tracker.*"), 5);
        loopAnswers(answer(calls("call_1", "tracker__create_issue", "{\"title\": \"Printer fire\"}",
                        "call_2", "tracker__get_issue", "{\"id\": \"7\"}")),
                answer(text("Done.")));
        UUID id = postMessage();
        inbox.settle();
        assertEquals(0, inbox.actions.calls.size(), "the write waits; the read after it waits its turn");

        requeue(id);
        requeue(id);
        inbox.settle();
        assertEquals(1L, inbox.count("SELECT count(*) FROM action_invocations WHERE session_id = '" + sessionOf(id) + "'"),
                "a repeated row finds the same pending invocation");
        assertEquals(1, loopRequests().size());

        DB.execute("UPDATE inbox_tool_loops SET claimed_until = now() + interval '5 minutes' WHERE message_id = '" + id + "'");
        inbox.actions.approve(org, admin, sessionOf(id), pendingInvocation(id));
        requeue(id);
        inbox.settle();
        assertEquals("matched", inbox.message(org, id).status(), "another dispatch holds the loop: nothing happens");
        DB.execute("UPDATE inbox_tool_loops SET claimed_until = NULL WHERE message_id = '" + id + "'");

        requeue(id);
        requeue(id);
        inbox.settle();
        assertEquals("acted", inbox.message(org, id).status());
        assertEquals(2, inbox.actions.calls.size(), "the write once (on approval), the read once");
        assertEquals(2, loopRequests().size());

        requeue(id);
        inbox.settle();
        assertEquals(2, inbox.actions.calls.size());
        assertEquals(2, loopRequests().size());
    }

    @Test
    void aSkillSessionStoppedWhileTheLoopWaitsFailsTheMessageWhichFallsThrough() {
        ticketSkill(List.of("tracker.*"), 5);
        loopAnswers(answer(calls("call_1", "tracker__create_issue", "{\"title\": \"Printer fire\"}")),
                answer(text("Created.")));
        UUID id = postMessage();
        inbox.settle();

        inbox.sessions.sessions().stop(org, sessionOf(id), "stopped by an operator");
        requeue(id);
        inbox.settle();

        MessageRow message = inbox.message(org, id);
        assertEquals("failed", message.status());
        assertTrue(message.error().contains("was stopped"), message.error());
        assertEquals(1, defaultRuns(id));
        assertEquals(1, loopRequests().size());
    }

    @Test
    void aDispatchCutOffBetweenAnActionAndItsRecordedResultDoesNotRunTheActionAgain() {
        ticketSkill(List.of("tracker.*"), 5);
        loopAnswers(answer(calls("call_1", "tracker__get_issue", "{\"id\": \"7\"}")),
                aResponse().withStatus(503), answer(text("Ticket 7 is on fire.")));
        UUID id = postMessage();
        inbox.outbox.drain(); // one dispatch: the read ran, then the LLM failed
        assertEquals(1, inbox.actions.calls.size());

        // as if the node had stopped after the action ran and before its result was stored
        DB.execute("UPDATE inbox_tool_loops SET conversation = conversation - (jsonb_array_length(conversation) - 1),"
                + " claimed_until = NULL WHERE message_id = '" + id + "'");
        inbox.settle();

        assertEquals("acted", inbox.message(org, id).status());
        assertEquals(1, inbox.actions.calls.size(), "the same idempotency key finds the first invocation");
        assertEquals(1L, inbox.count("SELECT count(*) FROM action_invocations WHERE session_id = '" + sessionOf(id) + "'"));
    }

    private void requeue(UUID message) {
        inbox.unitOfWork.run(tx -> inbox.runs.enqueue(tx, org, InboxConstants.MATCH_MESSAGE,
                Map.of("messageId", message.toString())));
    }
}
