package dev.switchboard.foundation.internal;

import dev.switchboard.foundation.MigrationStatus.ModuleMigration;
import dev.switchboard.foundation.MigrationStatus.State;
import dev.switchboard.foundation.SchemaReady;
import java.time.Instant;
import java.util.Objects;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceRegistration;

/** The migration state of one bundle's schema module. */
final class ModuleEntry {

    private final Bundle bundle;
    private final ChangelogDeclaration declaration;
    private volatile State state = State.PENDING;
    private volatile String error;
    private volatile Instant appliedAt;
    private ServiceRegistration<SchemaReady> registration;

    ModuleEntry(Bundle bundle, ChangelogDeclaration declaration) {
        this.bundle = bundle;
        this.declaration = declaration;
    }

    Bundle bundle() {
        return bundle;
    }

    ChangelogDeclaration declaration() {
        return declaration;
    }

    State state() {
        return state;
    }

    /** Records a failure; true when the reason differs from the last one (worth a log line). */
    synchronized boolean fail(String reason) {
        boolean changed = !Objects.equals(reason, error);
        state = State.FAILED;
        error = reason;
        return changed;
    }

    synchronized void applied(Instant at, ServiceRegistration<SchemaReady> registration) {
        this.state = State.APPLIED;
        this.error = null;
        this.appliedAt = at;
        this.registration = registration;
    }

    synchronized void unregister() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the framework unregistered it while stopping
            }
            registration = null;
        }
    }

    ModuleMigration snapshot() {
        return new ModuleMigration(declaration.module(), bundle.getSymbolicName(), declaration.changelog(), state,
                error, appliedAt);
    }
}
