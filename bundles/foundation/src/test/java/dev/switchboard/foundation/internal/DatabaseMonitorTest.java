package dev.switchboard.foundation.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.foundation.DatabaseHealth.Status;
import dev.switchboard.foundation.InvalidConfigurationException;
import dev.switchboard.foundation.testing.TestDatabase;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.ds.PGSimpleDataSource;

class DatabaseMonitorTest {

    @RegisterExtension
    static final TestDatabase DB = TestDatabase.create();

    private static final Duration PATIENCE = Duration.ofSeconds(15);

    private DatabaseMonitor monitor;

    @AfterEach
    void stopMonitor() {
        if (monitor != null) {
            monitor.deactivate();
        }
    }

    private DatabaseMonitor start() {
        monitor = new DatabaseMonitor(Map.of("database.check.interval.seconds", "1",
                "database.check.timeout.seconds", "2"));
        return monitor;
    }

    @Test
    void unbindingAfterDeactivationIsQuiet() {
        start();
        javax.sql.DataSource source = DB.dataSource();
        monitor.bindDataSource(source);
        monitor.deactivate();

        // SCR unbinds dynamic references after deactivate: that must not throw
        monitor.unbindDataSource(source);
        monitor = null;
    }

    @Test
    void isDownWithAReasonWithoutADataSource() {
        start();

        await().atMost(PATIENCE).until(() -> monitor.status().detail().startsWith("no DataSource"));
        assertFalse(monitor.status().up());
    }

    @Test
    void turnsUpWhenAWorkingDataSourceIsBound() {
        start();
        monitor.bindDataSource(DB.dataSource());

        await().atMost(PATIENCE).until(() -> monitor.status().up());
        Status status = monitor.status();
        assertEquals(null, status.detail());
        assertNotNull(status.since());
    }

    @Test
    void isDownWithTheCauseWhenTheDataSourceCannotConnect() throws IOException {
        PGSimpleDataSource dead = new PGSimpleDataSource();
        dead.setURL("jdbc:postgresql://127.0.0.1:" + UnitOfWorkServiceTest.closedPort() + "/switchboard");
        dead.setUser("postgres");
        dead.setConnectTimeout(2);
        start();
        monitor.bindDataSource(dead);

        await().atMost(PATIENCE).until(() -> monitor.status().detail().startsWith("ConnectException"));
        assertFalse(monitor.status().up());
    }

    @Test
    void goesDownWhenTheDataSourceIsUnbound() {
        start();
        monitor.bindDataSource(DB.dataSource());
        await().atMost(PATIENCE).until(() -> monitor.status().up());
        Status up = monitor.status();

        monitor.unbindDataSource(DB.dataSource());

        await().atMost(PATIENCE).until(() -> !monitor.status().up());
        assertTrue(monitor.status().detail().startsWith("no DataSource"), monitor.status().detail());
        assertFalse(monitor.status().since().isBefore(up.since()), "since marks the change to DOWN");
    }

    @Test
    void rejectsAnIntervalOutOfBoundsNamingThePid() {
        InvalidConfigurationException thrown = assertThrows(InvalidConfigurationException.class,
                () -> new DatabaseMonitor(Map.of("database.check.interval.seconds", "0")));

        assertEquals(DatabaseMonitor.PID, thrown.pid());
        assertEquals("database.check.interval.seconds", thrown.key());
    }
}
