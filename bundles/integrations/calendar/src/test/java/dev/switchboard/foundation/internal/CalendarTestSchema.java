package dev.switchboard.foundation.internal;

import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import liquibase.resource.ClassLoaderResourceAccessor;

/** The tables of foundation, identity, secrets and integrations from their real changelogs, in extender order. */
public final class CalendarTestSchema {

    static {
        Logger.getLogger("liquibase").setLevel(Level.WARNING);
    }

    private CalendarTestSchema() {
    }

    public static void apply(DataSource dataSource) throws Exception {
        ClassLoaderResourceAccessor resources = new ClassLoaderResourceAccessor(CalendarTestSchema.class.getClassLoader());
        LiquibaseRunner runner = new LiquibaseRunner(dataSource);
        for (String module : new String[] {"foundation", "identity", "secrets", "integrations"}) {
            runner.update(resources, "db/changelog/" + module + "/changelog.xml");
        }
    }
}
