package dev.switchboard.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.core.plugins.PluginEntry;
import dev.switchboard.core.plugins.PluginState;
import dev.switchboard.foundation.MigrationStatus.ModuleMigration;
import dev.switchboard.foundation.MigrationStatus.State;
import dev.switchboard.spi.PluginDescriptor;
import dev.switchboard.spi.PluginKind;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HealthReportTest {

    private static final HealthReport.Database DATABASE_UP = new HealthReport.Database("UP", null, "2026-01-01T00:00:00Z");
    private static final Instant APPLIED_AT = Instant.parse("2026-01-01T00:00:01Z");
    private static final List<ModuleMigration> APPLIED = List.of(
            migration("foundation", State.APPLIED, null), migration("runs", State.APPLIED, null));

    @Test
    void upWhenTheDatabaseEveryMigrationAndTheRegistryAreUp() {
        HealthReport report = HealthReport.of(DATABASE_UP, APPLIED, List.of(plugin("echo", PluginState.ACTIVE)));

        assertEquals("UP", report.status());
        assertEquals("UP", report.migrations().status());
        assertEquals(new HealthReport.Module("foundation", "dev.switchboard.foundation", "applied", null,
                APPLIED_AT.toString()), report.migrations().modules().get(0));
        assertEquals(new HealthReport.Plugins("UP", 1, 1, 0, 0, 0), report.plugins());
    }

    @Test
    void downWhenTheDatabaseIsDown() {
        HealthReport.Database down = new HealthReport.Database("DOWN", "ConnectException: Connection refused", null);

        assertEquals("DOWN", HealthReport.of(down, APPLIED, List.of()).status());
    }

    @Test
    void downWhenAMigrationIsPendingOrFailed() {
        HealthReport pending = HealthReport.of(DATABASE_UP,
                List.of(migration("foundation", State.APPLIED, null), migration("runs", State.PENDING, null)), List.of());
        HealthReport failed = HealthReport.of(DATABASE_UP,
                List.of(migration("foundation", State.FAILED, "PSQLException: timeout")), List.of());

        assertEquals("DOWN", pending.status());
        assertEquals("DOWN", pending.migrations().status());
        assertEquals("DOWN", failed.status());
        assertEquals("failed", failed.migrations().modules().get(0).state());
        assertEquals("PSQLException: timeout", failed.migrations().modules().get(0).error());
    }

    @Test
    void downWhenNoMigrationIsKnownYet() {
        assertEquals("DOWN", HealthReport.of(DATABASE_UP, List.of(), List.of()).status());
    }

    @Test
    void downWithoutMigrationStatusOrRegistry() {
        HealthReport noMigrations = HealthReport.of(DATABASE_UP, null, List.of());
        HealthReport noRegistry = HealthReport.of(DATABASE_UP, APPLIED, null);

        assertEquals("DOWN", noMigrations.status());
        assertEquals(new HealthReport.Migrations("DOWN", List.of()), noMigrations.migrations());
        assertEquals("DOWN", noRegistry.status());
        assertEquals(new HealthReport.Plugins("DOWN", 0, 0, 0, 0, 0), noRegistry.plugins());
    }

    @Test
    void failedConflictingOrInactivePluginsAreCountedButKeepTheEngineUp() {
        HealthReport report = HealthReport.of(DATABASE_UP, APPLIED, List.of(
                plugin("echo", PluginState.ACTIVE), plugin("echo", PluginState.CONFLICT),
                plugin("linear", PluginState.FAILED), plugin("github", PluginState.INACTIVE),
                plugin("slack", PluginState.FAILED)));

        assertEquals("UP", report.status());
        assertEquals(new HealthReport.Plugins("UP", 5, 1, 1, 2, 1), report.plugins());
    }

    private static ModuleMigration migration(String module, State state, String error) {
        return new ModuleMigration(module, "dev.switchboard." + module, "db/changelog/" + module + "/changelog.xml",
                state, error, state == State.APPLIED ? APPLIED_AT : null);
    }

    static PluginEntry plugin(String id, PluginState state) {
        return new PluginEntry(PluginKind.ACTION_ADAPTER, PluginDescriptor.of(id, id, "1.0.0", ""),
                new PluginEntry.BundleInfo(10, "dev.example." + id, "1.0.0"), state,
                state == PluginState.ACTIVE ? null : "reason");
    }
}
