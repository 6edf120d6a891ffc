package dev.switchboard.foundation.internal;

import dev.switchboard.foundation.IdempotencyStore;
import dev.switchboard.foundation.UnitOfWork;
import java.time.Clock;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import liquibase.resource.ClassLoaderResourceAccessor;

/**
 * Creates the tables the inbox builds on (identity, runs and theirs) and its own with their real changelogs, in
 * dependency order, and builds the foundation's idempotency store (package-private constructor, hence this package).
 */
public final class InboxTestSchema {

    private static final Logger LIQUIBASE_LOG = Logger.getLogger("liquibase");

    static {
        LIQUIBASE_LOG.setLevel(Level.WARNING);
    }

    private InboxTestSchema() {
    }

    public static void apply(DataSource dataSource) throws Exception {
        ClassLoaderResourceAccessor resources = new ClassLoaderResourceAccessor(InboxTestSchema.class.getClassLoader());
        LiquibaseRunner runner = new LiquibaseRunner(dataSource);
        for (String module : new String[] {"foundation", "identity", "secrets", "integrations", "sessions", "actions", "runs",
                "inbox"}) {
            runner.update(resources, "db/changelog/" + module + "/changelog.xml");
        }
    }

    public static IdempotencyStore idempotencyStore(UnitOfWork unitOfWork) {
        return new PostgresIdempotencyStore(unitOfWork, Clock.systemUTC());
    }
}
