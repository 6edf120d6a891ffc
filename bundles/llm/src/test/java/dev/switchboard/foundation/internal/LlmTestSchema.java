package dev.switchboard.foundation.internal;

import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import liquibase.resource.ClassLoaderResourceAccessor;

/** Creates the tables the LLM bundle builds on and its own with their real changelogs, in dependency order. */
public final class LlmTestSchema {

    private static final Logger LIQUIBASE_LOG = Logger.getLogger("liquibase");

    static {
        LIQUIBASE_LOG.setLevel(Level.WARNING);
    }

    private LlmTestSchema() {
    }

    public static void apply(DataSource dataSource) throws Exception {
        ClassLoaderResourceAccessor resources = new ClassLoaderResourceAccessor(LlmTestSchema.class.getClassLoader());
        LiquibaseRunner runner = new LiquibaseRunner(dataSource);
        for (String module : new String[] {"foundation", "identity", "llm"}) {
            runner.update(resources, "db/changelog/" + module + "/changelog.xml");
        }
    }
}
