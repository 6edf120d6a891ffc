package dev.switchboard.foundation.internal;

import dev.switchboard.foundation.MigrationStatus;
import dev.switchboard.foundation.SchemaReady;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import liquibase.Scope;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.resource.CompositeResourceAccessor;
import liquibase.resource.OSGiResourceAccessor;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.util.tracker.BundleTracker;
import org.osgi.util.tracker.BundleTrackerCustomizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the changelog of every active bundle that declares {@code Switchboard-Changelog}, in the order
 * their {@code after} attributes give, and registers {@link SchemaReady} for each module once applied.
 * While the database is unreachable it retries with backoff instead of failing.
 */
@Component(service = MigrationStatus.class, immediate = true)
public class MigrationExtender implements MigrationStatus, BundleTrackerCustomizer<ModuleEntry> {

    private static final Logger LOG = LoggerFactory.getLogger(MigrationExtender.class);
    private static final long FIRST_RETRY_MS = 1_000;
    private static final long MAX_RETRY_MS = 30_000;

    private final BundleContext context;
    private final LiquibaseRunner liquibase;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, ModuleEntry> modules = new ConcurrentHashMap<>();
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(
            runnable -> new Thread(runnable, "switchboard-migrations"));
    private final BundleTracker<ModuleEntry> tracker;
    private long retryDelayMs = FIRST_RETRY_MS;
    private boolean retryScheduled;

    @Activate
    public MigrationExtender(BundleContext context,
                             @Reference(target = "(dataSourceName=switchboard)") DataSource dataSource) {
        this.context = context;
        this.liquibase = new LiquibaseRunner(dataSource);
        this.tracker = new BundleTracker<>(context, Bundle.ACTIVE | Bundle.STARTING, this);
        tracker.open();
    }

    @Deactivate
    void deactivate() {
        tracker.close();
        worker.shutdownNow();
        modules.values().forEach(ModuleEntry::unregister);
        modules.clear();
    }

    @Override
    public ModuleEntry addingBundle(Bundle bundle, BundleEvent event) {
        String header = bundle.getHeaders("").get(SchemaReady.CHANGELOG_HEADER);
        if (header == null) {
            return null;
        }
        ChangelogDeclaration declaration;
        try {
            declaration = ChangelogDeclaration.parse(header);
        } catch (IllegalArgumentException e) {
            LOG.error("bundle {} declares an unusable changelog: {}", bundle.getSymbolicName(), e.getMessage());
            return null;
        }
        ModuleEntry entry = new ModuleEntry(bundle, declaration);
        ModuleEntry existing = modules.putIfAbsent(declaration.module(), entry);
        if (existing != null) {
            LOG.error("bundle {} declares schema module '{}' which bundle {} already owns; ignored",
                    bundle.getSymbolicName(), declaration.module(), existing.bundle().getSymbolicName());
            return null;
        }
        worker.execute(this::migratePending);
        return entry;
    }

    @Override
    public void modifiedBundle(Bundle bundle, BundleEvent event, ModuleEntry entry) {
        // nothing: a changelog is read once per bundle start
    }

    @Override
    public void removedBundle(Bundle bundle, BundleEvent event, ModuleEntry entry) {
        modules.remove(entry.declaration().module(), entry);
        entry.unregister();
    }

    @Override
    public List<ModuleMigration> modules() {
        List<ModuleMigration> result = new ArrayList<>();
        modules.values().forEach(entry -> result.add(entry.snapshot()));
        result.sort(Comparator.comparing(ModuleMigration::module));
        return result;
    }

    private synchronized void migratePending() {
        retryScheduled = false;
        boolean progress = true;
        while (progress) {
            progress = false;
            for (ModuleEntry entry : modules.values()) {
                if (entry.state() != State.APPLIED && dependenciesApplied(entry)) {
                    if (!migrate(entry)) {
                        scheduleRetry();
                        return;
                    }
                    progress = true;
                }
            }
        }
        retryDelayMs = FIRST_RETRY_MS;
    }

    private boolean dependenciesApplied(ModuleEntry entry) {
        return entry.declaration().after().stream()
                .map(modules::get)
                .allMatch(dependency -> dependency != null && dependency.state() == State.APPLIED);
    }

    private boolean migrate(ModuleEntry entry) {
        ChangelogDeclaration declaration = entry.declaration();
        long started = System.nanoTime();
        try {
            liquibase.update(new CompositeResourceAccessor(new OSGiResourceAccessor(entry.bundle()),
                    new ClassLoaderResourceAccessor(Scope.class.getClassLoader())), declaration.changelog());
        } catch (Exception e) {
            String reason = rootMessage(e);
            if (entry.fail(reason)) {
                LOG.error("schema module '{}' could not be migrated, retrying: {}", declaration.module(), reason);
            }
            return false;
        }
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(SchemaReady.MODULE_PROPERTY, declaration.module());
        String module = declaration.module();
        ServiceRegistration<SchemaReady> registration =
                context.registerService(SchemaReady.class, () -> module, properties);
        entry.applied(clock.instant(), registration);
        LOG.info("schema module '{}' is up to date ({} ms)", module, (System.nanoTime() - started) / 1_000_000);
        return true;
    }

    private void scheduleRetry() {
        if (retryScheduled || worker.isShutdown()) {
            return;
        }
        retryScheduled = true;
        worker.schedule(this::migratePending, retryDelayMs, TimeUnit.MILLISECONDS);
        retryDelayMs = Math.min(retryDelayMs * 2, MAX_RETRY_MS);
    }

    static String rootMessage(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message.lines().findFirst().orElse(""));
    }
}
