package dev.switchboard.integrations.internal;

import dev.switchboard.foundation.DatabaseUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes OAuth states every {@link #INTERVAL} on one thread of its own: expired ones a day after they
 * expired, used ones an hour after their use. Cluster-safe without coordination: the delete is idempotent,
 * so nodes purging at the same time only split the rows between them. Exists only while the integrations
 * schema does (through {@link IntegrationsStore}); while the database is away a run is skipped with a DEBUG
 * line, and no failure stops the schedule.
 */
@Component(immediate = true, service = {})
public class OAuthStatePurger {

    static final Duration INTERVAL = Duration.ofMinutes(10);
    static final Duration KEEP_EXPIRED = Duration.ofDays(1);
    static final Duration KEEP_USED = Duration.ofHours(1);
    private static final Logger LOG = LoggerFactory.getLogger(OAuthStatePurger.class);

    private final IntegrationsStore store;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;

    @Activate
    public OAuthStatePurger(@Reference IntegrationsStore store) {
        this(store, Clock.systemUTC());
        scheduler.scheduleWithFixedDelay(this::purge, INTERVAL.toMinutes(), INTERVAL.toMinutes(), TimeUnit.MINUTES);
    }

    /** For tests: nothing is scheduled; call {@link #purge()}. */
    OAuthStatePurger(IntegrationsStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "switchboard-oauth-state-purge");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Deactivate
    void deactivate() {
        scheduler.shutdownNow();
    }

    /** One run; returns how many states were deleted (0 when the run was skipped). */
    int purge() {
        Instant now = clock.instant();
        try {
            int deleted = store.unitOfWork().inTransaction(tx ->
                    store.states(tx).purge(now.minus(KEEP_EXPIRED), now.minus(KEEP_USED)));
            if (deleted > 0) {
                LOG.debug("deleted {} expired or used OAuth states", deleted);
            }
            return deleted;
        } catch (DatabaseUnavailableException e) {
            LOG.debug("OAuth state purge skipped, the database is unavailable: {}", e.getMessage());
        } catch (RuntimeException e) {
            // an exception escaping a scheduled task would cancel every later run
            LOG.warn("OAuth state purge failed: {}", e.toString());
        }
        return 0;
    }
}
