package dev.switchboard.inbox.internal;

import dev.switchboard.foundation.Transaction;
import dev.switchboard.inbox.SkillExecutor;
import dev.switchboard.inbox.SkillInvocation;
import dev.switchboard.llm.FieldSpec;
import dev.switchboard.llm.InboundMessage;
import dev.switchboard.llm.MatchCandidate;
import dev.switchboard.llm.MatchResult;
import dev.switchboard.llm.MatchResult.Matched;
import dev.switchboard.llm.MatchResult.NotMatched;
import dev.switchboard.llm.MessageMatcher;
import dev.switchboard.runs.Automation;
import dev.switchboard.runs.Automations;
import dev.switchboard.runs.NewRun;
import dev.switchboard.runs.Outbox;
import dev.switchboard.runs.OutboxHandler;
import dev.switchboard.runs.OutboxItem;
import dev.switchboard.runs.RunHandoff;
import dev.switchboard.skills.ResolvedSkill;
import dev.switchboard.skills.Skills;
import dev.switchboard.spi.skill.MatchSettings;
import dev.switchboard.spi.skill.MatchSource;
import dev.switchboard.spi.skill.SkillAct;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@value InboxConstants#MATCH_MESSAGE} handler: match, extract, act. A received message is matched once
 * against the organization's enabled skills that list its source; a match acts by the skill's act (a custom
 * executor, notifications to the inbox's notify targets, a {@link ToolLoop}); anything else falls through to a run
 * of the organization's default automation, or, without one, stays {@code unhandled} in the inbox. Each step's state
 * changes and outbox rows commit together; a repeated row finds the message's status and goes on from there.
 */
@Component(service = OutboxHandler.class, configurationPid = InboxConstants.PID)
public class MessageProcessor implements OutboxHandler {

    private static final Logger LOG = LoggerFactory.getLogger(MessageProcessor.class);

    private final InboxStore store;
    private final Skills skills;
    private final MessageMatcher matcher;
    private final SkillExecutors executors;
    private final RunHandoff handoff;
    private final Automations automations;
    private final Outbox outbox;
    private final ToolLoop toolLoop;
    private final InboxConfig config;

    @Activate
    public MessageProcessor(@Reference InboxStore store, @Reference Skills skills, @Reference MessageMatcher matcher,
                            @Reference SkillExecutors executors, @Reference RunHandoff handoff,
                            @Reference Automations automations, @Reference Outbox outbox,
                            @Reference ToolLoop toolLoop, Map<String, ?> properties) {
        this.store = store;
        this.skills = skills;
        this.matcher = matcher;
        this.executors = executors;
        this.handoff = handoff;
        this.automations = automations;
        this.outbox = outbox;
        this.toolLoop = toolLoop;
        this.config = InboxConfig.from(properties);
    }

    @Override
    public String kind() {
        return InboxConstants.MATCH_MESSAGE;
    }

    @Override
    public void handle(OutboxItem item) throws Exception {
        UUID messageId = UUID.fromString(String.valueOf(item.payload().get("messageId")));
        MessageRow message = store.unitOfWork().inTransaction(tx ->
                store.messages(tx).get(item.organizationId(), messageId));
        if (message == null) {
            return; // deleted with its organization
        }
        switch (message.status()) {
            case InboxConstants.RECEIVED -> match(message, item.attempts());
            case InboxConstants.MATCHED -> act(message, item.attempts());
            default -> {
                // handled before: a repeated row
            }
        }
    }

    private void match(MessageRow message, int attempts) throws Exception {
        if (message.targetSkill() != null) {
            direct(message, attempts);
            return;
        }
        MatchSource source = "email".equals(message.source()) ? MatchSource.EMAIL : MatchSource.MESSAGE;
        Map<String, ResolvedSkill> candidates = new LinkedHashMap<>();
        for (ResolvedSkill skill : skills.effective(message.organizationId(), null)) {
            MatchSettings settings = skill.definition().matchSettings();
            if (skill.definition().enabled() && settings != null && settings.sources().contains(source)) {
                candidates.put(skill.slug(), skill);
            }
        }
        if (candidates.isEmpty()) {
            fallThrough(message, NotMatched.of(MatchResult.Reason.NO_CANDIDATES,
                    "no enabled skill is invoked by " + message.source() + "s"));
            return;
        }
        MatchResult result = matcher.match(message.organizationId(), new InboundMessage(source, message.sender(),
                message.subject(), message.text()), candidates.values().stream().map(MessageProcessor::candidate)
                .toList());
        if (result instanceof NotMatched notMatched) {
            fallThrough(message, notMatched);
            return;
        }
        Matched matched = (Matched) result;
        ResolvedSkill skill = candidates.get(matched.skill());
        LOG.info("message {} of organization {} matched skill {} ({}, confidence {})", message.id(),
                message.organizationId(), skill.slug(), skill.definition().matchSettings().act().getClass()
                        .getSimpleName(), matched.confidence());
        actOn(message, matched, skill, attempts);
    }

    /**
     * A message handed over for one skill (a trigger event, a schedule's fire): no matching, the skill acts on it
     * with the values its sender gave. A skill that is gone, disabled or has no act fails the message, which then
     * falls through to the default automation like any unhandled message.
     */
    private void direct(MessageRow message, int attempts) throws Exception {
        String slug = message.targetSkill();
        ResolvedSkill skill = skills.find(message.organizationId(), null, slug).orElse(null);
        String problem = SkillTargets.problem(skill, slug, message.source());
        if (problem != null) {
            LOG.warn("message {} of organization {} for skill {}: {}", message.id(), message.organizationId(), slug,
                    problem);
            inTransaction(message, InboxConstants.RECEIVED, (tx, locked) -> fallThrough(tx, locked,
                    reason("skill_unavailable", problem, null), InboxConstants.FAILED, problem, null));
            return;
        }
        Map<String, Object> fields = InboxJson.object(message.extractedFields());
        Matched matched = new Matched(slug, 1.0, fields == null ? Map.of() : fields, "");
        LOG.info("message {} of organization {} from {} goes to skill {} ({})", message.id(), message.organizationId(),
                message.source(), slug, skill.definition().matchSettings().act().getClass().getSimpleName());
        actOn(message, matched, skill, attempts);
    }

    /** The act of the skill a message matched or was handed to. */
    private void actOn(MessageRow message, Matched matched, ResolvedSkill skill, int attempts) throws Exception {
        SkillAct act = skill.definition().matchSettings().act();
        if (act instanceof SkillAct.Notify) {
            notify(message, matched, skill);
        } else {
            boolean recorded = inTransaction(message, InboxConstants.RECEIVED, (tx, locked) ->
                    recordMatch(tx, locked, matched, act));
            if (recorded) {
                act(store.unitOfWork().inTransaction(tx ->
                        store.messages(tx).get(message.organizationId(), message.id())), attempts);
            }
        }
    }

    private static MatchCandidate candidate(ResolvedSkill skill) {
        MatchSettings settings = skill.definition().matchSettings();
        return new MatchCandidate(skill.slug(), skill.definition().intent(), skill.definition().description(),
                settings.criteria(), settings.extractFields().stream().map(FieldSpec::of).toList(),
                settings.confidenceThreshold());
    }

    /** One notify_message row per notify target; without targets the act fails and the message falls through. */
    private void notify(MessageRow message, Matched matched, ResolvedSkill skill) {
        inTransaction(message, InboxConstants.RECEIVED, (tx, locked) -> {
            recordMatch(tx, locked, matched, new SkillAct.Notify());
            SettingsMapper.Row settings = store.settings(tx).get(locked.organizationId());
            List<Map<String, Object>> targets = settings == null ? List.of() : InboxJson.list(settings.notifyTargets());
            if (targets.isEmpty()) {
                String error = "skill " + skill.slug() + " notifies, but the inbox has no notify targets"
                        + " (PUT /api/v1/messages/settings)";
                fallThrough(tx, locked, reason("act_failed", error, matched), InboxConstants.FAILED, error, null);
                return;
            }
            for (int i = 0; i < targets.size(); i++) {
                Map<String, Object> payload = new LinkedHashMap<>();
                payload.put("messageId", locked.id().toString());
                payload.put("notificationId", "msg_" + locked.id() + "_" + skill.slug() + "_" + i);
                payload.put("skill", skill.slug());
                payload.put("title", skill.definition().description());
                // jsonb keeps no key order: the notification lists the values in the skill's order
                payload.put("fieldOrder", skill.definition().matchSettings().extractFields().stream()
                        .map(dev.switchboard.spi.skill.ExtractField::name).toList());
                payload.put("channel", targets.get(i).get("channel"));
                payload.put("target", targets.get(i).get("target"));
                outbox.enqueue(tx, locked.organizationId(), InboxConstants.NOTIFY_MESSAGE, payload);
            }
            store.messages(tx).finish(locked.organizationId(), locked.id(), InboxConstants.ACTED,
                    "notifications queued for " + targets.size() + " target" + (targets.size() == 1 ? "" : "s"),
                    null, null, null);
        });
    }

    /**
     * The later act of a matched message: a tool loop, or a custom executor (once, retried when it throws, then
     * failed).
     */
    private void act(MessageRow message, int attempts) throws Exception {
        SkillAct act = InboxJson.act(message.act());
        if (act instanceof SkillAct.ExecuteWithTools tools) {
            actWithTools(message, tools, attempts);
            return;
        }
        if (!(act instanceof SkillAct.Custom custom)) {
            String error = "message matched with act " + message.act() + ", which is not carried out later";
            inTransaction(message, InboxConstants.MATCHED, (tx, locked) ->
                    fallThrough(tx, locked, reason("act_failed", error, null), InboxConstants.FAILED, error, null));
            return;
        }
        Optional<SkillExecutor> executor = executors.executor(custom.executorId());
        if (executor.isEmpty()) {
            String error = "no skill executor '" + custom.executorId() + "' is installed (skill "
                    + message.matchedSkill() + ")";
            LOG.warn("message {} of organization {}: {}", message.id(), message.organizationId(), error);
            inTransaction(message, InboxConstants.MATCHED, (tx, locked) ->
                    fallThrough(tx, locked, reason("act_failed", error, null), InboxConstants.FAILED, error, null));
            return;
        }
        String result;
        try {
            result = executor.get().execute(invocation(message));
        } catch (Exception e) {
            String error = limit("skill executor '" + custom.executorId() + "' failed: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()), InboxConstants.MAX_ERROR);
            LOG.warn("message {} of organization {}: {} (attempt {})", message.id(), message.organizationId(), error,
                    attempts);
            if (attempts < InboxConstants.EXECUTOR_ATTEMPTS) {
                store.unitOfWork().run(tx -> store.messages(tx).error(message.organizationId(), message.id(), error));
                throw new IllegalStateException(error);
            }
            inTransaction(message, InboxConstants.MATCHED, (tx, locked) ->
                    fallThrough(tx, locked, reason("act_failed", error, null), InboxConstants.FAILED, error, null));
            return;
        }
        String text = limit(result == null ? "" : result, InboxConstants.MAX_RESULT);
        inTransaction(message, InboxConstants.MATCHED, (tx, locked) -> store.messages(tx).finish(
                locked.organizationId(), locked.id(), InboxConstants.ACTED, text, null, null, null));
    }

    /** The tool loop ({@link ToolLoop}): its answer is the result; a failure falls through; a wait does nothing. */
    private void actWithTools(MessageRow message, SkillAct.ExecuteWithTools act, int attempts) throws Exception {
        ToolLoop.Outcome outcome = toolLoop.run(message, act, attempts >= InboxConstants.EXECUTOR_ATTEMPTS);
        if (outcome instanceof ToolLoop.Outcome.Answered answered) {
            String text = limit(answered.text(), InboxConstants.MAX_RESULT);
            inTransaction(message, InboxConstants.MATCHED, (tx, locked) -> store.messages(tx).finish(
                    locked.organizationId(), locked.id(), InboxConstants.ACTED, text, null, null, null));
        } else if (outcome instanceof ToolLoop.Outcome.Failed failed) {
            String error = limit(failed.error(), InboxConstants.MAX_ERROR);
            inTransaction(message, InboxConstants.MATCHED, (tx, locked) ->
                    fallThrough(tx, locked, reason("act_failed", error, null), InboxConstants.FAILED, error, null));
        }
    }

    private static SkillInvocation invocation(MessageRow message) {
        Map<String, Object> fields = InboxJson.object(message.extractedFields());
        return new SkillInvocation(message.organizationId(), message.matchedSkill(), message.id(), message.source(),
                message.sender(), message.subject(), message.text(), fields,
                message.summary(), message.confidence() == null ? 0.0 : message.confidence());
    }

    private void recordMatch(Transaction tx, MessageRow message, Matched matched, SkillAct act) {
        store.messages(tx).matched(message.organizationId(), message.id(), matched.skill(), matched.confidence(),
                InboxJson.write(matched.fields()), matched.summary(), InboxJson.act(act));
    }

    private void fallThrough(MessageRow message, NotMatched notMatched) {
        LOG.info("message {} of organization {} matched no skill: {}", message.id(), message.organizationId(),
                lowerSnake(notMatched.reason()));
        inTransaction(message, InboxConstants.RECEIVED, (tx, locked) -> {
            store.messages(tx).notMatched(locked.organizationId(), locked.id(), lowerSnake(notMatched.reason()),
                    limit(notMatched.detail(), InboxConstants.MAX_ERROR),
                    notMatched.confidence() > 0 ? notMatched.confidence() : null);
            Map<String, Object> why = new LinkedHashMap<>();
            why.put("reason", lowerSnake(notMatched.reason()));
            why.put("reasonDetail", notMatched.detail());
            if (!notMatched.skill().isEmpty()) {
                why.put("closestSkill", notMatched.skill());
                why.put("confidence", notMatched.confidence());
            }
            fallThrough(tx, locked, why, InboxConstants.FELL_THROUGH, null, null);
        });
    }

    /**
     * A run of the default automation with the message as its context; without a usable default automation the
     * message stays in the inbox ({@code unhandled}). A {@code failed} message keeps its status and error.
     */
    private void fallThrough(Transaction tx, MessageRow message, Map<String, Object> why, String status, String error,
                             String actPending) {
        UUID org = message.organizationId();
        SettingsMapper.Row settings = store.settings(tx).get(org);
        UUID automationId = settings == null ? null : settings.defaultAutomationId();
        Optional<Automation> automation = automationId == null ? Optional.empty() : automations.get(tx, org, automationId);
        boolean failed = InboxConstants.FAILED.equals(status);
        if (automation.isEmpty() || !automation.get().enabled()) {
            String note = automation.isEmpty() ? "no default automation is set for unmatched messages"
                    : "the default automation is disabled";
            LOG.info("message {} of organization {} stays in the inbox: {}", message.id(), org, note);
            store.messages(tx).finish(org, message.id(), failed ? InboxConstants.FAILED : InboxConstants.UNHANDLED,
                    note, error, null, actPending);
            return;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("messageId", message.id().toString());
        data.put("source", message.source());
        data.put("sender", message.sender());
        data.put("subject", message.subject());
        data.putAll(why);
        Map<String, Object> context = RunContexts.of(message, config.messageUrl(message.id()).toString(), data);
        UUID runId = handoff.createRun(tx, new NewRun(org, automation.get().id(), "message", null, null, null,
                "message:" + message.id(), context)).orElse(null);
        LOG.info("message {} of organization {} went to the default automation {} as run {}", message.id(), org,
                automation.get().id(), runId);
        store.messages(tx).finish(org, message.id(), failed ? InboxConstants.FAILED : InboxConstants.FELL_THROUGH,
                "handed to the default automation", error, runId, actPending);
    }

    /** Why a matched message fell through, with what the match found, for the run's data. */
    private static Map<String, Object> reason(String reason, String detail, Matched matched) {
        Map<String, Object> why = new LinkedHashMap<>();
        why.put("reason", reason);
        why.put("reasonDetail", detail);
        if (matched != null) {
            why.put("skill", matched.skill());
            why.put("confidence", matched.confidence());
            why.put("fields", matched.fields());
            why.put("summary", matched.summary());
        }
        return why;
    }

    /** Work on the message locked, if it still has {@code expected} status; whether it did. */
    private boolean inTransaction(MessageRow message, String expected, LockedWork work) {
        return store.unitOfWork().inTransaction(tx -> {
            MessageRow locked = store.messages(tx).lock(message.organizationId(), message.id());
            if (locked == null || !expected.equals(locked.status())) {
                return false; // another dispatch of the same row moved it on
            }
            work.run(tx, locked);
            return true;
        });
    }

    @FunctionalInterface
    private interface LockedWork {
        void run(Transaction tx, MessageRow locked) throws Exception;
    }

    static String lowerSnake(MatchResult.Reason reason) {
        return reason.name().toLowerCase(Locale.ROOT);
    }

    private static String limit(String text, int max) {
        return RunContexts.cut(text, max);
    }
}
