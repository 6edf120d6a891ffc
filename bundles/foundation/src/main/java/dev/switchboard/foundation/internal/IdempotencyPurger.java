package dev.switchboard.foundation.internal;

import dev.switchboard.foundation.ConfigValues;
import dev.switchboard.foundation.IdempotencyStore;
import dev.switchboard.foundation.PersistenceException;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Deletes expired idempotency keys periodically; harmless when several nodes do it at once. */
@Component(immediate = true, service = {}, configurationPid = DatabaseMonitor.PID)
public class IdempotencyPurger {

    private static final Logger LOG = LoggerFactory.getLogger(IdempotencyPurger.class);

    private final IdempotencyStore store;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            runnable -> new Thread(runnable, "switchboard-idempotency-purge"));

    @Activate
    public IdempotencyPurger(@Reference IdempotencyStore store, Map<String, Object> properties) {
        this.store = store;
        int minutes = new ConfigValues(DatabaseMonitor.PID, properties)
                .intValue("idempotency.purge.interval.minutes", 10, 1, 1440);
        scheduler.scheduleWithFixedDelay(this::purge, minutes, minutes, TimeUnit.MINUTES);
    }

    @Deactivate
    void deactivate() {
        scheduler.shutdownNow();
    }

    void purge() {
        try {
            int deleted = store.purgeExpired();
            if (deleted > 0) {
                LOG.debug("deleted {} expired idempotency keys", deleted);
            }
        } catch (PersistenceException e) {
            LOG.debug("idempotency purge skipped: {}", e.getMessage());
        }
    }
}
