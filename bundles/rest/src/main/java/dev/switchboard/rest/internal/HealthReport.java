package dev.switchboard.rest.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.switchboard.core.plugins.PluginEntry;
import dev.switchboard.core.plugins.PluginState;
import dev.switchboard.foundation.MigrationStatus;
import java.util.List;
import java.util.Locale;

/** Body of {@code GET /api/v1/health}. UP only when the database, every migration and the registry are. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HealthReport(String status, Database database, Migrations migrations, Plugins plugins) {

    static final String UP = "UP";
    static final String DOWN = "DOWN";

    static HealthReport of(Database database, List<MigrationStatus.ModuleMigration> modules,
                           List<PluginEntry> entries) {
        Migrations migrations = modules == null
                ? new Migrations(DOWN, List.of())
                : new Migrations(modules.stream().allMatch(m -> m.state() == MigrationStatus.State.APPLIED)
                        && !modules.isEmpty() ? UP : DOWN,
                        modules.stream().map(Module::of).toList());
        Plugins plugins = entries == null
                ? new Plugins(DOWN, 0, 0, 0, 0, 0)
                : new Plugins(UP, entries.size(), HealthResource.count(entries, PluginState.ACTIVE),
                        HealthResource.count(entries, PluginState.CONFLICT),
                        HealthResource.count(entries, PluginState.FAILED),
                        HealthResource.count(entries, PluginState.INACTIVE));
        boolean up = database.status().equals(UP) && migrations.status().equals(UP) && plugins.status().equals(UP);
        return new HealthReport(up ? UP : DOWN, database, migrations, plugins);
    }

    /** Reachability of PostgreSQL. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Database(String status, String detail, String since) {
    }

    /** Schema modules and whether each changelog has been applied. */
    public record Migrations(String status, List<Module> modules) {
    }

    /** One schema module. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Module(String module, String bundle, String state, String error, String appliedAt) {
        static Module of(MigrationStatus.ModuleMigration migration) {
            return new Module(migration.module(), migration.bundle(),
                    migration.state().name().toLowerCase(Locale.ROOT), migration.error(),
                    migration.appliedAt() == null ? null : migration.appliedAt().toString());
        }
    }

    /** Plugin counts by state. A failed plugin does not make the engine DOWN. */
    public record Plugins(String status, long total, long active, long conflict, long failed, long inactive) {
    }
}
