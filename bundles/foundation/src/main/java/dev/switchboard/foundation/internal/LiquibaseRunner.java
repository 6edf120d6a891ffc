package dev.switchboard.foundation.internal;

import java.sql.Connection;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import liquibase.Scope;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ResourceAccessor;

/** Applies one changelog with Liquibase; its lock table serialises nodes that start together. */
final class LiquibaseRunner {

    private final DataSource dataSource;

    LiquibaseRunner(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    void update(ResourceAccessor resources, String changelogPath) throws Exception {
        Map<String, Object> scope = new HashMap<>();
        scope.put(Scope.Attr.resourceAccessor.name(), resources);
        scope.put("liquibase.analytics.enabled", Boolean.FALSE);
        scope.put("liquibase.showBanner", Boolean.FALSE);
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // Liquibase finds its own extensions through ServiceLoader on the context class loader
        thread.setContextClassLoader(Scope.class.getClassLoader());
        try (Connection connection = dataSource.getConnection()) {
            Database database = DatabaseFactory.getInstance()
                    .findCorrectDatabaseImplementation(new JdbcConnection(connection));
            Scope.child(scope, () -> new CommandScope(UpdateCommandStep.COMMAND_NAME)
                    .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
                    .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, changelogPath)
                    .execute());
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
