package dev.switchboard.foundation.internal;

import dev.switchboard.foundation.ConfigValues;
import dev.switchboard.foundation.DatabaseHealth;
import java.sql.Connection;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks PostgreSQL in the background and logs one line per change of state. The reference to the
 * DataSource is optional and dynamic so that health can say DOWN when there is no DataSource at all.
 */
@Component(service = DatabaseHealth.class, immediate = true, configurationPid = DatabaseMonitor.PID)
public class DatabaseMonitor implements DatabaseHealth {

    static final String PID = "dev.switchboard.foundation";
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseMonitor.class);

    private final Clock clock = Clock.systemUTC();
    private final ScheduledExecutorService checker = Executors.newSingleThreadScheduledExecutor(
            runnable -> new Thread(runnable, "switchboard-db-monitor"));
    private final int validationTimeoutSeconds;
    private volatile DataSource dataSource;
    private volatile Status status;
    private boolean checked;

    @Activate
    public DatabaseMonitor(Map<String, Object> properties) {
        ConfigValues config = new ConfigValues(PID, properties);
        int intervalSeconds = config.intValue("database.check.interval.seconds", 2, 1, 300);
        validationTimeoutSeconds = config.intValue("database.check.timeout.seconds", 3, 1, 60);
        status = new Status(false, "not checked yet", clock.instant());
        checker.scheduleWithFixedDelay(this::check, 0, intervalSeconds, TimeUnit.SECONDS);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            target = "(dataSourceName=switchboard)")
    void bindDataSource(DataSource source) {
        this.dataSource = source;
        checkSoon();
    }

    void unbindDataSource(DataSource source) {
        if (this.dataSource == source) {
            this.dataSource = null;
            checkSoon();
        }
    }

    /** Checks now, unless the component is being deactivated (SCR unbinds after deactivate). */
    private void checkSoon() {
        if (!checker.isShutdown()) {
            try {
                checker.execute(this::check);
            } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
                // deactivated between the test and the call: nothing left to report to
            }
        }
    }

    @Deactivate
    void deactivate() {
        checker.shutdownNow();
    }

    @Override
    public Status status() {
        return status;
    }

    private synchronized void check() {
        DataSource source = dataSource;
        if (source == null) {
            record(false, "no DataSource: check etc/org.ops4j.datasource-switchboard.cfg");
            return;
        }
        try (Connection connection = source.getConnection()) {
            if (connection.isValid(validationTimeoutSeconds)) {
                record(true, null);
            } else {
                record(false, "connection is not valid");
            }
        } catch (Exception e) {
            record(false, MigrationExtender.rootMessage(e));
        }
    }

    private void record(boolean up, String detail) {
        Status previous = status;
        boolean firstCheck = !checked;
        checked = true;
        if (previous.up() == up && !firstCheck) {
            if (!up && !previous.detail().equals(detail)) {
                status = new Status(false, detail, previous.since());
            }
            return;
        }
        status = new Status(up, detail, clock.instant());
        if (up) {
            LOG.info("database is reachable");
        } else {
            LOG.warn("database is unreachable, retrying every check: {}", detail);
        }
    }
}
