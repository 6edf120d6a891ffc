package dev.switchboard.triggers.internal;

import dev.switchboard.runs.Automation;
import dev.switchboard.runs.Automations;
import dev.switchboard.runs.NewRun;
import dev.switchboard.runs.Outbox;
import dev.switchboard.runs.OutboxHandler;
import dev.switchboard.runs.OutboxItem;
import dev.switchboard.runs.RunHandoff;
import dev.switchboard.foundation.Ids;
import dev.switchboard.inbox.Inbox;
import dev.switchboard.inbox.NewInboundMessage;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A schedule fired: one run of its automation through the same hand-off as trigger events, or one inbound message
 * for its skill, with the key {@code schedule:<id>:<fireTime>} (the run's dedup key, the message's origin key), so a
 * fire repeated after a node failover creates nothing a second time. A fire for a skill while the inbox bundle is
 * not running is not lost: it becomes an outbox row {@value #SCHEDULE_MESSAGE} in the fire's transaction, which this
 * component hands over once the inbox runs (the outbox retries with backoff until then, five attempts).
 */
@Component(service = {ScheduleFirer.class, OutboxHandler.class})
public class ScheduleFirer implements OutboxHandler {

    /** The outbox kind of a fire for a skill waiting for the inbox. */
    static final String SCHEDULE_MESSAGE = "schedule_message";
    private static final Logger LOG = LoggerFactory.getLogger(ScheduleFirer.class);

    private final TriggersStore store;
    private final Automations automations;
    private final RunHandoff handoff;
    private final InboxLink inbox;
    private final Outbox outbox;

    @Activate
    public ScheduleFirer(@Reference TriggersStore store, @Reference Automations automations,
                         @Reference RunHandoff handoff, @Reference InboxLink inbox, @Reference Outbox outbox) {
        this.store = store;
        this.automations = automations;
        this.handoff = handoff;
        this.inbox = inbox;
        this.outbox = outbox;
    }

    /**
     * Creates the run (or, for a skill, the inbound message) of {@code scheduleId}'s fire at {@code fireTime}; its
     * id, or empty when none was due or it existed.
     */
    Optional<UUID> fire(UUID scheduleId, Instant fireTime) {
        return store.unitOfWork().inTransaction(tx -> {
            Rows.ScheduleRow schedule = store.schedules(tx).byId(scheduleId);
            if (schedule == null || !schedule.enabled()) {
                return Optional.<UUID>empty();
            }
            if (schedule.targetSkill() != null) {
                return message(tx, schedule, fireTime);
            }
            Optional<Automation> automation = automations.get(tx, schedule.organizationId(), schedule.automationId());
            if (automation.isEmpty() || !automation.get().enabled()) {
                LOG.info("schedule {} fired at {}: automation disabled, no run", scheduleId, fireTime);
                return Optional.<UUID>empty();
            }
            Optional<UUID> run = handoff.createRun(tx, new NewRun(schedule.organizationId(), schedule.automationId(),
                    "schedule", null, null, scheduleId, dedupKey(scheduleId, fireTime), java.util.Map.of(
                            "title", (schedule.name() == null || schedule.name().isBlank() ? "Scheduled run"
                                    : schedule.name()) + " at " + fireTime,
                            "data", java.util.Map.of("scheduleId", scheduleId.toString(),
                                    "cronExpression", schedule.cronExpression(), "fireTime", fireTime.toString()))));
            store.schedules(tx).markRun(scheduleId, fireTime);
            run.ifPresent(id -> LOG.info("schedule {} fired at {}: run {}", scheduleId, fireTime, id));
            return run;
        });
    }

    private Optional<UUID> message(dev.switchboard.foundation.Transaction tx, Rows.ScheduleRow schedule,
                                   Instant fireTime) {
        store.schedules(tx).markRun(schedule.id(), fireTime);
        Optional<Inbox> target = inbox.get();
        if (target.isEmpty()) {
            outbox.enqueue(tx, schedule.organizationId(), SCHEDULE_MESSAGE,
                    Map.of("scheduleId", schedule.id().toString(), "fireTime", fireTime.toString()));
            LOG.warn("schedule {} fired at {}: the inbox is not running; skill {} gets this fire once it runs",
                    schedule.id(), fireTime, schedule.targetSkill());
            return Optional.empty();
        }
        return handOver(tx, target.get(), schedule, fireTime);
    }

    /** The inbound message of one fire for the schedule's skill; empty when it exists already. */
    private Optional<UUID> handOver(dev.switchboard.foundation.Transaction tx, Inbox target, Rows.ScheduleRow schedule,
                                    Instant fireTime) {
        Map<String, Object> input = Json.object(schedule.input());
        String name = schedule.name() == null || schedule.name().isBlank() ? "Scheduled run" : schedule.name();
        String text = input.get("text") instanceof String given && !given.isBlank() ? given
                : name + " at " + fireTime;
        Map<String, Object> fields = new LinkedHashMap<>();
        if (input.get("fields") instanceof Map<?, ?> given) {
            given.forEach((key, value) -> fields.put(String.valueOf(key), value));
        }
        fields.putIfAbsent("scheduleId", schedule.id().toString());
        fields.putIfAbsent("fireTime", fireTime.toString());
        Optional<UUID> message = target.receive(tx, new NewInboundMessage(Ids.newId(), schedule.organizationId(),
                "schedule", "", name, text, schedule.targetSkill(), fields, dedupKey(schedule.id(), fireTime)));
        message.ifPresent(id -> LOG.info("schedule {} fired at {}: message {} for skill {}", schedule.id(), fireTime, id,
                schedule.targetSkill()));
        return message;
    }

    @Override
    public String kind() {
        return SCHEDULE_MESSAGE;
    }

    /**
     * A fire that waited for the inbox: handed over now (throws while the inbox is still away, and the outbox tries
     * again later). A schedule deleted meanwhile, or no longer for a skill, gets nothing.
     */
    @Override
    public void handle(OutboxItem item) {
        UUID scheduleId = UUID.fromString(String.valueOf(item.payload().get("scheduleId")));
        Instant fireTime = Instant.parse(String.valueOf(item.payload().get("fireTime")));
        Inbox target = inbox.require();
        store.unitOfWork().run(tx -> {
            Rows.ScheduleRow schedule = store.schedules(tx).byId(scheduleId);
            if (schedule == null || !schedule.organizationId().equals(item.organizationId())
                    || schedule.targetSkill() == null) {
                LOG.info("schedule {}: its fire at {} waited for the inbox, but the schedule is gone or no longer"
                        + " for a skill", scheduleId, fireTime);
                return;
            }
            handOver(tx, target, schedule, fireTime);
        });
    }

    static String dedupKey(UUID scheduleId, Instant fireTime) {
        return "schedule:" + scheduleId + ":" + fireTime;
    }
}
