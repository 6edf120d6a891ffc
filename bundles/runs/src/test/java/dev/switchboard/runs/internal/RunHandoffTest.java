package dev.switchboard.runs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.foundation.internal.RunsTestSchema;
import dev.switchboard.foundation.internal.UnitOfWorkService;
import dev.switchboard.foundation.testing.TestDatabase;
import dev.switchboard.runs.Automation;
import dev.switchboard.runs.NewRun;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RunHandoffTest {

    @RegisterExtension
    static final TestDatabase DB = TestDatabase.create().withSchema(RunsTestSchema::apply);

    private UnitOfWorkService unitOfWork;
    private RunsStore store;
    private RunsService runs;

    @BeforeEach
    void setUp() {
        unitOfWork = new UnitOfWorkService(DB.dataSource());
        store = new RunsStore(unitOfWork);
        runs = new RunsService(store);
    }

    @Test
    void aRunAndItsEnrichOutboxRowCommitTogetherOncePerDedupKey() throws Exception {
        UUID org = organization();
        UUID automation = automation(org);
        UUID event = UUID.randomUUID();

        Optional<UUID> first = unitOfWork.inTransaction(tx ->
                runs.createRun(tx, NewRun.forTriggerEvent(org, automation, UUID.randomUUID(), event)));
        Optional<UUID> again = unitOfWork.inTransaction(tx ->
                runs.createRun(tx, NewRun.forTriggerEvent(org, automation, UUID.randomUUID(), event)));

        assertTrue(first.isPresent());
        assertTrue(again.isEmpty());
        assertEquals(1, count("SELECT count(*) FROM automation_runs WHERE organization_id = ?", org));
        assertEquals(1, count("SELECT count(*) FROM outbox WHERE organization_id = ? AND kind = 'enqueue_enrich'"
                + " AND payload->>'runId' = '" + first.get() + "'", org));
    }

    @Test
    void severalRunsAreCreatedAtOnceEachWithItsOutboxRowAndContext() throws Exception {
        UUID org = organization();
        UUID automation = automation(org);
        UUID taken = UUID.randomUUID();
        unitOfWork.run(tx -> runs.createRun(tx, NewRun.forTriggerEvent(org, automation, null, taken)));
        java.util.Map<UUID, NewRun> batch = new java.util.LinkedHashMap<>();
        UUID first = dev.switchboard.foundation.Ids.newId();
        UUID duplicate = dev.switchboard.foundation.Ids.newId();
        UUID scheduled = dev.switchboard.foundation.Ids.newId();
        batch.put(first, NewRun.forTriggerEvent(org, automation, null, UUID.randomUUID()));
        batch.put(duplicate, NewRun.forTriggerEvent(org, automation, null, taken));
        batch.put(scheduled, new NewRun(org, automation, "schedule", null, null, UUID.randomUUID(), "schedule:s:1",
                java.util.Map.of("title", "Weekly digest")));

        java.util.Set<UUID> created = unitOfWork.inTransaction(tx -> runs.createRuns(tx, batch));

        assertEquals(java.util.Set.of(first, scheduled), created, "the run whose dedup key was taken is left out");
        assertEquals(3, count("SELECT count(*) FROM automation_runs WHERE organization_id = ?", org));
        assertEquals(0, count("SELECT count(*) FROM automation_runs WHERE organization_id = ? AND id = '" + duplicate + "'", org));
        for (UUID run : created) {
            assertEquals(1, count("SELECT count(*) FROM outbox WHERE organization_id = ? AND kind = 'enqueue_enrich'"
                    + " AND payload = jsonb_build_object('runId', '" + run + "')", org), "the outbox row of " + run);
        }
        assertEquals(3, count("SELECT count(*) FROM outbox WHERE organization_id = ?", org));
        assertEquals(1, count("SELECT count(*) FROM automation_runs WHERE organization_id = ? AND id = '" + scheduled
                + "' AND context_json->>'title' = 'Weekly digest' AND status = 'queued'"
                + " AND deadline_at = last_activity_at + interval '3600 seconds'", org));
    }

    @Test
    void aBatchWithAnotherOrganizationsAutomationFails() throws Exception {
        UUID org = organization();
        UUID own = automation(org);
        UUID foreign = automation(organization());
        java.util.Map<UUID, NewRun> batch = java.util.Map.of(
                dev.switchboard.foundation.Ids.newId(), NewRun.forTriggerEvent(org, own, null, UUID.randomUUID()),
                dev.switchboard.foundation.Ids.newId(), NewRun.forTriggerEvent(org, foreign, null, UUID.randomUUID()));
        assertThrows(IllegalArgumentException.class, () -> unitOfWork.run(tx -> runs.createRuns(tx, batch)));
        assertEquals(0, count("SELECT count(*) FROM automation_runs WHERE organization_id = ?", org));
        assertEquals(0, count("SELECT count(*) FROM outbox WHERE organization_id = ?", org));
    }

    @Test
    void aRolledBackTransactionLeavesNeitherRunNorOutboxRow() throws Exception {
        UUID org = organization();
        UUID automation = automation(org);
        assertThrows(IllegalStateException.class, () -> unitOfWork.run(tx -> {
            runs.createRun(tx, new NewRun(org, automation, "schedule", null, null, UUID.randomUUID(), "schedule:x:1"));
            throw new IllegalStateException("the caller's own insert failed");
        }));
        assertEquals(0, count("SELECT count(*) FROM automation_runs WHERE organization_id = ?", org));
        assertEquals(0, count("SELECT count(*) FROM outbox WHERE organization_id = ?", org));
    }

    @Test
    void anotherOrganizationsAutomationIsRefusedAndNotFound() throws Exception {
        UUID org = organization();
        UUID other = organization();
        UUID foreign = automation(other);
        assertThrows(IllegalArgumentException.class, () -> unitOfWork.run(tx ->
                runs.createRun(tx, NewRun.forTriggerEvent(org, foreign, null, UUID.randomUUID()))));
        assertTrue(runs.get(org, foreign).isEmpty());
        assertTrue(runs.get(other, foreign).isPresent());
    }

    @Test
    void onlyQueuedRunsAreCanceled() throws Exception {
        UUID org = organization();
        UUID automation = automation(org);
        UUID event = UUID.randomUUID();
        unitOfWork.run(tx -> runs.createRun(tx, NewRun.forTriggerEvent(org, automation, null, event)));
        boolean first = unitOfWork.inTransaction(tx -> runs.cancelQueued(tx, org, event, "event skipped"));
        boolean second = unitOfWork.inTransaction(tx -> runs.cancelQueued(tx, org, event, "event skipped"));
        assertTrue(first);
        assertTrue(!second);
    }

    @Test
    void organizationDeletionRemovesAutomationsRunsAndOutbox() throws Exception {
        UUID org = organization();
        UUID automation = automation(org);
        unitOfWork.run(tx -> runs.createRun(tx, NewRun.forTriggerEvent(org, automation, null, UUID.randomUUID())));
        unitOfWork.run(tx -> runs.deleteOrganizationData(tx, org));
        assertEquals(0, count("SELECT count(*) FROM automations WHERE organization_id = ?", org));
        assertEquals(0, count("SELECT count(*) FROM outbox WHERE organization_id = ?", org));
    }

    private UUID automation(UUID org) {
        UUID id = UUID.randomUUID();
        unitOfWork.run(tx -> store.automations(tx).insert(AutomationRow.of(new Automation(id, org, "Triage", "", true, "", null, null, null, null, null, null, java.util.Map.of(), false, java.util.List.of(), 3600))));
        return id;
    }

    private static UUID organization() throws Exception {
        UUID id = UUID.randomUUID();
        try (Connection connection = DB.dataSource().getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO organizations (id, name, slug) VALUES (?, 'Org', ?)")) {
            insert.setObject(1, id);
            insert.setString(2, "org-" + id);
            insert.executeUpdate();
        }
        return id;
    }

    private static int count(String sql, UUID org) throws Exception {
        try (Connection connection = DB.dataSource().getConnection();
             PreparedStatement query = connection.prepareStatement(sql)) {
            query.setObject(1, org);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }
}
