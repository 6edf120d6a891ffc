package dev.switchboard.triggers.internal;

import dev.switchboard.foundation.Ids;
import dev.switchboard.identity.AuditLog;
import dev.switchboard.rest.ApiProblem;
import dev.switchboard.rest.Caller;
import dev.switchboard.rest.PageRequest;
import dev.switchboard.runs.Automations;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Schedule CRUD: cron validated and converted on the way in, the Quartz job kept in step, audit entries. */
@Component(service = ScheduleAdmin.class, configurationPid = TriggersConfig.PID)
public class ScheduleAdmin {

    private final TriggersStore store;
    private final Automations automations;
    private final TriggerScheduler scheduler;
    private final AuditLog audit;
    private final InboxLink inbox;
    private final TriggersConfig config;

    @Activate
    public ScheduleAdmin(@Reference TriggersStore store, @Reference Automations automations,
                         @Reference TriggerScheduler scheduler, @Reference AuditLog audit, @Reference InboxLink inbox,
                         Map<String, ?> properties) {
        this(store, automations, scheduler, audit, inbox, TriggersConfig.from(properties));
    }

    ScheduleAdmin(TriggersStore store, Automations automations, TriggerScheduler scheduler, AuditLog audit,
                  InboxLink inbox, TriggersConfig config) {
        this.store = store;
        this.automations = automations;
        this.scheduler = scheduler;
        this.audit = audit;
        this.inbox = inbox;
        this.config = config;
    }

    /**
     * Create input: cronExpression and {@code automationId} or {@code target} (an automation or a skill, see
     * {@link Targets}) are required; {@code input} ({@code text}, {@code fields}) is what a skill receives at each
     * fire. On update absent fields keep their value; the target cannot change.
     */
    public record ScheduleRequest(String automationId, String name, String cronExpression, String timezone,
                                  Boolean enabled, Map<String, Object> target, Map<String, Object> input) {

        @com.fasterxml.jackson.annotation.JsonCreator
        public ScheduleRequest {
        }

        /** A request for an automation's schedule. */
        public ScheduleRequest(String automationId, String name, String cronExpression, String timezone,
                               Boolean enabled) {
            this(automationId, name, cronExpression, timezone, enabled, null, null);
        }
    }

    public Views.ScheduleView create(Caller caller, ScheduleRequest request) {
        UUID organizationId = caller.requireOrganization();
        Targets target = Targets.parse(organizationId, request.automationId(), request.target(), "schedule", null,
                automations, inbox);
        String input = ScheduleInputs.validate(request.input(), target);
        CronExpressions.Schedule cron = cron(request.cronExpression(), request.timezone());
        UUID id = Ids.newId();
        Rows.ScheduleRow row = new Rows.ScheduleRow(id, organizationId, target.automationId(), name(request.name(), ""),
                cron.expression(), cron.zone().getId(), request.enabled() == null || request.enabled(), null,
                caller.userId(), null, null, target.skill(), input);
        Rows.ScheduleRow created = store.unitOfWork().inTransaction(tx -> {
            store.schedules(tx).insert(row);
            audit.record(tx, organizationId, caller, "schedule.created", "schedule", id.toString(),
                    Map.of("cron", row.cronExpression(), "timezone", row.timezone(), "target",
                            Targets.view(target.kind(), target.automationId(), target.skill(), null)));
            return store.schedules(tx).get(organizationId, id);
        });
        TriggerScheduler.bestEffort(() -> scheduler.sync(created));
        return view(created);
    }

    public PageRequest.Page<Views.ScheduleView> list(Caller caller, String automationId, PageRequest page) {
        UUID organizationId = caller.requireOrganization();
        UUID automation = Inputs.uuid("automationId", automationId, false);
        UUID after = page.after() == null ? null : Inputs.cursor(page.after());
        List<Rows.ScheduleRow> rows = store.unitOfWork().inTransaction(tx ->
                store.schedules(tx).list(organizationId, automation, after, page.limit() + 1));
        PageRequest.Page<Rows.ScheduleRow> result = page.page(rows, row -> row.id().toString());
        return new PageRequest.Page<>(result.items().stream().map(this::view).toList(), result.nextCursor());
    }

    public Views.ScheduleView get(Caller caller, UUID id) {
        UUID organizationId = caller.requireOrganization();
        return view(found(store.unitOfWork().inTransaction(tx -> store.schedules(tx).get(organizationId, id))));
    }

    public Views.ScheduleView update(Caller caller, UUID id, ScheduleRequest request) {
        UUID organizationId = caller.requireOrganization();
        if (request.automationId() != null || request.target() != null) {
            throw Inputs.invalid(request.target() != null ? "target" : "automationId",
                    "cannot change; create a schedule for the other target");
        }
        Rows.ScheduleRow current = found(store.unitOfWork().inTransaction(tx -> store.schedules(tx).get(organizationId, id)));
        CronExpressions.Schedule cron = cron(
                request.cronExpression() == null ? current.cronExpression() : request.cronExpression(),
                request.timezone() == null ? current.timezone() : request.timezone());
        Rows.ScheduleRow changed = new Rows.ScheduleRow(id, organizationId, current.automationId(),
                name(request.name(), current.name()), cron.expression(), cron.zone().getId(),
                request.enabled() == null ? current.enabled() : request.enabled(), current.lastRunAt(),
                current.createdBy(), current.createdAt(), null, current.targetSkill(),
                request.input() == null ? current.input() : ScheduleInputs.validate(request.input(),
                        new Targets(current.targetSkill() == null ? Targets.AUTOMATION : Targets.SKILL,
                                current.automationId(), current.targetSkill(), null)));
        Rows.ScheduleRow updated = store.unitOfWork().inTransaction(tx -> {
            store.schedules(tx).update(changed);
            audit.record(tx, organizationId, caller, "schedule.updated", "schedule", id.toString(),
                    Map.of("cron", changed.cronExpression(), "timezone", changed.timezone(), "enabled", changed.enabled()));
            return store.schedules(tx).get(organizationId, id);
        });
        TriggerScheduler.bestEffort(() -> scheduler.sync(updated));
        return view(updated);
    }

    public void delete(Caller caller, UUID id) {
        UUID organizationId = caller.requireOrganization();
        store.unitOfWork().run(tx -> {
            if (store.schedules(tx).delete(organizationId, id) == 0) {
                throw notFound();
            }
            audit.record(tx, organizationId, caller, "schedule.deleted", "schedule", id.toString(), Map.of());
        });
        TriggerScheduler.bestEffort(() -> scheduler.removeSchedule(id));
    }

    private CronExpressions.Schedule cron(String expression, String timezone) {
        try {
            CronExpressions.zone(timezone);
        } catch (IllegalArgumentException e) {
            throw Inputs.invalid("timezone", "must be an IANA time zone such as Europe/Berlin");
        }
        CronExpressions.Schedule schedule;
        try {
            schedule = CronExpressions.parse(expression, timezone);
        } catch (IllegalArgumentException e) {
            throw Inputs.invalid("cronExpression", e.getMessage());
        }
        if (schedule.nextGap(Instant.now()).filter(gap -> gap.compareTo(config.minScheduleInterval()) < 0).isPresent()) {
            throw Inputs.invalid("cronExpression", "fires more often than every " + config.minScheduleInterval().toSeconds()
                    + " s (schedules.minIntervalSeconds); every fire starts a run");
        }
        return schedule;
    }

    private static String name(String value, String fallback) {
        if (value == null) {
            return fallback;
        }
        String trimmed = value.strip();
        if (trimmed.length() > 200) {
            throw Inputs.invalid("name", "must be at most 200 characters");
        }
        return trimmed;
    }

    private Views.ScheduleView view(Rows.ScheduleRow row) {
        String next = row.enabled() ? scheduler.nextFire(ScheduleJob.GROUP, row.id()).map(Instant::toString)
                .orElseGet(() -> CronExpressions.parse(row.cronExpression(), row.timezone()).nextAfter(Instant.now())
                        .map(Instant::toString).orElse(null)) : null;
        return new Views.ScheduleView(row.id().toString(), Views.text(row.automationId()),
                Targets.view(row.targetSkill() == null ? Targets.AUTOMATION : Targets.SKILL, row.automationId(),
                        row.targetSkill(), null), Json.object(row.input()), row.name(), row.cronExpression(),
                row.timezone(), row.enabled(), Views.text(row.lastRunAt()), next, Views.text(row.createdAt()),
                Views.text(row.updatedAt()));
    }

    private static Rows.ScheduleRow found(Rows.ScheduleRow row) {
        if (row == null) {
            throw ApiProblem.notFound("schedule_not_found", "no schedule with this id in the organization");
        }
        return row;
    }

    private static ApiProblem notFound() {
        return ApiProblem.notFound("schedule_not_found", "no schedule with this id in the organization");
    }
}
