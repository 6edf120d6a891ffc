package dev.switchboard.inbox.internal;

import dev.switchboard.actions.internal.TestActions;
import dev.switchboard.foundation.internal.InboxTestSchema;
import dev.switchboard.foundation.internal.UnitOfWorkService;
import dev.switchboard.foundation.testing.TestDatabase;
import dev.switchboard.llm.MessageMatcher;
import dev.switchboard.llm.internal.ConfiguredLlmClient;
import dev.switchboard.llm.internal.LlmMessageMatcher;
import dev.switchboard.rest.Caller;
import dev.switchboard.rest.Role;
import dev.switchboard.runs.Outbox;
import dev.switchboard.runs.internal.RunsService;
import dev.switchboard.runs.internal.RunsStore;
import dev.switchboard.runs.internal.TestOutbox;
import dev.switchboard.sessions.internal.TestSessions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.ws.rs.core.SecurityContext;

/**
 * The inbox on a real database with the real runs hand-off and outbox dispatcher, the real LLM matcher and client
 * (pointed at {@code llmBaseUrl}, WireMock in the tests), and the real sessions and actions engine behind the tool
 * loop; skills are {@link FixedSkills}, the boundary to the skills bundle.
 */
final class InboxFixture {

    static final String CONSOLE = "https://console.example/";

    final TestDatabase db;
    final UnitOfWorkService unitOfWork;
    final InboxStore store;
    final RunsService runs;
    final FixedSkills skills = new FixedSkills();
    final InboxChannels channels = new InboxChannels();
    final SkillExecutors executors = new SkillExecutors();
    final RecordingChannel chat = new RecordingChannel("chat");
    final RecordingChannel pager = new RecordingChannel("pager");
    final MessageAdmin admin;
    final MessageProcessor processor;
    final InboxService inbox;
    final TestOutbox outbox;
    final TestSessions sessions;
    final TestActions actions;
    final ToolLoop toolLoop;
    final ToolLoopResumer resumer;

    InboxFixture(TestDatabase db, String llmBaseUrl) {
        this(db, llmBaseUrl, null);
    }

    /** {@code outboxOverride} replaces the outbox messages are posted with (to make a transaction fail). */
    InboxFixture(TestDatabase db, String llmBaseUrl, Outbox outboxOverride) {
        this.db = db;
        unitOfWork = new UnitOfWorkService(db.dataSource());
        store = new InboxStore(unitOfWork);
        runs = new RunsService(new RunsStore(unitOfWork));
        channels.addChannel(chat);
        channels.addChannel(pager);
        admin = new MessageAdmin(store, outboxOverride == null ? runs : outboxOverride, runs, channels,
                (tx, organizationId, caller, action, type, id, details) -> { });
        sessions = new TestSessions(unitOfWork);
        actions = new TestActions(unitOfWork, sessions.sessions(), sessions.events());
        toolLoop = new ToolLoop(store, sessions.sessions(), actions.invoker(), llm(llmBaseUrl), skills,
                sessions.events(), Clock.systemUTC());
        resumer = new ToolLoopResumer(store, actions.invoker(), runs, Clock.systemUTC());
        processor = new MessageProcessor(store, skills, matcher(llmBaseUrl), executors, runs, runs, runs, toolLoop,
                Map.of(InboxConstants.CONSOLE_URL, CONSOLE));
        inbox = new InboxService(store, runs, skills);
        // in the past: a row that failed is due again at once, so the test retries it by draining again
        outbox = new TestOutbox(unitOfWork, Clock.fixed(Instant.parse("2020-01-01T00:00:00Z"), ZoneOffset.UTC))
                .handler(processor)
                .handler(new NotifyMessageHandler(store, channels, Map.of(InboxConstants.CONSOLE_URL, CONSOLE)));
    }

    static MessageMatcher matcher(String llmBaseUrl) {
        return new LlmMessageMatcher(llm(llmBaseUrl));
    }

    static ConfiguredLlmClient llm(String llmBaseUrl) {
        return new ConfiguredLlmClient(Map.of("endpoint", llmBaseUrl + "/v1", "model", "gpt-test-mini",
                "timeoutSeconds", "5")); // generous: the build machine may be busy
    }

    /** Drains until no due row is left (at most {@code rounds} times: a failing row is always due). */
    void settle(int rounds) {
        for (int i = 0; i < rounds && outbox.drain() > 0; i++) {
            // handlers queue further rows (notifications) that the next round picks up
        }
    }

    void settle() {
        settle(10);
    }

    /** Rows the test left (failing channels) must not reach the next test's handlers. */
    void forgetPendingRows() {
        db.execute("UPDATE outbox SET status = 'failed' WHERE status IN ('pending', 'processing')");
    }

    UUID organization() {
        UUID id = UUID.randomUUID();
        db.execute("INSERT INTO organizations (id, name, slug) VALUES ('" + id + "', 'Org', 'org-" + id + "')");
        return id;
    }

    UUID user(UUID organizationId, String role) {
        UUID id = UUID.randomUUID();
        db.execute("INSERT INTO users (id, email, name) VALUES ('" + id + "', '" + id + "@example.com', 'U')");
        db.execute("INSERT INTO members (organization_id, user_id, role) VALUES ('" + organizationId + "', '" + id
                + "', '" + role + "')");
        return id;
    }

    UUID automation(UUID organizationId, boolean enabled) {
        UUID id = UUID.randomUUID();
        db.execute("INSERT INTO automations (id, organization_id, name, enabled) VALUES ('" + id + "', '"
                + organizationId + "', 'Inbox triage', " + enabled + ")");
        return id;
    }

    Caller member(UUID organizationId) {
        return new Caller(Caller.Kind.API_KEY, user(organizationId, "member"), organizationId, Role.MEMBER, null, null,
                UUID.randomUUID(), false);
    }

    Caller owner(UUID organizationId) {
        return new Caller(Caller.Kind.API_KEY, user(organizationId, "owner"), organizationId, Role.OWNER, null, null,
                UUID.randomUUID(), false);
    }

    static Caller service(UUID organizationId) {
        return new Caller(Caller.Kind.SERVICE_TOKEN, null, organizationId, Role.ADMIN, null, null, null, false);
    }

    Caller agent(UUID organizationId) {
        return new Caller(Caller.Kind.SESSION_TOKEN, user(organizationId, "member"), organizationId, Role.MEMBER, null,
                UUID.randomUUID(), UUID.randomUUID(), false);
    }

    /** Sets the organization's default automation (and notify targets) as an owner would. */
    void settings(UUID organizationId, UUID defaultAutomation, List<Map<String, Object>> targets) {
        admin.putSettings(owner(organizationId), new MessageAdmin.SettingsRequest(
                defaultAutomation == null ? null : defaultAutomation.toString(), targets));
    }

    /** Posts a message as a service token; its id. */
    UUID post(UUID organizationId, String subject, String text) {
        return UUID.fromString(String.valueOf(admin.post(service(organizationId),
                new MessageAdmin.PostRequest(text, "ana@example.com", subject, null)).get("id")));
    }

    MessageRow message(UUID organizationId, UUID id) {
        return unitOfWork.inTransaction(tx -> store.messages(tx).get(organizationId, id));
    }

    long count(String sql) {
        return ((Number) db.queryValue(sql)).longValue();
    }

    static SecurityContext security(Caller caller) {
        return dev.switchboard.rest.testing.TestSecurity.of(caller);
    }
}
