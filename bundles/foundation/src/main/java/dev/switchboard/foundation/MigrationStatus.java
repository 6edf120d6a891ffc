package dev.switchboard.foundation;

import java.time.Instant;
import java.util.List;

/** What the migration extender knows about each module's changelog. */
public interface MigrationStatus {

    List<ModuleMigration> modules();

    /** State of one module's changelog. */
    enum State { PENDING, APPLIED, FAILED }

    /**
     * @param error the last failure's message (never SQL with data), or null
     */
    record ModuleMigration(String module, String bundle, String changelog, State state, String error,
                           Instant appliedAt) {
    }
}
