package dev.switchboard.inbox.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.switchboard.foundation.internal.InboxTestSchema;
import dev.switchboard.foundation.testing.TestDatabase;
import dev.switchboard.inbox.SkillExecutor;
import dev.switchboard.inbox.SkillInvocation;
import dev.switchboard.rest.PageRequest;
import dev.switchboard.runs.notify.RunNotification;
import dev.switchboard.spi.skill.ExtractField;
import dev.switchboard.spi.skill.MatchSource;
import dev.switchboard.spi.skill.SkillAct;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Match → extract → act on a real database with the real outbox dispatcher and runs hand-off, and the real LLM
 * matcher asking WireMock playing an OpenAI-compatible server.
 */
class MessageProcessingTest {

    @RegisterExtension
    static final TestDatabase DB = TestDatabase.create().withSchema(InboxTestSchema::apply);

    @RegisterExtension
    static final WireMockExtension LLM = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PATH = "/v1/chat/completions";
    private static final ExtractField MERCHANT = new ExtractField("merchant", "who was paid", true);
    private static final ExtractField AMOUNT = new ExtractField("amount", "the total paid", false);

    private InboxFixture inbox;
    private UUID org;
    private UUID automation;
    private Recording ledger;

    @BeforeEach
    void setUp() {
        inbox = new InboxFixture(DB, LLM.baseUrl());
        org = inbox.organization();
        automation = inbox.automation(org, true);
        ledger = new Recording("ledger");
        inbox.executors.addExecutor(ledger);
    }

    @AfterEach
    void tearDown() {
        inbox.forgetPendingRows();
    }

    /** A custom executor that records its invocations and fails the first {@code failures} of them. */
    static final class Recording implements SkillExecutor {
        private final String id;
        final List<SkillInvocation> invocations = new CopyOnWriteArrayList<>();
        final AtomicInteger failures = new AtomicInteger();

        Recording(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public String execute(SkillInvocation invocation) throws Exception {
            invocations.add(invocation);
            if (failures.getAndDecrement() > 0) {
                throw new java.io.IOException("the ledger is down");
            }
            return "recorded " + invocation.fields().get("amount") + " at " + invocation.fields().get("merchant");
        }
    }

    private static void answer(String skill, double confidence, String fields) {
        ObjectNode answer = JSON.createObjectNode();
        if (skill == null) {
            answer.putNull("skill");
        } else {
            answer.put("skill", skill);
        }
        answer.put("confidence", confidence);
        try {
            answer.set("fields", JSON.readTree(fields));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
        answer.put("summary", "A coffee receipt.");
        answerWith(answer.toString());
    }

    private static void answerWith(String content) {
        ObjectNode body = JSON.createObjectNode().put("id", "chatcmpl-1").put("object", "chat.completion")
                .put("model", "gpt-test-mini");
        ObjectNode choice = body.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop");
        choice.putObject("message").put("role", "assistant").put("content", content);
        LLM.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(body.toString())));
    }

    private static int llmCalls() {
        return LLM.findAll(postRequestedFor(urlPathEqualTo(PATH))).size();
    }

    private void expenseSkill(SkillAct act) {
        inbox.skills.add(org, "expense-tracker", "Records expenses", Set.of(MatchSource.MESSAGE, MatchSource.EMAIL), act,
                true, MERCHANT, AMOUNT);
    }

    private UUID postReceipt() {
        return inbox.post(org, "Your receipt", "Thanks for your order at Blue Bottle: total $12.50.");
    }

    /** The run of the default automation for {@code message}: its source, dedup key and context. */
    private Map<String, Object> run(UUID message) throws Exception {
        Object context = DB.queryValue("SELECT context_json::text FROM automation_runs WHERE organization_id = '" + org
                + "' AND dedup_key = 'message:" + message + "' AND source = 'message' AND automation_id = '"
                + automation + "'");
        assertNotNull(context, "a run of the default automation for the message");
        @SuppressWarnings("unchecked")
        Map<String, Object> map = JSON.readValue(String.valueOf(context), Map.class);
        return map;
    }

    private long runs() {
        return inbox.count("SELECT count(*) FROM automation_runs WHERE organization_id = '" + org + "'");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> data(Map<String, Object> context) {
        return (Map<String, Object>) context.get("data");
    }

    @Test
    void aMessageWhoseOutboxRowGaveUpIsQueuedAgainAndFinishedMessagesArePrunedByAge() {
        inbox.settings(org, automation, List.of());
        UUID stalled = inbox.post(org, "Lost", "the row for this one gave up");
        inbox.forgetPendingRows(); // as if its match_message row had failed five times
        InboxMaintenance maintenance = new InboxMaintenance(inbox.store, inbox.runs, java.time.Duration.ofDays(90),
                java.time.Clock.systemUTC());
        assertEquals(0, maintenance.requeueStalled(), "a fresh message is left to its own row");
        DB.execute("UPDATE inbound_messages SET created_at = now() - interval '16 minutes' WHERE id = '" + stalled + "'");
        assertEquals(1, maintenance.requeueStalled());
        assertEquals(0, maintenance.requeueStalled(), "queued again once per period");
        inbox.settle();
        assertEquals("fell_through", inbox.message(org, stalled).status(), "no skill: the default automation has it");

        DB.execute("UPDATE inbound_messages SET processed_at = now() - interval '91 days' WHERE id = '" + stalled + "'");
        UUID open = inbox.post(org, "Still open", "not processed yet");
        DB.execute("UPDATE inbound_messages SET created_at = now() - interval '91 days' WHERE id = '" + open + "'");
        assertEquals(1, maintenance.prune());
        assertEquals(0L, inbox.count("SELECT count(*) FROM inbound_messages WHERE id = '" + stalled + "'"));
        assertEquals(1L, inbox.count("SELECT count(*) FROM inbound_messages WHERE id = '" + open + "'"),
                "an open message is never pruned");
    }

    @Test
    void aMatchedMessageRunsItsCustomExecutorWithTheExtractedFields() throws Exception {
        expenseSkill(new SkillAct.Custom("ledger"));
        inbox.skills.add(org, "invite-detector", "Adds invitations", Set.of(MatchSource.EMAIL), new SkillAct.Notify(), true);
        inbox.skills.add(org, "tax-tracker", "Tracks taxes", Set.of(MatchSource.MESSAGE), new SkillAct.Notify(), false);
        inbox.skills.plain(org, "plain-skill");
        inbox.settings(org, automation, List.of());
        answer("expense-tracker", 0.93, "{\"merchant\": \"Blue Bottle\", \"amount\": \"12.50\"}");
        UUID id = postReceipt();

        inbox.settle();

        MessageRow message = inbox.message(org, id);
        assertEquals("acted", message.status(), message.error());
        assertEquals("expense-tracker", message.matchedSkill());
        assertEquals(0.93, message.confidence());
        assertEquals("recorded 12.50 at Blue Bottle", message.result());
        assertNotNull(message.processedAt());
        assertEquals(1, ledger.invocations.size());
        SkillInvocation invocation = ledger.invocations.get(0);
        assertEquals(Map.of("merchant", "Blue Bottle", "amount", "12.50"), invocation.fields());
        assertEquals("expense-tracker", invocation.skill());
        assertEquals(id, invocation.messageId());
        assertEquals(org, invocation.organizationId());
        assertEquals("ana@example.com", invocation.sender());
        assertEquals("Your receipt", invocation.subject());
        assertEquals("A coffee receipt.", invocation.summary());
        assertTrue(invocation.text().contains("Blue Bottle"));
        assertEquals(0, runs(), "a message a skill acted on is no run");
        assertEquals(1, llmCalls());
        String prompt = LLM.findAll(postRequestedFor(urlPathEqualTo(PATH))).get(0).getBodyAsString();
        assertTrue(prompt.contains("expense-tracker"));
        assertFalse(prompt.contains("invite-detector"), "email-only skills are no candidates for messages");
        assertFalse(prompt.contains("tax-tracker"), "disabled skills are no candidates");
        assertFalse(prompt.contains("plain-skill"), "skills without match settings are no candidates");
        Map<String, Object> view = inbox.admin.get(inbox.member(org), id);
        assertEquals(Map.of("type", "custom", "executorId", "ledger"), view.get("act"));
        assertEquals(Map.of("merchant", "Blue Bottle", "amount", "12.50"), view.get("fields"));
    }

    @Test
    void aThrowingExecutorIsRetriedWithoutMatchingAgain() {
        expenseSkill(new SkillAct.Custom("ledger"));
        ledger.failures.set(1);
        answer("expense-tracker", 0.9, "{\"merchant\": \"Blue Bottle\", \"amount\": \"12.50\"}");
        UUID id = postReceipt();

        inbox.settle();

        MessageRow message = inbox.message(org, id);
        assertEquals("acted", message.status());
        assertEquals(2, ledger.invocations.size());
        assertEquals(1, llmCalls(), "the match is kept; a retry only acts");
    }

    @Test
    void anExecutorThatKeepsFailingFailsTheMessageWhichFallsThrough() throws Exception {
        expenseSkill(new SkillAct.Custom("ledger"));
        inbox.settings(org, automation, null);
        ledger.failures.set(100);
        answer("expense-tracker", 0.9, "{\"merchant\": \"Blue Bottle\"}");
        UUID id = postReceipt();

        inbox.settle();

        MessageRow message = inbox.message(org, id);
        assertEquals("failed", message.status());
        assertEquals(InboxConstants.EXECUTOR_ATTEMPTS, ledger.invocations.size());
        assertTrue(message.error().contains("skill executor 'ledger' failed: IOException: the ledger is down"),
                message.error());
        assertNotNull(message.runId());
        assertEquals("act_failed", data(run(id)).get("reason"));
    }

    @Test
    void anUnknownExecutorFailsTheMessageClearlyAndItFallsThrough() throws Exception {
        expenseSkill(new SkillAct.Custom("bookkeeper"));
        inbox.settings(org, automation, null);
        answer("expense-tracker", 0.9, "{\"merchant\": \"Blue Bottle\"}");
        UUID id = postReceipt();

        inbox.settle();

        MessageRow message = inbox.message(org, id);
        assertEquals("failed", message.status());
        assertEquals("no skill executor 'bookkeeper' is installed (skill expense-tracker)", message.error());
        assertEquals("expense-tracker", message.matchedSkill());
        Map<String, Object> data = data(run(id));
        assertEquals("act_failed", data.get("reason"));
        assertEquals(message.runId().toString(), DB.queryValue("SELECT id::text FROM automation_runs WHERE dedup_key = 'message:"
                + id + "'"));
    }

    @Test
    void aNotifyActSendsOneNotificationPerTargetAndAFailingChannelIsRetriedAlone() {
        expenseSkill(new SkillAct.Notify());
        inbox.settings(org, automation, List.of(Map.of("channel", "chat", "target", Map.of("to", "#ops")),
                Map.of("channel", "pager", "target", Map.of("to", "on-call"))));
        inbox.pager.failuresLeft = 2;
        answer("expense-tracker", 0.9, "{\"merchant\": \"Blue Bottle\", \"amount\": \"12.50\"}");
        UUID id = postReceipt();

        inbox.settle(3);

        assertEquals("acted", inbox.message(org, id).status());
        assertEquals(1, inbox.chat.of(org).size());
        assertEquals(0, inbox.pager.of(org).size());
        assertEquals(2, inbox.pager.attempts.get());
        inbox.settle();
        assertEquals(1, inbox.chat.of(org).size(), "the channel that worked is not called again");
        assertEquals(1, inbox.chat.attempts.get());
        assertEquals(1, inbox.pager.of(org).size());
        assertEquals(3, inbox.pager.attempts.get());

        RunNotification chat = inbox.chat.of(org).get(0).notification();
        RunNotification pager = inbox.pager.of(org).get(0).notification();
        assertEquals("msg_" + id + "_expense-tracker_0", chat.id());
        assertEquals("msg_" + id + "_expense-tracker_1", pager.id(), "the same id on every retry");
        assertEquals(Map.of("to", "on-call"), inbox.pager.of(org).get(0).target());
        assertEquals("matched", chat.status());
        assertEquals("Records expenses", chat.title());
        assertEquals("A coffee receipt.\n\nmerchant: Blue Bottle\namount: 12.50", chat.summary());
        assertEquals(id, chat.runId());
        assertEquals(org, chat.organizationId());
        assertEquals("https://console.example/messages/" + id, chat.runUrl().toString());
        assertEquals("expense-tracker: matched", chat.headline());
        assertEquals(0, runs());
    }

    @Test
    void aNotifyActWithoutTargetsFailsAndFallsThrough() throws Exception {
        expenseSkill(new SkillAct.Notify());
        inbox.settings(org, automation, List.of());
        answer("expense-tracker", 0.9, "{\"merchant\": \"Blue Bottle\"}");
        UUID id = postReceipt();

        inbox.settle();

        MessageRow message = inbox.message(org, id);
        assertEquals("failed", message.status());
        assertTrue(message.error().contains("no notify targets"), message.error());
        assertEquals("act_failed", data(run(id)).get("reason"));
    }

    @Test
    void lowConfidenceFallsThroughToADefaultAutomationRunWithTheMessageAsContext() throws Exception {
        expenseSkill(new SkillAct.Custom("ledger"));
        inbox.settings(org, automation, null);
        answer("expense-tracker", 0.3, "{\"merchant\": \"Blue Bottle\"}");
        UUID id = postReceipt();

        inbox.settle();

        MessageRow message = inbox.message(org, id);
        assertEquals("fell_through", message.status());
        assertEquals("below_threshold", message.notMatchedReason());
        assertEquals(0.3, message.confidence());
        assertNull(message.matchedSkill());
        assertTrue(ledger.invocations.isEmpty());
        Map<String, Object> context = run(id);
        assertEquals(message.runId().toString(), DB.queryValue("SELECT id::text FROM automation_runs WHERE dedup_key = 'message:"
                + id + "'"));
        assertEquals("Your receipt", context.get("title"));
        assertEquals("Thanks for your order at Blue Bottle: total $12.50.", context.get("description"));
        assertEquals("https://console.example/messages/" + id, context.get("url"));
        Map<String, Object> data = data(context);
        assertEquals(id.toString(), data.get("messageId"));
        assertEquals("ana@example.com", data.get("sender"));
        assertEquals("Your receipt", data.get("subject"));
        assertEquals("message", data.get("source"));
        assertEquals("below_threshold", data.get("reason"));
        assertEquals("expense-tracker", data.get("closestSkill"));
        assertEquals(1, inbox.count("SELECT count(*) FROM outbox WHERE organization_id = '" + org
                + "' AND kind = 'enqueue_enrich'"), "the run's pipeline starts");
    }

    @Test
    void malformedLlmOutputFallsThroughWithTheFirstLineAsTitle() throws Exception {
        expenseSkill(new SkillAct.Custom("ledger"));
        inbox.settings(org, automation, null);
        answerWith("Sure! The skill is expense-tracker.");
        UUID id = inbox.post(org, null, "\n  Paid 12.50 at Blue Bottle  \nfor the team coffee");

        inbox.settle();

        MessageRow message = inbox.message(org, id);
        assertEquals("fell_through", message.status());
        assertEquals("malformed_answer", message.notMatchedReason());
        Map<String, Object> context = run(id);
        assertEquals("Paid 12.50 at Blue Bottle", context.get("title"));
        assertEquals("malformed_answer", data(context).get("reason"));
        assertTrue(ledger.invocations.isEmpty());
    }

    @Test
    void anUnavailableLlmFallsThroughAndTheMessageIsNotLost() throws Exception {
        expenseSkill(new SkillAct.Custom("ledger"));
        inbox.settings(org, automation, null);
        LLM.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(503)));
        UUID id = postReceipt();

        inbox.settle();

        MessageRow message = inbox.message(org, id);
        assertEquals("fell_through", message.status());
        assertEquals("unavailable", message.notMatchedReason());
        assertEquals("unavailable", data(run(id)).get("reason"));
    }

    @Test
    void withoutADefaultAutomationAnUnmatchedMessageStaysUnhandledAndListed() {
        expenseSkill(new SkillAct.Custom("ledger"));
        answer(null, 0.9, "{}");
        UUID id = postReceipt();

        inbox.settle();

        MessageRow message = inbox.message(org, id);
        assertEquals("unhandled", message.status());
        assertEquals("no_match", message.notMatchedReason());
        assertEquals("no default automation is set for unmatched messages", message.result());
        assertNull(message.runId());
        assertEquals(0, runs());
        assertEquals(List.of(id.toString()), inbox.admin.list(inbox.member(org), "unhandled", PageRequest.of(null, null))
                .items().stream().map(item -> item.get("id")).toList());
    }

    @Test
    void aDisabledDefaultAutomationLeavesTheMessageUnhandled() {
        inbox.settings(org, inbox.automation(org, false), null);
        UUID id = postReceipt();

        inbox.settle();

        MessageRow message = inbox.message(org, id);
        assertEquals("unhandled", message.status());
        assertEquals("the default automation is disabled", message.result());
        assertEquals(0, runs());
    }

    @Test
    void withoutCandidateSkillsTheLlmIsNotAskedAndTheMessageFallsThrough() throws Exception {
        inbox.skills.add(org, "invite-detector", "Adds invitations", Set.of(MatchSource.EMAIL), new SkillAct.Notify(), true);
        inbox.settings(org, automation, null);
        String text = "é".repeat(99_000) + "\n";
        UUID id = inbox.post(org, null, text);

        inbox.settle();

        assertEquals(0, llmCalls());
        MessageRow message = inbox.message(org, id);
        assertEquals("fell_through", message.status(), message.error());
        assertEquals("no_candidates", message.notMatchedReason());
        Map<String, Object> context = run(id);
        String description = String.valueOf(context.get("description"));
        assertTrue(description.endsWith("[cut: the full text is message " + id + "]"), "a long text is cut to fit the run");
        assertTrue(JSON.writeValueAsString(context).length() <= 64 * 1024);
        assertEquals("é".repeat(119) + "…", context.get("title"));
    }

    @Test
    void aRepeatedMatchRowChangesNothing() throws Exception {
        expenseSkill(new SkillAct.Custom("ledger"));
        inbox.settings(org, automation, null);
        answer("expense-tracker", 0.2, "{}");
        UUID id = postReceipt();
        inbox.settle();
        MessageRow first = inbox.message(org, id);

        inbox.unitOfWork.run(tx -> inbox.runs.enqueue(tx, org, InboxConstants.MATCH_MESSAGE,
                Map.of("messageId", id.toString())));
        inbox.settle();

        assertEquals(first, inbox.message(org, id));
        assertEquals(1, runs());
        assertEquals(1, llmCalls());
    }

    @Test
    void emailsAreMatchedAgainstSkillsThatListEmail() {
        inbox.skills.add(org, "invite-detector", "Adds invitations", Set.of(MatchSource.EMAIL), new SkillAct.Custom("ledger"),
                true);
        answer("invite-detector", 0.9, "{}");
        UUID id = UUID.fromString(String.valueOf(inbox.admin.post(InboxFixture.service(org),
                new MessageAdmin.PostRequest("Join us Friday", "bo@example.com", "Invitation", "email")).get("id")));

        inbox.settle();

        assertEquals("acted", inbox.message(org, id).status());
        assertEquals("email", ledger.invocations.get(0).source());
    }
}
