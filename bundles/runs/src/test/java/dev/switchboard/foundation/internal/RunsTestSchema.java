package dev.switchboard.foundation.internal;

import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import liquibase.resource.ClassLoaderResourceAccessor;

/** Creates the tables the runs bundle builds on and its own with their real changelogs, in dependency order. */
public final class RunsTestSchema {

    private static final Logger LIQUIBASE_LOG = Logger.getLogger("liquibase");

    static {
        LIQUIBASE_LOG.setLevel(Level.WARNING);
    }

    private RunsTestSchema() {
    }

    public static void apply(DataSource dataSource) throws Exception {
        ClassLoaderResourceAccessor resources = new ClassLoaderResourceAccessor(RunsTestSchema.class.getClassLoader());
        LiquibaseRunner runner = new LiquibaseRunner(dataSource);
        for (String module : new String[] {"foundation", "identity", "secrets", "integrations", "sessions", "runs"}) {
            runner.update(resources, "db/changelog/" + module + "/changelog.xml");
        }
    }

    /** The foundation's real Idempotency-Key store on the test's database. */
    public static dev.switchboard.foundation.IdempotencyStore idempotencyStore(dev.switchboard.foundation.UnitOfWork unitOfWork) {
        return new PostgresIdempotencyStore(unitOfWork, java.time.Clock.systemUTC());
    }
}
