package dev.switchboard.foundation.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies one changelog with Liquibase. Nodes that start together are serialised by a PostgreSQL
 * advisory lock held on the migrating connection: unlike Liquibase's lock row, it dies with the node, so
 * a node killed mid-migration cannot block the others. Whoever holds the advisory lock may therefore
 * clear a Liquibase lock row left behind.
 */
final class LiquibaseRunner {

    /** Advisory lock key: "SWBD" in ASCII. */
    static final long MIGRATION_LOCK = 0x53574244L;
    private static final Logger LOG = LoggerFactory.getLogger(LiquibaseRunner.class);

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
            lock(connection);
            try {
                releaseStaleLiquibaseLock(connection);
                update(connection, scope, changelogPath);
            } finally {
                unlock(connection);
            }
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static void update(Connection connection, Map<String, Object> scope, String changelogPath)
            throws Exception {
        Database database = DatabaseFactory.getInstance()
                .findCorrectDatabaseImplementation(new JdbcConnection(connection));
        Scope.child(scope, () -> new CommandScope(UpdateCommandStep.COMMAND_NAME)
                .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
                .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, changelogPath)
                .execute());
    }

    private static void lock(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_advisory_lock(?)")) {
            statement.setLong(1, MIGRATION_LOCK);
            statement.execute();
        }
    }

    private static void unlock(Connection connection) {
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            statement.setLong(1, MIGRATION_LOCK);
            statement.execute();
        } catch (SQLException e) {
            // a pooled connection must not keep the lock: end its session instead
            try {
                connection.abort(Runnable::run);
            } catch (SQLException ignored) {
                // already broken; the pool evicts it
            }
        }
    }

    private static void releaseStaleLiquibaseLock(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            boolean exists;
            try (ResultSet result = statement.executeQuery(
                    "SELECT to_regclass('databasechangeloglock') IS NOT NULL")) {
                exists = result.next() && result.getBoolean(1);
            }
            if (exists && statement.executeUpdate("UPDATE databasechangeloglock SET locked = false, "
                    + "lockgranted = NULL, lockedby = NULL WHERE locked") > 0) {
                LOG.warn("released a Liquibase lock left by a node that stopped while migrating");
            }
        }
        if (!connection.getAutoCommit()) {
            connection.commit();
        }
    }
}
