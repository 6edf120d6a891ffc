package dev.switchboard.foundation.internal;

import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import liquibase.resource.ClassLoaderResourceAccessor;

/** Creates the tables of every module actions builds on, and its own, with their real changelogs. */
public final class ActionsTestSchema {

    private static final Logger LIQUIBASE_LOG = Logger.getLogger("liquibase");

    static {
        LIQUIBASE_LOG.setLevel(Level.WARNING);
    }

    private ActionsTestSchema() {
    }

    public static void apply(DataSource dataSource) throws Exception {
        ClassLoaderResourceAccessor resources = new ClassLoaderResourceAccessor(ActionsTestSchema.class.getClassLoader());
        LiquibaseRunner runner = new LiquibaseRunner(dataSource);
        for (String module : new String[] {"foundation", "identity", "secrets", "integrations", "sessions", "actions"}) {
            runner.update(resources, "db/changelog/" + module + "/changelog.xml");
        }
    }
}
