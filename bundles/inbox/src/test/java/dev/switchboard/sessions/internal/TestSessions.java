package dev.switchboard.sessions.internal;

import dev.switchboard.core.plugins.PluginEntry;
import dev.switchboard.core.plugins.PluginRegistry;
import dev.switchboard.core.plugins.PluginUnavailableException;
import dev.switchboard.foundation.UnitOfWork;
import dev.switchboard.identity.SessionTokens;
import dev.switchboard.sessions.SessionEventLog;
import dev.switchboard.sessions.Sessions;
import dev.switchboard.spi.Plugin;
import dev.switchboard.spi.PluginKind;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The sessions bundle's real service and lifecycle for the inbox's tests, on the test's database, without any
 * sandbox provider: only sessions without a sandbox can start.
 */
public final class TestSessions {

    private final SessionLifecycle lifecycle;
    private final SessionsService sessions;
    private final SessionEventLogService events;

    public TestSessions(UnitOfWork unitOfWork) {
        SessionsStore store = new SessionsStore(unitOfWork);
        events = new SessionEventLogService(store);
        lifecycle = new SessionLifecycle(store, events, new NoProviders(), new NoTokens(),
                (organizationId, scope) -> {
                    throw new IllegalStateException("no secrets for sessions without a sandbox");
                }, SessionsConfig.from(Map.of()));
        sessions = new SessionsService(store, lifecycle);
    }

    public Sessions sessions() {
        return sessions;
    }

    public SessionEventLog events() {
        return events;
    }

    public void close() {
        lifecycle.close();
    }

    static final class NoTokens implements SessionTokens {
        @Override
        public String issue(UUID organizationId, UUID sessionId, UUID userId) {
            throw new IllegalStateException("sessions without a sandbox get no tokens");
        }

        @Override
        public void revokeAll(UUID organizationId, UUID sessionId) {
        }
    }

    static final class NoProviders implements PluginRegistry {
        @Override
        public List<PluginEntry> entries() {
            return List.of();
        }

        @Override
        public Optional<PluginEntry> entry(PluginKind kind, String id) {
            return Optional.empty();
        }

        @Override
        public <T extends Plugin> T require(Class<T> kindType, String id) {
            throw new PluginUnavailableException(PluginKind.SANDBOX_PROVIDER, id, "no providers in these tests");
        }

        @Override
        public <T extends Plugin> List<T> active(Class<T> kindType) {
            return List.of();
        }
    }
}
