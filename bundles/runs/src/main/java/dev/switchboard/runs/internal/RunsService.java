package dev.switchboard.runs.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.foundation.Ids;
import dev.switchboard.foundation.Transaction;
import dev.switchboard.identity.OrganizationDeletionParticipant;
import dev.switchboard.runs.Automation;
import dev.switchboard.runs.Automations;
import dev.switchboard.runs.NewRun;
import dev.switchboard.runs.RunHandoff;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Automation look-ups and the run hand-off; deletes an organization's automations, runs and outbox rows with it. */
@Component(service = {Automations.class, RunHandoff.class, dev.switchboard.runs.Outbox.class,
        OrganizationDeletionParticipant.class})
public class RunsService implements Automations, RunHandoff, dev.switchboard.runs.Outbox, OrganizationDeletionParticipant {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RunsStore store;

    @Activate
    public RunsService(@Reference RunsStore store) {
        this.store = store;
    }

    @Override
    public Optional<Automation> get(UUID organizationId, UUID automationId) {
        if (organizationId == null || automationId == null) {
            return Optional.empty();
        }
        return store.unitOfWork().inTransaction(tx -> get(tx, organizationId, automationId));
    }

    @Override
    public Optional<Automation> get(Transaction tx, UUID organizationId, UUID automationId) {
        return Optional.ofNullable(store.automations(tx).get(organizationId, automationId)).map(AutomationRow::toAutomation);
    }

    @Override
    public Optional<UUID> createRun(Transaction tx, NewRun run) {
        return createRun(tx, Ids.newId(), run);
    }

    @Override
    public Optional<UUID> createRun(Transaction tx, UUID id, NewRun run) {
        return createRuns(tx, Map.of(id, run)).contains(id) ? Optional.of(id) : Optional.empty();
    }

    @Override
    public Set<UUID> createRuns(Transaction tx, Map<UUID, NewRun> runs) {
        if (runs.isEmpty()) {
            return Set.of();
        }
        List<Map<String, Object>> rows = new ArrayList<>(runs.size());
        runs.forEach((id, run) -> rows.add(row(id, run)));
        Set<UUID> created = new HashSet<>(store.runs(tx).insertAll(json(rows)));
        if (created.size() < runs.size()) {
            runs.forEach((id, run) -> {
                if (!created.contains(id) && store.runs(tx).automationExists(run.organizationId(), run.automationId()) == 0) {
                    throw new IllegalArgumentException("automation " + run.automationId() + " is not the organization's");
                }
            });
        }
        if (!created.isEmpty()) {
            store.outbox(tx).notifyInserted(ENQUEUE_ENRICH);
        }
        return created;
    }

    /** One run as {@link RunMapper#insertAll} reads it. */
    private static Map<String, Object> row(UUID id, NewRun run) {
        if (!run.context().isEmpty() && json(run.context()).length() > 64 * 1024) {
            throw new IllegalArgumentException("a run's context must be at most 64 KiB as JSON");
        }
        Map<String, Object> row = new HashMap<>();
        row.put("id", id);
        row.put("outbox_id", Ids.newId());
        row.put("organization_id", run.organizationId());
        row.put("automation_id", run.automationId());
        row.put("source", run.source());
        row.put("trigger_id", run.triggerId());
        row.put("trigger_event_id", run.triggerEventId());
        row.put("schedule_id", run.scheduleId());
        row.put("dedup_key", run.dedupKey());
        row.put("context", run.context().isEmpty() ? null : run.context());
        return row;
    }

    @Override
    public UUID enqueue(Transaction tx, UUID organizationId, String kind, Map<String, Object> payload) {
        if (kind == null || !kind.matches("[a-z][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("an outbox kind is lower-case letters, digits and '_': " + kind);
        }
        UUID id = Ids.newId();
        store.outbox(tx).insert(id, organizationId, kind, json(payload == null ? Map.of() : payload));
        store.outbox(tx).notifyInserted(kind);
        return id;
    }

    @Override
    public boolean cancelQueued(Transaction tx, UUID organizationId, UUID triggerEventId, String reason) {
        return store.runs(tx).cancelQueued(organizationId, triggerEventId, reason) > 0;
    }

    @Override
    public String name() {
        return "runs";
    }

    @Override
    public void deleteOrganizationData(Transaction tx, UUID organizationId) {
        store.outbox(tx).deleteOrganization(organizationId);
        store.runs(tx).deleteEvents(organizationId);
        store.runs(tx).deleteOrganization(organizationId);
        store.automations(tx).deleteConnections(organizationId);
        store.automations(tx).deleteOrganization(organizationId);
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
