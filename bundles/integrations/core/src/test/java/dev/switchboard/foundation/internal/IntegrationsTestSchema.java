package dev.switchboard.foundation.internal;

import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import liquibase.resource.ClassLoaderResourceAccessor;

/**
 * Creates the tables of foundation, identity, secrets and integrations with their real changelogs, in the
 * order the migration extender applies them, through the engine's {@link LiquibaseRunner}.
 */
public final class IntegrationsTestSchema {

    private static final Logger LIQUIBASE_LOG = Logger.getLogger("liquibase");

    static {
        LIQUIBASE_LOG.setLevel(Level.WARNING);
    }

    private IntegrationsTestSchema() {
    }

    /** The foundation's real idempotency store (package-private constructor). */
    public static dev.switchboard.foundation.IdempotencyStore idempotencyStore(DataSource dataSource) {
        return new PostgresIdempotencyStore(new UnitOfWorkService(dataSource), java.time.Clock.systemUTC());
    }

    public static void apply(DataSource dataSource) throws Exception {
        ClassLoaderResourceAccessor resources = new ClassLoaderResourceAccessor(IntegrationsTestSchema.class.getClassLoader());
        LiquibaseRunner runner = new LiquibaseRunner(dataSource);
        for (String module : new String[] {"foundation", "identity", "secrets", "integrations"}) {
            runner.update(resources, "db/changelog/" + module + "/changelog.xml");
        }
    }
}
