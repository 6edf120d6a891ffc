package dev.switchboard.triggers.internal;

import dev.switchboard.identity.AuditLog;
import dev.switchboard.rest.ApiProblem;
import dev.switchboard.rest.Caller;
import dev.switchboard.rest.PageRequest;
import dev.switchboard.runs.RunHandoff;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The trigger events log: list with filters, one event with its payload, skipping a queued event. */
@Component(service = TriggerEventsAdmin.class)
public class TriggerEventsAdmin {

    static final Set<String> STATUSES = Set.of("queued", "processing", "completed", "failed", "skipped");

    private final TriggersStore store;
    private final RunHandoff handoff;
    private final AuditLog audit;

    @Activate
    public TriggerEventsAdmin(@Reference TriggersStore store, @Reference RunHandoff handoff, @Reference AuditLog audit) {
        this.store = store;
        this.handoff = handoff;
        this.audit = audit;
    }

    public PageRequest.Page<Views.EventView> list(Caller caller, String triggerId, String status, PageRequest page) {
        UUID organizationId = caller.requireOrganization();
        UUID trigger = Inputs.uuid("triggerId", triggerId, false);
        if (status != null && !STATUSES.contains(status)) {
            throw Inputs.invalid("status", "must be one of queued, processing, completed, failed, skipped");
        }
        UUID after = page.after() == null ? null : Inputs.cursor(page.after());
        List<Rows.EventRow> rows = store.unitOfWork().inTransaction(tx ->
                store.events(tx).list(organizationId, trigger, status, after, page.limit() + 1));
        PageRequest.Page<Rows.EventRow> result = page.page(rows, row -> row.id().toString());
        return new PageRequest.Page<>(result.items().stream().map(row -> view(row, false)).toList(), result.nextCursor());
    }

    public Views.EventView get(Caller caller, UUID id) {
        UUID organizationId = caller.requireOrganization();
        Rows.EventRow row = store.unitOfWork().inTransaction(tx -> store.events(tx).get(organizationId, id));
        if (row == null) {
            throw notFound();
        }
        return view(row, true);
    }

    /** Skips a queued event (reason {@code manual}) and cancels its run if that has not started. */
    public Views.EventView skip(Caller caller, UUID id) {
        UUID organizationId = caller.requireOrganization();
        return store.unitOfWork().inTransaction(tx -> {
            Rows.EventRow row = store.events(tx).get(organizationId, id);
            if (row == null) {
                throw notFound();
            }
            if (store.events(tx).skipQueued(organizationId, id) == 0) {
                throw new ApiProblem(409, "event_not_queued", "Conflict", "only a queued event can be skipped; this one is "
                        + row.status());
            }
            boolean canceled = handoff.cancelQueued(tx, organizationId, id, "trigger event skipped");
            audit.record(tx, organizationId, caller, "trigger_event.skipped", "trigger_event", id.toString(),
                    Map.of("runCanceled", canceled));
            return view(store.events(tx).get(organizationId, id), false);
        });
    }

    private static Views.EventView view(Rows.EventRow row, boolean withPayload) {
        return new Views.EventView(row.id().toString(), row.triggerId().toString(), row.externalEventId(), row.eventType(),
                row.status(), row.skipReason(), Views.text(row.runId()), Views.text(row.sessionId()), Views.text(row.messageId()), row.errorMessage(),
                Json.object(row.parsedContext()),
                withPayload ? Json.object(row.rawPayload()) : null, Views.text(row.processedAt()),
                Views.text(row.createdAt()));
    }

    private static ApiProblem notFound() {
        return ApiProblem.notFound("trigger_event_not_found", "no trigger event with this id in the organization");
    }
}
