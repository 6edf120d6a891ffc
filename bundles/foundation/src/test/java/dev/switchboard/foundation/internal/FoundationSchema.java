package dev.switchboard.foundation.internal;

import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import liquibase.resource.ClassLoaderResourceAccessor;

/** Creates the foundation's tables with the real changelog, the way the migration extender does. */
final class FoundationSchema {

    static final String CHANGELOG = "db/changelog/foundation/changelog.xml";

    /** Held so that the level sticks: Liquibase logs every step through java.util.logging. */
    private static final Logger LIQUIBASE_LOG = Logger.getLogger("liquibase");

    static {
        LIQUIBASE_LOG.setLevel(Level.WARNING);
    }

    private FoundationSchema() {
    }

    static void apply(DataSource dataSource) throws Exception {
        new LiquibaseRunner(dataSource).update(new ClassLoaderResourceAccessor(FoundationSchema.class.getClassLoader()),
                CHANGELOG);
    }
}
