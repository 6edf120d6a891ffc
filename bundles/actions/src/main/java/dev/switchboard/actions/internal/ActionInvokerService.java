package dev.switchboard.actions.internal;

import dev.switchboard.actions.ActionInvoker;
import dev.switchboard.actions.ActionStatus;
import dev.switchboard.actions.AvailableAction;
import dev.switchboard.actions.InvocationOutcome;
import dev.switchboard.core.plugins.PluginRegistry;
import dev.switchboard.rest.ApiProblem;
import dev.switchboard.sessions.SessionRef;
import dev.switchboard.sessions.Sessions;
import dev.switchboard.spi.action.ActionAdapter;
import dev.switchboard.spi.action.ActionDefinition;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@link ActionInvoker} on the engine's policy: the same path as an agent's {@code POST .../actions/invoke}, with
 * the session looked up in the caller's organization instead of from a session token.
 */
@Component(service = ActionInvoker.class)
public class ActionInvokerService implements ActionInvoker {

    private final ActionEngine engine;
    private final Sessions sessions;
    private final PluginRegistry registry;
    private final Clock clock;

    @Activate
    public ActionInvokerService(@Reference ActionEngine engine, @Reference Sessions sessions,
                                @Reference PluginRegistry registry) {
        this.engine = engine;
        this.sessions = sessions;
        this.registry = registry;
        this.clock = engine.clock();
    }

    @Override
    public List<AvailableAction> available(UUID organizationId, UUID sessionId) {
        Optional<SessionRef> session = sessions.get(organizationId, sessionId);
        if (session.isEmpty()) {
            return List.of();
        }
        List<AvailableAction> actions = new ArrayList<>();
        for (Views.AvailableIntegration integration : engine.available(session.get()).integrations()) {
            ActionAdapter adapter = adapter(integration.integration());
            if (adapter == null) {
                continue; // went away between the two looks
            }
            for (Views.ActionView view : integration.actions()) {
                String schema = adapter.action(view.name()).map(ActionDefinition::paramsSchema).orElse(null);
                actions.add(new AvailableAction(integration.integration(), view.name(), view.description(),
                        view.riskLevel(), schema));
            }
        }
        return actions;
    }

    @Override
    public InvocationOutcome invoke(UUID organizationId, UUID sessionId, String integration, String action,
                                    Map<String, Object> params, String idempotencyKey) {
        Optional<SessionRef> session = sessions.get(organizationId, sessionId);
        if (session.isEmpty()) {
            return new InvocationOutcome(null, null, null, "session_not_found", "no such session");
        }
        EngineResponse response;
        try {
            response = engine.invoke(session.get(), new ActionEngine.InvokeRequest(integration, action, params),
                    idempotencyKey);
        } catch (ApiProblem e) {
            return new InvocationOutcome(null, null, null, e.code(), e.getMessage());
        }
        Views.InvocationView invocation = response.outcome() == null ? null : response.outcome().invocation();
        if (invocation == null) {
            return new InvocationOutcome(null, null, null, response.code(), response.detail());
        }
        ActionStatus status = ActionStatus.fromWireName(invocation.status());
        return new InvocationOutcome(invocation.id(), status,
                status == ActionStatus.COMPLETED ? response.outcome().result() : null, response.code(),
                response.detail());
    }

    @Override
    public Optional<InvocationOutcome> outcome(UUID organizationId, UUID invocationId) {
        Rows.Invocation row = engine.invocationRow(organizationId, invocationId);
        if (row == null) {
            return Optional.empty();
        }
        ActionStatus status = ActionStatus.fromWireName(row.status());
        if (status == ActionStatus.PENDING && row.expiresAt() != null && !row.expiresAt().isAfter(clock.instant())) {
            status = ActionStatus.EXPIRED; // the sweep has not come by yet; nobody can approve it any more
        }
        return Optional.of(switch (status) {
            case COMPLETED -> new InvocationOutcome(row.id(), status, Json.readObject(row.result()), null, null);
            case DENIED -> new InvocationOutcome(row.id(), status, null, "action_denied",
                    row.approvedBy() == null && "danger".equals(row.riskLevel())
                            ? "danger actions are denied by policy" : "a person denied the action");
            case EXPIRED -> new InvocationOutcome(row.id(), status, null, "invocation_expired",
                    "nobody approved the action in time");
            case FAILED -> new InvocationOutcome(row.id(), status, null, "action_failed",
                    row.error() == null ? "the action failed" : row.error());
            case PENDING, APPROVED, EXECUTING -> new InvocationOutcome(row.id(), status, null, null, null);
        });
    }

    private ActionAdapter adapter(String id) {
        return registry.active(ActionAdapter.class).stream()
                .filter(adapter -> adapter.descriptor().id().equals(id)).findFirst().orElse(null);
    }
}
