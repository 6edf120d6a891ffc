package dev.switchboard.inbox.internal;

import dev.switchboard.actions.ActionInvoker;
import dev.switchboard.actions.AvailableAction;
import dev.switchboard.foundation.DatabaseUnavailableException;
import dev.switchboard.actions.InvocationOutcome;
import dev.switchboard.llm.ChatMessage;
import dev.switchboard.llm.ChatRequest;
import dev.switchboard.llm.ChatResponse;
import dev.switchboard.llm.LlmClient;
import dev.switchboard.llm.LlmException;
import dev.switchboard.llm.ToolCall;
import dev.switchboard.sessions.NewSession;
import dev.switchboard.sessions.SessionEventLog;
import dev.switchboard.sessions.Sessions;
import dev.switchboard.skills.SkillException;
import dev.switchboard.skills.Skills;
import dev.switchboard.spi.skill.SkillAct;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code execute_with_tools} act: an agent loop of at most {@value #MAX_ITERATIONS} LLM iterations in a session
 * of type {@code skill} without a sandbox, whose tool calls are actions invoked through the actions policy (reads
 * run, writes wait for approval unless a grant covers them, danger is denied). A call that waits for approval does
 * not block: the loop's state is stored and the loop stops; {@link ToolLoopResumer} queues the message again when
 * the invocation is decided, and the loop goes on from there. Every step is in the session's event log, without
 * message contents, arguments or results.
 */
@Component(service = ToolLoop.class)
public class ToolLoop {

    /** The most LLM iterations of one loop, whatever the skill asks. */
    static final int MAX_ITERATIONS = 5;
    /**
     * How long one dispatch may hold the loop: above its longest possible work (5 LLM calls at the largest LLM
     * timeout, 300 s, plus the actions' own time limits), so that two dispatches never work on one loop at once. A
     * dispatch cut off by a crash leaves the loop to the next one after this.
     */
    static final Duration LEASE = Duration.ofMinutes(40);
    /** How often the resumer looks at an invocation that waits for approval. */
    static final Duration RECHECK = Duration.ofSeconds(15);
    private static final Logger LOG = LoggerFactory.getLogger(ToolLoop.class);

    private final InboxStore store;
    private final Sessions sessions;
    private final ActionInvoker actions;
    private final LlmClient llm;
    private final Skills skills;
    private final SessionEventLog events;
    private final Clock clock;

    /** What became of the loop on this dispatch. */
    sealed interface Outcome {
        /** The model's final text: the message's result. */
        record Answered(String text) implements Outcome {
        }

        /** The act failed (the message falls through). */
        record Failed(String error) implements Outcome {
        }

        /** Waits for an invocation's decision, or another dispatch holds the loop: nothing to do now. */
        record NotNow() implements Outcome {
        }
    }

    /** A failure worth another dispatch (the outbox retries the message). */
    static final class RetryLater extends Exception {
        RetryLater(String message) {
            super(message);
        }
    }

    @Activate
    public ToolLoop(@Reference InboxStore store, @Reference Sessions sessions, @Reference ActionInvoker actions,
                    @Reference LlmClient llm, @Reference Skills skills, @Reference SessionEventLog events) {
        this(store, sessions, actions, llm, skills, events, Clock.systemUTC());
    }

    ToolLoop(InboxStore store, Sessions sessions, ActionInvoker actions, LlmClient llm, Skills skills,
             SessionEventLog events, Clock clock) {
        this.store = store;
        this.sessions = sessions;
        this.actions = actions;
        this.llm = llm;
        this.skills = skills;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Runs (or goes on with) the loop of a matched message.
     *
     * @param lastAttempt whether the outbox will not try this dispatch again: a failure worth retrying fails instead
     * @throws RetryLater when the LLM or the session failed and another dispatch may do better
     */
    Outcome run(MessageRow message, SkillAct.ExecuteWithTools act, boolean lastAttempt) throws RetryLater {
        UUID org = message.organizationId();
        Instant now = clock.instant();
        ToolLoopRow loop = store.unitOfWork().inTransaction(tx -> {
            store.toolLoops(tx).create(org, message.id(), message.matchedSkill());
            return store.toolLoops(tx).claim(org, message.id(), now, now.plus(LEASE));
        });
        if (loop == null) {
            LOG.debug("message {}: its tool loop is held by another dispatch", message.id());
            return new Outcome.NotNow();
        }
        if (loop.done()) {
            return loop.finalError() != null ? new Outcome.Failed(loop.finalError())
                    : new Outcome.Answered(loop.finalText());
        }
        try {
            return new Run(message, act, loop).go();
        } catch (RetryLater e) {
            if (lastAttempt) {
                return finish(message, loop.sessionId() == null ? sessionOf(message) : loop.sessionId(),
                        new Outcome.Failed(e.getMessage()));
            }
            release(message);
            throw e;
        } catch (Fatal e) {
            return finish(message, sessionOf(message), new Outcome.Failed(e.getMessage()));
        } catch (DatabaseUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            // e.g. an action whose schema the LLM request cannot carry: the same every time, so the last try ends it
            LOG.warn("message {} of organization {}: the tool loop failed ({})", message.id(), message.organizationId(),
                    e.getClass().getSimpleName());
            if (lastAttempt) {
                return finish(message, sessionOf(message), new Outcome.Failed("the tool loop failed: "
                        + e.getClass().getSimpleName()));
            }
            release(message);
            throw e;
        }
    }

    private UUID sessionOf(MessageRow message) {
        ToolLoopRow row = store.unitOfWork().inTransaction(tx ->
                store.toolLoops(tx).get(message.organizationId(), message.id()));
        return row == null ? null : row.sessionId();
    }

    private void release(MessageRow message) {
        try {
            store.unitOfWork().run(tx -> store.toolLoops(tx).release(message.organizationId(), message.id()));
        } catch (RuntimeException e) {
            LOG.debug("message {}: tool loop not released (the lease runs out): {}", message.id(), e.toString());
        }
    }

    /** One dispatch's work on the loop. */
    private final class Run {
        private final MessageRow message;
        private final UUID org;
        private final int maxIterations;
        private final ToolLoopRow loop;
        private final List<String> allowedTools;
        private UUID sessionId;
        private int iteration;
        private Conversation conversation;

        Run(MessageRow message, SkillAct.ExecuteWithTools act, ToolLoopRow loop) {
            this.message = message;
            this.org = message.organizationId();
            this.maxIterations = Math.min(act.maxIterations(), MAX_ITERATIONS);
            this.loop = loop;
            this.sessionId = loop.sessionId();
            this.iteration = loop.iteration();
            this.conversation = Conversation.read(loop.conversation());
            this.allowedTools = act.allowedTools();
        }

        Outcome go() throws RetryLater, Fatal {
            if (sessionId == null) {
                sessionId = startSession();
            } else if (sessions.state(org, sessionId).map(state -> state.ended()).orElse(true)) {
                // someone stopped it (or it is gone): the loop ends with it
                return finish(message, sessionId, new Outcome.Failed("the skill session " + sessionId
                        + " was stopped before the loop finished"));
            }
            String instructions;
            try {
                instructions = skills.render(org, null, message.matchedSkill()).instructions();
            } catch (SkillException e) {
                return finish(message, sessionId, new Outcome.Failed("skill " + message.matchedSkill()
                        + " cannot be rendered for the organization: " + e.getMessage()));
            } catch (RuntimeException e) {
                throw new RetryLater("skill " + message.matchedSkill() + " could not be rendered ("
                        + e.getClass().getSimpleName() + ")");
            }
            ToolSet tools = ToolSet.of(actions.available(org, sessionId), allowedTools);
            if (conversation.isEmpty()) {
                conversation = Conversation.start(ChatMessage.user(ToolPrompt.message(message)));
                save();
                record("skill.loop_started", Map.of("skill", message.matchedSkill(), "messageId",
                        message.id().toString(), "tools", tools.size(), "maxIterations", maxIterations));
            }
            if (loop.pendingInvocationId() != null && !resumePending()) {
                return new Outcome.NotNow();
            }
            while (true) {
                for (ToolCall call : conversation.unanswered()) {
                    if (!answer(call, tools)) {
                        return new Outcome.NotNow();
                    }
                }
                Optional<String> answer = conversation.finalAnswer();
                if (answer.isPresent()) {
                    return answer.get().isBlank()
                            ? finish(message, sessionId, new Outcome.Failed("the model's final answer was empty"))
                            : finish(message, sessionId, new Outcome.Answered(answer.get()));
                }
                if (iteration >= maxIterations) {
                    return finish(message, sessionId, new Outcome.Failed("the tool loop used its " + maxIterations
                            + " iterations without a final answer"));
                }
                ChatResponse response = ask(instructions, tools);
                iteration++;
                conversation.add(response.asMessage());
                save();
                record("skill.llm_turn", Map.of("iteration", iteration, "toolCalls", response.toolCalls().size(),
                        "finishReason", response.finishReason()));
                if (response.callsTools() && iteration >= maxIterations) {
                    return finish(message, sessionId, new Outcome.Failed("the tool loop used its " + maxIterations
                            + " iterations without a final answer"));
                }
            }
        }

        private UUID startSession() throws RetryLater {
            UUID id;
            try {
                id = sessions.start(new NewSession(org, "inbox:" + message.id() + ":skill", null, "skill", "inbox",
                        "Skill " + message.matchedSkill() + " on message " + message.id(), null, null,
                        NewSession.NO_SANDBOX, null, null, null)).id();
            } catch (RuntimeException e) {
                throw new RetryLater("the skill session did not start (" + e.getClass().getSimpleName() + ")");
            }
            store.unitOfWork().run(tx -> store.toolLoops(tx).setSession(org, message.id(), id));
            LOG.info("message {} of organization {}: skill {} works in session {}", message.id(), org,
                    message.matchedSkill(), id);
            return id;
        }

        private ChatResponse ask(String instructions, ToolSet tools) throws RetryLater, Fatal {
            List<ChatMessage> messages = new ArrayList<>();
            messages.add(ChatMessage.system(ToolPrompt.system(message, instructions)));
            messages.addAll(conversation.messages());
            try {
                return llm.forOrganization(org).chat(ChatRequest.withTools(messages, tools.specs()));
            } catch (LlmException e) {
                LOG.warn("message {} of organization {}: the tool loop's LLM call failed ({}): {}", message.id(), org,
                        e.kind(), e.getMessage());
                record("skill.llm_failed", Map.of("iteration", iteration + 1, "kind", e.kind().name()));
                if (e.kind() == LlmException.Kind.NOT_CONFIGURED) {
                    throw new Fatal(e.getMessage());
                }
                throw new RetryLater("the LLM failed: " + e.getMessage());
            }
        }

        /** Answers one call; {@code false} when it waits for approval (the loop is stored and released). */
        private boolean answer(ToolCall call, ToolSet tools) {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("iteration", iteration);
            event.put("tool", call.name());
            String result = result(call, tools.action(call.name()), event);
            record("skill.tool_call", event);
            if (result == null) {
                UUID invocationId = UUID.fromString((String) event.get("invocationId"));
                store.unitOfWork().run(tx -> store.toolLoops(tx).waitFor(org, message.id(), iteration,
                        conversation.write(), invocationId, call.id(), clock.instant().plus(RECHECK)));
                record("skill.waiting", Map.of("invocationId", invocationId.toString()));
                LOG.info("message {} of organization {}: the tool loop waits for invocation {}", message.id(), org,
                        invocationId);
                return false;
            }
            conversation.add(ChatMessage.tool(call.id(), result));
            save();
            return true;
        }

        /** The tool message for {@code call}, or {@code null} when its invocation waits for a decision. */
        private String result(ToolCall call, Optional<AvailableAction> action, Map<String, Object> event) {
            if (action.isEmpty()) {
                event.put("status", "unknown_tool");
                return ToolResults.refused("unknown_tool", "no tool named " + call.name() + " is offered");
            }
            event.put("integration", action.get().integration());
            event.put("action", action.get().action());
            Map<String, Object> params;
            try {
                params = ToolResults.arguments(call.arguments());
            } catch (ToolResults.InvalidArguments e) {
                event.put("status", "invalid_arguments");
                return ToolResults.refused("invalid_arguments", e.getMessage());
            }
            // the same key on every dispatch: a repeated dispatch finds the first invocation, never a second call
            String key = "inbox:" + message.id() + ":" + iteration + ":" + conversation.indexInTurn(call);
            InvocationOutcome outcome = actions.invoke(org, sessionId, action.get().integration(),
                    action.get().action(), params, key);
            event.put("status", outcome.refused() ? "refused" : outcome.status().wireName());
            if (outcome.invocationId() != null) {
                event.put("invocationId", outcome.invocationId().toString());
            }
            if (outcome.code() != null) {
                event.put("code", outcome.code());
            }
            return outcome.open() ? null : ToolResults.of(outcome);
        }

        /** Feeds the decided invocation back; {@code false} when it is still open (the loop keeps waiting). */
        private boolean resumePending() {
            UUID invocationId = loop.pendingInvocationId();
            Optional<InvocationOutcome> outcome = actions.outcome(org, invocationId);
            if (outcome.isPresent() && outcome.get().open()) {
                store.unitOfWork().run(tx -> store.toolLoops(tx).waitFor(org, message.id(), iteration,
                        conversation.write(), invocationId, loop.pendingToolCallId(), clock.instant().plus(RECHECK)));
                return false;
            }
            String result = outcome.map(ToolResults::of).orElseGet(() ->
                    ToolResults.refused("invocation_gone", "the invocation no longer exists"));
            conversation.add(ChatMessage.tool(loop.pendingToolCallId(), result));
            save();
            record("skill.resumed", Map.of("invocationId", invocationId.toString(), "status",
                    outcome.map(o -> o.status().wireName()).orElse("gone")));
            return true;
        }

        private void save() {
            store.unitOfWork().run(tx -> store.toolLoops(tx).save(org, message.id(), iteration, conversation.write()));
        }

        private void record(String type, Map<String, Object> data) {
            ToolLoop.this.record(org, sessionId, type, data);
        }
    }

    /** A failure no retry mends (the LLM is not configured): the act fails at once. */
    private static final class Fatal extends Exception {
        Fatal(String message) {
            super(message);
        }
    }

    /** Stores the outcome, closes the session and returns the outcome. */
    private Outcome finish(MessageRow message, UUID sessionId, Outcome outcome) {
        UUID org = message.organizationId();
        String text = outcome instanceof Outcome.Answered answered ? answered.text() : null;
        String error = outcome instanceof Outcome.Failed failed ? failed.error() : null;
        store.unitOfWork().run(tx -> store.toolLoops(tx).finish(org, message.id(), text, error));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("outcome", text != null ? "answered" : "failed");
        if (error != null) {
            data.put("error", error);
        }
        record(org, sessionId, "skill.loop_finished", data);
        if (sessionId != null) {
            try {
                sessions.stop(org, sessionId, text != null ? "skill answered" : "skill failed");
            } catch (RuntimeException e) {
                LOG.warn("message {}: the skill session {} did not stop: {}", message.id(), sessionId, e.toString());
            }
        }
        LOG.info("message {} of organization {}: the tool loop of skill {} {}", message.id(), org,
                message.matchedSkill(), text != null ? "answered" : "failed: " + error);
        return outcome;
    }

    private void record(UUID org, UUID sessionId, String type, Map<String, Object> data) {
        if (sessionId == null) {
            return;
        }
        try {
            events.append(org, sessionId, type, data);
        } catch (RuntimeException e) {
            LOG.warn("session {}: event {} not recorded: {}", sessionId, type, e.getClass().getSimpleName());
        }
    }
}
