package dev.switchboard.triggers.internal;

import dev.switchboard.foundation.DatabaseUnavailableException;
import dev.switchboard.foundation.Ids;
import dev.switchboard.foundation.Transaction;
import dev.switchboard.foundation.UnitOfWork;
import dev.switchboard.runs.Automation;
import dev.switchboard.runs.Automations;
import dev.switchboard.runs.NewRun;
import dev.switchboard.runs.RunHandoff;
import dev.switchboard.spi.trigger.TriggerEvent;
import dev.switchboard.spi.trigger.TriggerSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records the events of one trigger and hands matching ones to automation runs: automation disabled → skipped
 * {@code automation_disabled}; filter false → skipped {@code filter_mismatch}; dedup key already recorded → no
 * row; otherwise the event, its run and the run's outbox entry commit in one transaction.
 *
 * <p>When creating runs fails, the events are recorded anyway, queued with a due retry, and
 * {@link #retryHandoffs} creates their runs later (backoff, at most {@value #MAX_HANDOFF_ATTEMPTS} attempts, then
 * skipped {@code run_create_failed}). Only a database outage loses the delivery, and then the caller answers
 * 503 (webhooks) or keeps its cursor (polls) so the event comes again.
 */
@Component(service = EventIntake.class)
public class EventIntake {

    static final int MAX_HANDOFF_ATTEMPTS = 5;
    private static final Logger LOG = LoggerFactory.getLogger(EventIntake.class);

    private final TriggersStore store;
    private final Automations automations;
    private final RunHandoff handoff;
    private final InboxLink inbox;
    private final Clock clock;

    @Activate
    public EventIntake(@Reference TriggersStore store, @Reference Automations automations,
                       @Reference RunHandoff handoff, @Reference InboxLink inbox) {
        this(store, automations, handoff, inbox, Clock.systemUTC());
    }

    EventIntake(TriggersStore store, Automations automations, RunHandoff handoff, InboxLink inbox, Clock clock) {
        this.store = store;
        this.automations = automations;
        this.handoff = handoff;
        this.inbox = inbox;
        this.clock = clock;
    }

    /** What became of a batch of events. */
    public record Outcome(int recorded, int runs, int duplicates, int skipped, int deferred) {

        static final Outcome NONE = new Outcome(0, 0, 0, 0, 0);

        Outcome plus(Outcome other) {
            return new Outcome(recorded + other.recorded, runs + other.runs, duplicates + other.duplicates,
                    skipped + other.skipped, deferred + other.deferred);
        }
    }

    /** Records {@code events} of {@code trigger}, each event with its run in one transaction. */
    public Outcome ingest(Rows.TriggerRow trigger, TriggerSource source, List<TriggerEvent> events) {
        return ingest(trigger, source, events, tx -> { });
    }

    /**
     * Records {@code events} and runs {@code alsoInTransaction} (e.g. saving a poll cursor) in the same
     * transaction, so the cursor never moves past events that were not recorded.
     */
    public Outcome ingest(Rows.TriggerRow trigger, TriggerSource source, List<TriggerEvent> events,
                          Consumer<Transaction> alsoInTransaction) {
        UnitOfWork unitOfWork = store.unitOfWork();
        try {
            return unitOfWork.inTransaction(tx -> {
                Outcome outcome = ingestWithin(tx, trigger, source, events);
                alsoInTransaction.accept(tx);
                return outcome;
            });
        } catch (DatabaseUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            // most likely the hand-off failed: record each event on its own, queued for a retried hand-off
            LOG.warn("trigger {}: creating runs failed ({}); recording the events for a retried hand-off", trigger.id(),
                    e.getClass().getSimpleName());
            String error = "run creation failed: " + e.getClass().getSimpleName();
            Outcome outcome = Outcome.NONE;
            for (TriggerEvent event : events) {
                outcome = outcome.plus(unitOfWork.inTransaction(tx -> recordDeferred(tx, trigger, source,
                        List.of(event), error)));
            }
            unitOfWork.run(alsoInTransaction::accept);
            return outcome;
        }
    }

    /**
     * Records {@code events} inside the caller's transaction (the webhook path reads its trigger in the same one);
     * throws when creating a run fails, after which the caller falls back to {@link #ingest}.
     */
    public Outcome ingestWithin(Transaction tx, Rows.TriggerRow trigger, TriggerSource source, List<TriggerEvent> events) {
        return ingestAllWithin(tx, List.of(new Delivery(trigger, source, events))).get(0);
    }

    /** One delivery's verified, parsed events. */
    public record Delivery(Rows.TriggerRow trigger, TriggerSource source, List<TriggerEvent> events) {
    }

    /**
     * Records several deliveries inside the caller's transaction (deliveries sharing one): the events of all of them
     * with one insert, their runs and outbox rows with another, each automation read once. Returns each delivery's
     * outcome, in order, as if recorded one after the other; throws when creating a run fails, after which the
     * caller falls back to recording each delivery with {@link #ingest}.
     */
    public List<Outcome> ingestAllWithin(Transaction tx, List<Delivery> deliveries) {
        Outcome[] outcomes = new Outcome[deliveries.size()];
        Map<AutomationKey, Optional<Automation>> automationsRead = new HashMap<>();
        List<Planned> planned = new ArrayList<>();
        for (int i = 0; i < deliveries.size(); i++) {
            Delivery delivery = deliveries.get(i);
            Rows.TriggerRow trigger = delivery.trigger();
            outcomes[i] = Outcome.NONE;
            if (!trigger.targetsAutomation()) {
                outcomes[i] = recordForInbox(tx, trigger, delivery.source(), delivery.events(), null);
                continue;
            }
            Optional<Automation> automation = automationsRead.computeIfAbsent(
                    new AutomationKey(trigger.organizationId(), trigger.automationId()),
                    key -> automations.get(tx, key.organizationId(), key.automationId()));
            if (automation.isEmpty()) {
                continue;
            }
            Map<String, Object> config = Json.object(trigger.config());
            for (TriggerEvent event : delivery.events()) {
                String skipReason = !automation.get().enabled() ? "automation_disabled"
                        : matches(delivery.source(), event, config, trigger) ? null : "filter_mismatch";
                // the run's id is chosen first, so the event row names its run in its own insert
                planned.add(new Planned(i, delivery, event, Ids.newId(), skipReason == null ? Ids.newId() : null,
                        skipReason));
            }
        }
        Set<UUID> inserted = insertAll(tx, planned);
        Map<UUID, NewRun> runs = new LinkedHashMap<>();
        for (Planned event : planned) {
            Rows.TriggerRow trigger = event.delivery().trigger();
            Outcome outcome;
            if (!inserted.contains(event.id())) {
                outcome = new Outcome(0, 0, 1, 0, 0);
            } else if (event.skipReason() != null) {
                outcome = new Outcome(1, 0, 0, 1, 0);
            } else {
                runs.put(event.runId(), NewRun.forTriggerEvent(trigger.organizationId(), trigger.automationId(),
                        trigger.id(), event.id()));
                outcome = new Outcome(1, 1, 0, 0, 0);
            }
            outcomes[event.index()] = outcomes[event.index()].plus(outcome);
        }
        if (!runs.isEmpty() && handoff.createRuns(tx, runs).size() != runs.size()) {
            throw new IllegalStateException("the run of a new event exists");
        }
        return List.of(outcomes);
    }

    /** An event about to be recorded, of the {@code index}-th delivery; {@code runId} null when skipped. */
    private record Planned(int index, Delivery delivery, TriggerEvent event, UUID id, UUID runId, String skipReason) {
    }

    /**
     * Inserts the planned events with one statement; an event whose dedup key is taken by an event older than its
     * source's dedup window retires that key and is inserted on its own. Returns the ids inserted.
     */
    private Set<UUID> insertAll(Transaction tx, List<Planned> planned) {
        if (planned.isEmpty()) {
            return Set.of();
        }
        List<Map<String, Object>> rows = new ArrayList<>(planned.size());
        for (Planned event : planned) {
            Rows.TriggerRow trigger = event.delivery().trigger();
            Map<String, Object> row = new HashMap<>();
            row.put("id", event.id());
            row.put("trigger_id", trigger.id());
            row.put("organization_id", trigger.organizationId());
            row.put("external_event_id", event.event().externalId());
            row.put("event_type", event.event().eventType());
            row.put("status", event.skipReason() == null ? "queued" : "skipped");
            row.put("skip_reason", event.skipReason());
            row.put("dedup_key", event.event().dedupKey());
            row.put("raw_payload", event.event().payload());
            row.put("parsed_context", event.event().context());
            row.put("run_id", event.runId());
            rows.add(row);
        }
        Set<UUID> inserted = new HashSet<>(store.events(tx).insertAll(Json.write(rows)));
        if (inserted.size() < planned.size()) {
            Instant now = clock.instant();
            for (Planned event : planned) {
                if (!inserted.contains(event.id()) && reinsertAfterWindow(tx, event, now)) {
                    inserted.add(event.id());
                }
            }
        }
        return inserted;
    }

    private boolean reinsertAfterWindow(Transaction tx, Planned planned, Instant now) {
        Rows.TriggerRow trigger = planned.delivery().trigger();
        TriggerEvent event = planned.event();
        Optional<Duration> window = planned.delivery().source().dedupWindow(event);
        if (window.isEmpty()) {
            return false;
        }
        Rows.NewEvent row = row(planned.id(), trigger, event, planned.skipReason(), Json.write(event.payload()),
                Json.write(event.context()), planned.runId(), null, null);
        return store.events(tx).retireDedupKey(trigger.id(), row.dedupKey(), now.minus(window.get())) > 0
                && store.events(tx).insert(row) == 1;
    }

    /** An event row; its texts as PostgreSQL can store them ({@link Json#storable}). */
    private static Rows.NewEvent row(UUID id, Rows.TriggerRow trigger, TriggerEvent event, String skipReason,
                                     String payload, String context, UUID runId, String error, Instant nextAttemptAt) {
        return new Rows.NewEvent(id, trigger.id(), trigger.organizationId(), Json.storable(event.externalId()),
                Json.storable(event.eventType()), skipReason == null ? "queued" : "skipped", skipReason,
                Json.storable(event.dedupKey()), payload, context, runId, error, nextAttemptAt);
    }

    /**
     * Records events whose runs could not be created: each matching one queued for a retried hand-off
     * ({@code deferError}), the others skipped.
     */
    private Outcome recordDeferred(Transaction tx, Rows.TriggerRow trigger, TriggerSource source,
                                   List<TriggerEvent> events, String deferError) {
        if (!trigger.targetsAutomation()) {
            return recordForInbox(tx, trigger, source, events, deferError);
        }
        Optional<Automation> automation = automations.get(tx, trigger.organizationId(), trigger.automationId());
        if (automation.isEmpty()) {
            return Outcome.NONE;
        }
        Map<String, Object> config = Json.object(trigger.config());
        Instant now = clock.instant();
        Outcome outcome = Outcome.NONE;
        for (TriggerEvent event : events) {
            String skipReason = !automation.get().enabled() ? "automation_disabled"
                    : matches(source, event, config, trigger) ? null : "filter_mismatch";
            Rows.NewEvent row = row(Ids.newId(), trigger, event, skipReason, Json.write(event.payload()),
                    Json.write(event.context()), null, skipReason == null ? deferError : null,
                    skipReason == null ? now : null);
            if (!insert(tx, trigger, source, event, row, now)) {
                outcome = outcome.plus(new Outcome(0, 0, 1, 0, 0));
            } else {
                outcome = outcome.plus(skipReason == null ? new Outcome(1, 0, 0, 0, 1) : new Outcome(1, 0, 0, 1, 0));
            }
        }
        return outcome;
    }

    /** Key of an automation read in a transaction. */
    private record AutomationKey(UUID organizationId, UUID automationId) {
    }

    /**
     * Records the events of a trigger whose target is a skill or the inbox: each matching event becomes an inbound
     * message in the same transaction, and the event names it (status {@code completed}: the message goes on).
     */
    private Outcome recordForInbox(Transaction tx, Rows.TriggerRow trigger, TriggerSource source,
                                   List<TriggerEvent> events, String deferError) {
        Map<String, Object> config = Json.object(trigger.config());
        Instant now = clock.instant();
        Outcome outcome = Outcome.NONE;
        for (TriggerEvent event : events) {
            boolean skipped = !matches(source, event, config, trigger);
            boolean deferred = !skipped && deferError != null;
            UUID id = Ids.newId();
            String payload = Json.write(event.payload());
            String context = Json.write(event.context());
            Rows.NewEvent row = row(id, trigger, event, skipped ? "filter_mismatch" : null, payload, context, null,
                    deferred ? deferError : null, deferred ? now : null);
            if (!insert(tx, trigger, source, event, row, now)) {
                outcome = outcome.plus(new Outcome(0, 0, 1, 0, 0));
            } else if (skipped) {
                outcome = outcome.plus(new Outcome(1, 0, 0, 1, 0));
            } else if (deferred) {
                outcome = outcome.plus(new Outcome(1, 0, 0, 0, 1));
            } else {
                // the payload as stored: what the inbox keeps must be storable too
                handToInbox(tx, trigger, id, row.eventType(), row.externalEventId(), Json.object(context),
                        Json.object(payload));
                outcome = outcome.plus(new Outcome(1, 0, 0, 0, 0));
            }
        }
        return outcome;
    }

    /** The inbound message of a recorded event; throws when the inbox is not running (the hand-off is retried). */
    private void handToInbox(Transaction tx, Rows.TriggerRow trigger, UUID eventId, String eventType, String externalId,
                             Map<String, Object> context, Map<String, Object> payload) {
        dev.switchboard.inbox.NewInboundMessage message = EventMessages.of(trigger, eventId, eventType, externalId,
                context, payload);
        UUID messageId = inbox.require().receive(tx, message).orElseGet(() -> {
            // recorded by an earlier, interrupted hand-off of this very event
            LOG.info("trigger event {}: its message exists already", eventId);
            return null;
        });
        store.events(tx).linkMessage(trigger.organizationId(), eventId, messageId);
    }

    /**
     * Inserts the event unless its dedup key is taken; a key older than the source's dedup window is retired and
     * the insert tried once more (only on a conflict, so the common case is one statement).
     */
    private boolean insert(Transaction tx, Rows.TriggerRow trigger, TriggerSource source, TriggerEvent event,
                           Rows.NewEvent row, Instant now) {
        if (store.events(tx).insert(row) == 1) {
            return true;
        }
        Optional<Duration> window = source.dedupWindow(event);
        return window.isPresent()
                && store.events(tx).retireDedupKey(trigger.id(), row.dedupKey(), now.minus(window.get())) > 0
                && store.events(tx).insert(row) == 1;
    }

    private static boolean matches(TriggerSource source, TriggerEvent event, Map<String, Object> config,
                                   Rows.TriggerRow trigger) {
        try {
            return source.matches(event, config);
        } catch (RuntimeException e) {
            LOG.warn("trigger {}: the filter of source {} failed ({}); the event counts as not matching", trigger.id(),
                    trigger.source(), e.getClass().getSimpleName());
            return false;
        }
    }

    /**
     * Creates the runs of events whose hand-off failed earlier and is due again; returns how many runs were made.
     * Each event is claimed with {@code FOR UPDATE SKIP LOCKED}, so several nodes may retry at once.
     */
    public int retryHandoffs(int limit) {
        Instant now = clock.instant();
        List<Rows.EventRow> due = store.unitOfWork().inTransaction(tx -> store.events(tx).dueForHandoff(now, limit));
        int created = 0;
        for (Rows.EventRow event : due) {
            created += retry(event, now) ? 1 : 0;
        }
        return created;
    }

    private boolean retry(Rows.EventRow event, Instant now) {
        try {
            return store.unitOfWork().inTransaction(tx -> {
                if (store.events(tx).claimForHandoff(event.id(), now) == null) {
                    return false;
                }
                Rows.TriggerRow trigger = store.triggers(tx).get(event.organizationId(), event.triggerId());
                if (trigger == null) {
                    return false;
                }
                if (!trigger.targetsAutomation()) {
                    handToInbox(tx, trigger, event.id(), event.eventType(), event.externalEventId(),
                            Json.object(event.parsedContext()), Json.object(event.rawPayload()));
                    return true;
                }
                UUID runId = handoff.createRun(tx, NewRun.forTriggerEvent(event.organizationId(), trigger.automationId(),
                        trigger.id(), event.id())).orElse(null);
                if (runId != null) {
                    store.events(tx).linkRun(event.organizationId(), event.id(), runId);
                }
                return runId != null;
            });
        } catch (DatabaseUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            int attempts = event.handoffAttempts() + 1;
            String error = "run creation failed: " + e.getClass().getSimpleName();
            store.unitOfWork().run(tx -> {
                if (attempts >= MAX_HANDOFF_ATTEMPTS) {
                    store.events(tx).giveUp(event.organizationId(), event.id(), error);
                    LOG.error("trigger event {} (organization {}): no run after {} attempts; skipped run_create_failed",
                            event.id(), event.organizationId(), attempts);
                } else {
                    store.events(tx).handoffFailed(event.organizationId(), event.id(), now.plus(backoff(attempts)), error);
                }
            });
            return false;
        }
    }

    /** 30 s · 2^(n-1), at most 5 minutes. */
    static Duration backoff(int attempts) {
        long seconds = 30L << Math.min(attempts - 1, 10);
        return Duration.ofSeconds(Math.min(seconds, 300));
    }
}
