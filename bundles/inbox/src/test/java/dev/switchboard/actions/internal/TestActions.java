package dev.switchboard.actions.internal;

import dev.switchboard.actions.ActionInvoker;
import dev.switchboard.core.plugins.PluginEntry;
import dev.switchboard.core.plugins.PluginRegistry;
import dev.switchboard.core.plugins.PluginUnavailableException;
import dev.switchboard.foundation.UnitOfWork;
import dev.switchboard.integrations.Integration;
import dev.switchboard.integrations.IntegrationLookup;
import dev.switchboard.integrations.TokenResolver;
import dev.switchboard.rest.Caller;
import dev.switchboard.rest.Role;
import dev.switchboard.secrets.internal.TestCiphers;
import dev.switchboard.sessions.SessionEventLog;
import dev.switchboard.sessions.Sessions;
import dev.switchboard.spi.AccessToken;
import dev.switchboard.spi.Plugin;
import dev.switchboard.spi.PluginDescriptor;
import dev.switchboard.spi.PluginKind;
import dev.switchboard.spi.action.ActionAdapter;
import dev.switchboard.spi.action.ActionDefinition;
import dev.switchboard.spi.action.ActionRequest;
import dev.switchboard.spi.action.ActionResult;
import dev.switchboard.spi.action.RiskLevel;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The actions bundle's real engine and {@link ActionInvoker} for the inbox's tests, on the test's database, with one
 * action adapter ({@code tracker}: a read, a write and a danger action, needing no connection) that records its
 * calls. Approve and deny as an organization's admin would.
 */
public final class TestActions {

    /** The adapter's calls: action and parameters, in order. */
    public final List<ActionRequest> calls = new CopyOnWriteArrayList<>();
    private final ActionEngine engine;
    private final ActionInvokerService invoker;
    private final ActionsStore store;

    public TestActions(UnitOfWork unitOfWork, Sessions sessions, SessionEventLog events) {
        store = new ActionsStore(unitOfWork);
        Registry registry = new Registry(new Tracker(calls));
        engine = new ActionEngine(store, sessions, registry, new NoIntegrations(), new NoTokens(),
                (tx, organizationId, actor, action, type, id, details) -> { },
                TestCiphers.cipher("k1:" + TestCiphers.newKey(), "k1"), events,
                ActionsConfig.DEFAULTS, Clock.systemUTC());
        invoker = new ActionInvokerService(engine, sessions, registry);
    }

    /** Ends the adapters' executor threads. */
    public void close() {
        engine.close();
    }

    public ActionInvoker invoker() {
        return invoker;
    }

    public void approve(UUID organizationId, UUID adminId, UUID sessionId, UUID invocationId) {
        engine.approve(admin(organizationId, adminId), sessionId, invocationId, null);
    }

    public void deny(UUID organizationId, UUID adminId, UUID sessionId, UUID invocationId) {
        engine.deny(admin(organizationId, adminId), sessionId, invocationId);
    }

    /** Tells {@code listener} of every decision, as the OSGi whiteboard would. */
    public void listen(dev.switchboard.actions.InvocationListener listener) {
        engine.addListener(listener);
    }

    /** The actions sweep: pending invocations whose approval window passed expire. */
    public void sweep() {
        engine.sweep();
    }

    private static Caller admin(UUID organizationId, UUID userId) {
        return new Caller(Caller.Kind.CONSOLE_SESSION, userId, organizationId, Role.ADMIN, null, null,
                UUID.randomUUID(), false);
    }

    /** {@code tracker}: get_issue (read), create_issue (write, title required), delete_all (danger). */
    static final class Tracker implements ActionAdapter {
        private final List<ActionRequest> calls;

        Tracker(List<ActionRequest> calls) {
            this.calls = calls;
        }

        @Override
        public PluginDescriptor descriptor() {
            return new PluginDescriptor("tracker", "Tracker", "1.0.0", "", PluginDescriptor.NO_CONFIG_SCHEMA, Set.of());
        }

        @Override
        public String service() {
            return "tracker";
        }

        @Override
        public boolean requiresConnection() {
            return false;
        }

        @Override
        public List<ActionDefinition> actions() {
            return List.of(
                    new ActionDefinition("get_issue", "Reads an issue", RiskLevel.READ,
                            "{\"type\": \"object\", \"properties\": {\"id\": {\"type\": \"string\"}}}"),
                    new ActionDefinition("create_issue", "Creates an issue", RiskLevel.WRITE,
                            "{\"type\": \"object\", \"properties\": {\"title\": {\"type\": \"string\"}},"
                                    + " \"required\": [\"title\"]}"),
                    new ActionDefinition("delete_all", "Deletes every issue", RiskLevel.DANGER, null));
        }

        @Override
        public String guide() {
            return "# tracker";
        }

        @Override
        public ActionResult execute(ActionRequest request, AccessToken token) {
            calls.add(request);
            return switch (request.action()) {
                case "get_issue" -> ActionResult.of(Map.of("id", String.valueOf(request.params().get("id")),
                        "title", "Printer on fire"));
                case "create_issue" -> ActionResult.of(Map.of("id", "ISS-" + calls.size(), "created", true));
                default -> ActionResult.of(Map.of());
            };
        }
    }

    record Registry(Plugin only) implements PluginRegistry {
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
            if (!kindType.isInstance(only) || !only.descriptor().id().equals(id)) {
                throw new PluginUnavailableException(PluginKind.ACTION_ADAPTER, id, "absent");
            }
            return kindType.cast(only);
        }

        @Override
        public <T extends Plugin> List<T> active(Class<T> kindType) {
            return kindType.isInstance(only) ? List.of(kindType.cast(only)) : List.of();
        }
    }

    static final class NoIntegrations implements IntegrationLookup {
        @Override
        public Optional<Integration> get(UUID organizationId, UUID integrationId) {
            return Optional.empty();
        }

        @Override
        public Optional<Integration> findActive(UUID organizationId, String service) {
            return Optional.empty();
        }

        @Override
        public List<Integration> list(UUID organizationId, String service) {
            return List.of();
        }
    }

    static final class NoTokens implements TokenResolver {
        @Override
        public AccessToken resolve(UUID organizationId, UUID integrationId) {
            return AccessToken.NONE;
        }

        @Override
        public AccessToken refreshAfterUnauthorized(UUID organizationId, UUID integrationId, AccessToken rejected) {
            return AccessToken.NONE;
        }
    }
}
