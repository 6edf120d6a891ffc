package dev.switchboard.actions.internal;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.switchboard.actions.ActionEventTypes;
import dev.switchboard.actions.ActionStatus;
import dev.switchboard.actions.InvocationListener;
import dev.switchboard.core.plugins.PluginRegistry;
import dev.switchboard.core.plugins.PluginUnavailableException;
import dev.switchboard.foundation.Ids;
import dev.switchboard.identity.AuditLog;
import dev.switchboard.secrets.Ciphertext;
import dev.switchboard.secrets.SecretCipher;
import dev.switchboard.secrets.SecretCipherException;
import dev.switchboard.integrations.Integration;
import dev.switchboard.integrations.IntegrationException;
import dev.switchboard.integrations.IntegrationLookup;
import dev.switchboard.integrations.TokenResolver;
import dev.switchboard.rest.ApiProblem;
import dev.switchboard.rest.Caller;
import dev.switchboard.rest.PageRequest;
import dev.switchboard.sessions.SessionRef;
import dev.switchboard.sessions.SessionEventLog;
import dev.switchboard.sessions.Sessions;
import dev.switchboard.spi.AccessToken;
import dev.switchboard.spi.action.ActionAdapter;
import dev.switchboard.spi.action.ActionContext;
import dev.switchboard.spi.action.ActionDefinition;
import dev.switchboard.spi.action.ActionException;
import dev.switchboard.spi.action.ActionRequest;
import dev.switchboard.spi.action.ActionResult;
import dev.switchboard.spi.action.RiskLevel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The action policy and lifecycle: read runs at once, danger is denied, write runs under a matching grant
 * (budget spent by compare-and-set) or waits for an admin's decision; approved invocations run on the
 * adapter's bounded executor with a time limit, and what is stored is redacted and truncated.
 */
@Component(service = ActionEngine.class, configurationPid = ActionsConstants.PID)
public class ActionEngine {

    private static final Logger LOG = LoggerFactory.getLogger(ActionEngine.class);
    static final String PENDING_MESSAGE = "Action requires approval";
    /** How long after approval an unfinished invocation counts as abandoned (ten adapter time limits). */
    static final Duration ABANDONED_AFTER = Duration.ofMinutes(5);

    private final ActionsStore store;
    private final Sessions sessions;
    private final PluginRegistry registry;
    private final IntegrationLookup integrations;
    private final TokenResolver tokens;
    private final AuditLog audit;
    private final SecretCipher cipher;
    private final ActionsConfig config;
    private final Clock clock;
    private final SessionAccess access;
    private final Grants grants;
    private final ActionEventStore events;
    private final AdapterExecutors executors;
    private final List<InvocationListener> listeners = new CopyOnWriteArrayList<>();

    @Activate
    public ActionEngine(@Reference ActionsStore store, @Reference Sessions sessions, @Reference PluginRegistry registry,
                        @Reference IntegrationLookup integrations, @Reference TokenResolver tokens,
                        @Reference AuditLog audit, @Reference SecretCipher cipher,
                        @Reference SessionEventLog sessionEvents, Map<String, Object> properties) {
        this(store, sessions, registry, integrations, tokens, audit, cipher, sessionEvents, ActionsConfig.from(properties),
                Clock.systemUTC());
    }

    ActionEngine(ActionsStore store, Sessions sessions, PluginRegistry registry, IntegrationLookup integrations,
                 TokenResolver tokens, AuditLog audit, SecretCipher cipher, SessionEventLog sessionEvents,
                 ActionsConfig config, Clock clock) {
        this.cipher = cipher;
        this.store = store;
        this.sessions = sessions;
        this.registry = registry;
        this.integrations = integrations;
        this.tokens = tokens;
        this.audit = audit;
        this.config = config;
        this.clock = clock;
        this.access = new SessionAccess(sessions);
        this.grants = new Grants(store, clock);
        this.events = new ActionEventStore(store, sessionEvents);
        this.executors = new AdapterExecutors(config.adapterThreads(), config.adapterQueue());
    }

    @Deactivate
    void close() {
        executors.close();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addListener(InvocationListener listener) {
        listeners.add(listener);
    }

    void removeListener(InvocationListener listener) {
        listeners.remove(listener);
    }

    /** Tells the listeners, after the commit, that an invocation was decided. */
    private void told(UUID organizationId, UUID invocationId, String status) {
        ActionStatus decided = ActionStatus.fromWireName(status);
        for (InvocationListener listener : listeners) {
            try {
                listener.decided(organizationId, invocationId, decided);
            } catch (RuntimeException e) {
                LOG.warn("invocation listener {} failed on invocation {}: {}", listener.getClass().getName(),
                        invocationId, e.toString());
            }
        }
    }

    ActionEventStore events() {
        return events;
    }

    SessionAccess access() {
        return access;
    }

    Clock clock() {
        return clock;
    }

    // ---- discovery -------------------------------------------------------------------------------------

    public record InvokeRequest(String integration, String action, Map<String, Object> params) {
    }

    public record ApproveRequest(String mode, GrantSpec grant) {
    }

    public record GrantSpec(String scope, Integer maxCalls) {
    }

    public record GrantRequest(String integration, String action, String scope, Integer maxCalls, String expiresAt) {
    }

    Views.AvailableView available(Caller caller, UUID sessionId) {
        return available(access.session(caller, sessionId));
    }

    /** The integrations and actions the session's agent may use: connected ones, and those needing no connection. */
    Views.AvailableView available(SessionRef session) {
        List<Views.AvailableIntegration> available = new ArrayList<>();
        for (ActionAdapter adapter : registry.active(ActionAdapter.class)) {
            Optional<UUID> integrationId = adapter.requiresConnection()
                    ? connectedIntegration(session, adapter) : Optional.empty();
            if (adapter.requiresConnection() && integrationId.isEmpty()) {
                continue;
            }
            List<Views.ActionView> actions = adapter.actions().stream()
                    .map(definition -> new Views.ActionView(definition.name(), definition.description(),
                            wire(definition.riskLevel()), Json.read(definition.paramsSchema())))
                    .toList();
            available.add(new Views.AvailableIntegration(adapter.descriptor().id(),
                    adapter.descriptor().displayName(), adapter.service(), integrationId.orElse(null), actions));
        }
        return new Views.AvailableView(available);
    }

    /** The adapter's own guide to its actions (markdown). */
    String guide(String integration) {
        return adapter(integration).guide();
    }

    Views.GuideView guide(Caller caller, UUID sessionId, String integration) {
        access.session(caller, sessionId);
        return new Views.GuideView(integration, adapter(integration).guide());
    }

    // ---- invoke ----------------------------------------------------------------------------------------

    /** Runs the policy for one request of the session's agent; 4xx without an invocation are thrown. */
    EngineResponse invoke(Caller caller, UUID sessionId, InvokeRequest request, String idempotencyKey) {
        return invoke(access.agentSession(caller, sessionId), request, idempotencyKey);
    }

    /**
     * Runs the policy for one request on behalf of {@code session} (its agent's, or another bundle's through
     * {@link dev.switchboard.actions.ActionInvoker}); 4xx without an invocation are thrown.
     */
    EngineResponse invoke(SessionRef session, InvokeRequest request, String idempotencyKey) {
        UUID sessionId = session.id();
        UUID organizationId = session.organizationId();
        if (request == null || blank(request.integration()) || blank(request.action())) {
            throw ApiProblem.badRequest("invalid_request", "integration and action are required",
                    List.of(new ApiProblem.FieldError(blank(request == null ? null : request.integration())
                            ? "integration" : "action", "is required")));
        }
        ActionAdapter adapter = adapter(request.integration());
        ActionDefinition definition = adapter.action(request.action()).orElseThrow(() -> ApiProblem.notFound(
                "action_not_found", "integration '" + request.integration() + "' has no action '" + request.action() + "'"));
        Map<String, Object> params = request.params() == null ? Map.of() : request.params();
        ParamsValidator.validate(definition.paramsSchema(), params);
        String key = blank(idempotencyKey) ? null : idempotencyKey.trim();
        String requestHash = key == null ? null : requestHash(request.integration(), request.action(), params);
        if (key != null) {
            Optional<EngineResponse> replay = replay(organizationId, sessionId, key, requestHash);
            if (replay.isPresent()) {
                return replay.get();
            }
        }
        Optional<EngineResponse> limited = rateLimit(organizationId, sessionId);
        if (limited.isPresent()) {
            return limited.get();
        }
        UUID integrationId = integrationFor(session, adapter);
        Instant now = clock.instant();
        Rows.Invocation draft = new Rows.Invocation(Ids.newId(clock), sessionId, organizationId, integrationId,
                request.integration(), request.action(), wire(definition.riskLevel()),
                Json.write(Redaction.redact(params)), null, null, null, null, null, null, null, null, null, key,
                requestHash, now, null);
        Decision decision;
        try {
            decision = decide(draft, definition.riskLevel(), now, params);
        } catch (RuntimeException e) {
            if (key != null) {
                Optional<EngineResponse> replay = replay(organizationId, sessionId, key, requestHash);
                if (replay.isPresent()) {
                    return replay.get(); // a concurrent retry with the same key got there first
                }
            }
            throw e;
        }
        return switch (decision.kind()) {
            case DENIED -> {
                LOG.info("action {}.{} denied by policy in session {} of organization {}", draft.integration(),
                        draft.action(), sessionId, organizationId);
                yield EngineResponse.problem(403, outcome(decision.row()), "action_denied",
                        "danger actions are denied by policy");
            }
            case PENDING_LIMIT -> EngineResponse.problem(429, null, "pending_limit",
                    "the session has " + config.maxPendingPerSession() + " invocations waiting for approval")
                    .withRetryAfter(decision.retryAfter());
            case PENDING -> {
                events.publish(organizationId, sessionId, ActionEventTypes.APPROVAL_REQUEST, eventData(decision.row()));
                yield EngineResponse.ok(202, new Views.Outcome(Views.InvocationView.of(decision.row()), null,
                        PENDING_MESSAGE, null));
            }
            case APPROVED -> execute(decision.row(), adapter, params);
        };
    }

    private enum DecisionKind { APPROVED, PENDING, DENIED, PENDING_LIMIT }

    private record Decision(DecisionKind kind, Rows.Invocation row, Duration retryAfter) {
    }

    /** Creates the invocation in the state the policy gives, in one transaction with the grant it spends. */
    private Decision decide(Rows.Invocation draft, RiskLevel risk, Instant now, Map<String, Object> params) {
        return store.unitOfWork().inTransaction(tx -> {
            InvocationMapper invocations = store.invocations(tx);
            switch (risk) {
                case READ -> {
                    Rows.Invocation row = with(draft, ActionStatus.APPROVED, now, null, null, null);
                    invocations.insert(row);
                    return new Decision(DecisionKind.APPROVED, row, null);
                }
                case DANGER -> {
                    Rows.Invocation row = with(draft, ActionStatus.DENIED, null, now, null, null);
                    invocations.insert(row);
                    return new Decision(DecisionKind.DENIED, row, null);
                }
                default -> {
                    UUID grantId = grants.consume(tx, draft.organizationId(), draft.sessionId(), draft.integration(),
                            draft.action(), now);
                    if (grantId != null) {
                        Rows.Invocation row = with(draft, ActionStatus.APPROVED, now, null, null, grantId);
                        invocations.insert(row);
                        return new Decision(DecisionKind.APPROVED, row, null);
                    }
                    invocations.lockSession(draft.sessionId());
                    if (invocations.countPending(draft.sessionId(), now) >= config.maxPendingPerSession()) {
                        Instant first = invocations.earliestPendingExpiry(draft.sessionId(), now);
                        return new Decision(DecisionKind.PENDING_LIMIT, null,
                                first == null ? Duration.ofSeconds(1) : Duration.between(now, first));
                    }
                    Rows.Invocation row = with(draft, ActionStatus.PENDING, null, null, now.plus(config.pendingTtl()), null);
                    invocations.insert(row);
                    Ciphertext sealed = seal(params);
                    store.pendingParams(tx).insert(row.organizationId(), row.id(), sealed.keyId(), sealed.value());
                    return new Decision(DecisionKind.PENDING, row, null);
                }
            }
        });
    }

    private static Rows.Invocation with(Rows.Invocation d, ActionStatus status, Instant approvedAt, Instant completedAt,
                                        Instant expiresAt, UUID grantId) {
        return new Rows.Invocation(d.id(), d.sessionId(), d.organizationId(), d.integrationId(), d.integration(),
                d.action(), d.riskLevel(), d.params(), status.wireName(), null, null, null, null, approvedAt,
                completedAt, expiresAt, grantId, d.idempotencyKey(), d.requestHash(), d.createdAt(), null);
    }

    /** A retried request with the same Idempotency-Key gets the first invocation's state, not a second call. */
    private Optional<EngineResponse> replay(UUID organizationId, UUID sessionId, String key, String requestHash) {
        Rows.Invocation existing = store.unitOfWork().inTransaction(tx ->
                store.invocations(tx).byIdempotencyKey(organizationId, key));
        if (existing == null) {
            return Optional.empty();
        }
        if (!existing.sessionId().equals(sessionId) || !requestHash.equals(existing.requestHash())) {
            throw new ApiProblem(422, "idempotency_key_reused", "Unprocessable entity",
                    "this Idempotency-Key was used with a different request");
        }
        return Optional.of(stateResponse(existing));
    }

    private EngineResponse stateResponse(Rows.Invocation row) {
        Views.Outcome outcome = outcome(row);
        return switch (ActionStatus.fromWireName(row.status())) {
            case COMPLETED -> EngineResponse.ok(200, new Views.Outcome(outcome.invocation(),
                    Json.readObject(row.result()), null, null));
            case PENDING -> EngineResponse.ok(202, new Views.Outcome(outcome.invocation(), null, PENDING_MESSAGE, null));
            case APPROVED, EXECUTING -> EngineResponse.ok(202, new Views.Outcome(outcome.invocation(), null,
                    "Action is running", null));
            case DENIED -> EngineResponse.problem(403, outcome, "action_denied", "the action was denied");
            case EXPIRED -> EngineResponse.problem(410, outcome, "invocation_expired", "the approval window passed");
            case FAILED -> EngineResponse.problem(502, outcome, "action_failed", row.error());
        };
    }

    private Optional<EngineResponse> rateLimit(UUID organizationId, UUID sessionId) {
        Instant now = clock.instant();
        Instant window = now.truncatedTo(ChronoUnit.MINUTES);
        int count = store.unitOfWork().inTransaction(tx -> store.rates(tx).increment(organizationId, sessionId, window));
        if (count <= config.invocationsPerMinute()) {
            return Optional.empty();
        }
        return Optional.of(EngineResponse.problem(429, null, "rate_limited",
                "at most " + config.invocationsPerMinute() + " invocations per minute per session")
                .withRetryAfter(Duration.between(now, window.plus(Duration.ofMinutes(1)))));
    }

    // ---- approve / deny --------------------------------------------------------------------------------

    EngineResponse approve(Caller caller, UUID sessionId, UUID invocationId, ApproveRequest request) {
        UUID userId = SessionAccess.requireApprover(caller);
        SessionRef session = access.session(caller, sessionId);
        String mode = request == null || blank(request.mode()) ? "once" : request.mode().trim().toLowerCase(Locale.ROOT);
        if (!mode.equals("once") && !mode.equals("grant")) {
            throw field("invalid_mode", "mode", "must be once or grant");
        }
        GrantSpec spec = request == null || request.grant() == null ? new GrantSpec(null, null) : request.grant();
        boolean orgWide = scopeIsOrg(spec.scope());
        validMaxCalls(spec.maxCalls());
        Instant now = clock.instant();
        Object decided = store.unitOfWork().inTransaction(tx -> {
            Rows.Invocation row = lockPendingCandidate(tx, session, invocationId, now);
            if (row == null || !row.status().equals("pending")) {
                return row;
            }
            Rows.Grant grant = null;
            if (mode.equals("grant")) {
                grant = grants.create(tx, session.organizationId(), userId, orgWide ? null : sessionId,
                        row.integration(), row.action(), spec.maxCalls(), null);
                audit.record(tx, session.organizationId(), caller, "action_grant.created", "action_grant",
                        grant.id().toString(), grantDetails(grant));
            }
            store.invocations(tx).decide(session.organizationId(), invocationId, "approved", userId, now, null);
            audit.record(tx, session.organizationId(), caller, "action.approved", "action_invocation",
                    invocationId.toString(), Map.of("integration", row.integration(), "action", row.action(),
                            "mode", mode));
            return new Approved(store.invocations(tx).get(session.organizationId(), invocationId), grant);
        });
        if (!(decided instanceof Approved approved)) {
            throw undecidable((Rows.Invocation) decided);
        }
        Views.GrantView grantView = approved.grant() == null ? null : Views.GrantView.of(approved.grant());
        ActionAdapter adapter;
        try {
            adapter = registry.require(ActionAdapter.class, approved.row().integration());
        } catch (PluginUnavailableException e) {
            return failBeforeRun(approved.row(), 503, "plugin_unavailable", e.getMessage());
        }
        EngineResponse executed = execute(approved.row(), adapter, originalParams(approved.row()));
        if (grantView == null || executed.outcome() == null) {
            return executed;
        }
        Views.Outcome outcome = executed.outcome();
        return new EngineResponse(executed.status(), new Views.Outcome(outcome.invocation(), outcome.result(),
                outcome.message(), grantView), executed.code(), executed.detail(), executed.errors(),
                executed.retryAfter());
    }

    private record Approved(Rows.Invocation row, Rows.Grant grant) {
    }

    private record Denied(Rows.Invocation row) {
    }

    Views.Outcome deny(Caller caller, UUID sessionId, UUID invocationId) {
        UUID userId = SessionAccess.requireApprover(caller);
        SessionRef session = access.session(caller, sessionId);
        Instant now = clock.instant();
        Object decided = store.unitOfWork().inTransaction(tx -> {
            Rows.Invocation current = lockPendingCandidate(tx, session, invocationId, now);
            if (current == null || !current.status().equals("pending")) {
                return current;
            }
            store.invocations(tx).decide(session.organizationId(), invocationId, "denied", userId, now, null);
            audit.record(tx, session.organizationId(), caller, "action.denied", "action_invocation",
                    invocationId.toString(), Map.of("integration", current.integration(), "action", current.action()));
            return new Denied(store.invocations(tx).get(session.organizationId(), invocationId));
        });
        if (!(decided instanceof Denied denied)) {
            throw undecidable((Rows.Invocation) decided);
        }
        Rows.Invocation row = denied.row();
        events.publish(session.organizationId(), sessionId, ActionEventTypes.APPROVAL_RESULT, eventData(row));
        told(row.organizationId(), row.id(), row.status());
        return new Views.Outcome(Views.InvocationView.of(row), null, null, null);
    }

    /**
     * Locks the invocation; a pending one whose time ran out becomes expired here (and stays so: the caller
     * returns it without deciding, and the transaction commits).
     */
    private Rows.Invocation lockPendingCandidate(dev.switchboard.foundation.Transaction tx, SessionRef session,
                                                 UUID invocationId, Instant now) {
        InvocationMapper invocations = store.invocations(tx);
        Rows.Invocation row = invocations.lock(session.organizationId(), invocationId);
        if (row == null || !row.sessionId().equals(session.id())) {
            return null;
        }
        if (row.status().equals("pending") && row.expiresAt() != null && !row.expiresAt().isAfter(now)) {
            invocations.expire(session.organizationId(), invocationId, now);
            return invocations.get(session.organizationId(), invocationId);
        }
        return row;
    }

    private ApiProblem undecidable(Rows.Invocation row) {
        if (row == null) {
            return ApiProblem.notFound("invocation_not_found", "no such invocation in this session");
        }
        if (row.status().equals("expired")) {
            events.publish(row.organizationId(), row.sessionId(), ActionEventTypes.APPROVAL_RESULT, eventData(row));
            told(row.organizationId(), row.id(), row.status());
            return new ApiProblem(410, "invocation_expired", "Gone", "the invocation expired before a decision");
        }
        return new ApiProblem(409, "invocation_already_decided", "Conflict",
                "the invocation is already " + row.status());
    }

    // ---- execution -------------------------------------------------------------------------------------

    /** Runs an approved invocation once (compare-and-set to executing) and stores what happened. */
    private EngineResponse execute(Rows.Invocation row, ActionAdapter adapter, Map<String, Object> params) {
        UUID organizationId = row.organizationId();
        int claimed = store.unitOfWork().inTransaction(tx -> store.invocations(tx).markExecuting(organizationId, row.id()));
        if (claimed == 0) {
            return stateResponse(reload(row));
        }
        long started = System.nanoTime();
        String idempotencyKey = RiskLevel.READ.name().equalsIgnoreCase(row.riskLevel()) ? null
                : row.idempotencyKey() != null ? row.idempotencyKey() : "invocation:" + row.id();
        ActionRequest request = new ActionRequest(row.action(), params,
                new ActionContext(organizationId.toString(), row.integrationId() == null ? null : row.integrationId().toString(),
                        row.sessionId().toString(), config.adapterConfig(adapter.descriptor().id()), clock),
                clock.instant().plus(config.adapterTimeout()), idempotencyKey);
        try {
            ActionResult result = call(row, adapter, request);
            Map<String, Object> visible = Redaction.redactObject(result.data());
            Rows.Invocation finished = finish(row, ActionStatus.COMPLETED, Redaction.storedResult(result.data()), null, started);
            return EngineResponse.ok(200, new Views.Outcome(Views.InvocationView.of(finished), visible, null, null));
        } catch (ActionException e) {
            Rows.Invocation failed = finish(row, ActionStatus.FAILED, null, e.getMessage(), started);
            return switch (e.kind()) {
                case BAD_PARAMS -> EngineResponse.problem(400, outcome(failed), "invalid_params", e.getMessage())
                        .withErrors(e.fieldErrors().entrySet().stream()
                                .map(entry -> new ApiProblem.FieldError("params." + entry.getKey(), entry.getValue()))
                                .toList());
                case RATE_LIMITED -> EngineResponse.problem(429, outcome(failed), "upstream_rate_limited",
                        e.getMessage()).withRetryAfter(e.retryAfter().orElse(Duration.ofSeconds(1)));
                default -> EngineResponse.problem(502, outcome(failed), "action_failed", e.getMessage());
            };
        } catch (IntegrationException e) {
            Rows.Invocation failed = finish(row, ActionStatus.FAILED, null, e.getMessage(), started);
            return EngineResponse.problem(502, outcome(failed), e.code(), e.getMessage());
        } catch (AdapterExecutors.AdapterBusyException e) {
            Rows.Invocation failed = finish(row, ActionStatus.FAILED, null, e.getMessage(), started);
            return EngineResponse.problem(503, outcome(failed), "adapter_busy", e.getMessage())
                    .withRetryAfter(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            LOG.error("action {}.{} of invocation {} failed unexpectedly", row.integration(), row.action(), row.id(), e);
            Rows.Invocation failed = finish(row, ActionStatus.FAILED, null, "internal error", started);
            return EngineResponse.problem(502, outcome(failed), "action_failed", "the action failed");
        }
    }

    private ActionResult call(Rows.Invocation row, ActionAdapter adapter, ActionRequest request)
            throws ActionException, AdapterExecutors.AdapterBusyException {
        String adapterId = adapter.descriptor().id();
        AccessToken token = adapter.requiresConnection() && row.integrationId() != null
                ? tokens.resolve(row.organizationId(), row.integrationId()) : AccessToken.NONE;
        if (adapter.requiresConnection() && row.integrationId() == null) {
            throw ActionException.upstream(0, "the integration was disconnected", null);
        }
        try {
            return executors.execute(adapterId, adapter, request, token, config.adapterTimeout());
        } catch (ActionException e) {
            if (e.kind() != ActionException.Kind.UNAUTHORIZED || token.isNone()) {
                throw e;
            }
            AccessToken fresh = tokens.refreshAfterUnauthorized(row.organizationId(), row.integrationId(), token);
            return executors.execute(adapterId, adapter, request, fresh, config.adapterTimeout());
        }
    }

    private Ciphertext seal(Map<String, Object> params) {
        try {
            return cipher.encrypt(Json.write(params));
        } catch (SecretCipherException e) {
            throw new ApiProblem(503, e.reason().code(), "Service unavailable",
                    "actions that wait for approval keep their parameters encrypted, and no usable secrets key is"
                            + " configured");
        }
    }

    /** The parameters the agent sent: sealed while the invocation waited, else the stored (redacted) copy. */
    private Map<String, Object> originalParams(Rows.Invocation row) {
        Rows.SealedParams sealed = store.unitOfWork().inTransaction(tx ->
                store.pendingParams(tx).find(row.organizationId(), row.id()));
        if (sealed == null) {
            return Json.readObject(row.params());
        }
        return Json.readObject(cipher.decryptToString(new Ciphertext(sealed.keyId(), sealed.ciphertext())));
    }

    private Rows.Invocation finish(Rows.Invocation row, ActionStatus status, String result, String error, long started) {
        int durationMs = (int) Math.min(Integer.MAX_VALUE, (System.nanoTime() - started) / 1_000_000);
        // the result and its event commit together: one commit fewer on every invocation's path
        Rows.Invocation finished = store.unitOfWork().inTransaction(tx -> {
            store.pendingParams(tx).delete(row.organizationId(), row.id());
            store.invocations(tx).finish(row.organizationId(), row.id(), status.wireName(), result,
                    error == null ? null : truncate(error), durationMs, clock.instant());
            Rows.Invocation done = store.invocations(tx).get(row.organizationId(), row.id());
            events.publish(tx, row.organizationId(), row.sessionId(), ActionEventTypes.COMPLETED, eventData(done));
            return done;
        });
        LOG.info("action {}.{} invocation {} {} in {} ms (session {}, organization {})", row.integration(), row.action(),
                row.id(), status.wireName(), durationMs, row.sessionId(), row.organizationId());
        if (finished.approvedBy() != null) {
            // only an invocation a person approved was waited for; reads and granted writes ran at once
            told(row.organizationId(), row.id(), status.wireName());
        }
        return finished;
    }

    private EngineResponse failBeforeRun(Rows.Invocation row, int status, String code, String detail) {
        store.unitOfWork().run(tx -> store.invocations(tx).markExecuting(row.organizationId(), row.id()));
        Rows.Invocation failed = finish(row, ActionStatus.FAILED, null, detail, System.nanoTime());
        return EngineResponse.problem(status, outcome(failed), code, detail);
    }

    private Rows.Invocation reload(Rows.Invocation row) {
        return store.unitOfWork().inTransaction(tx -> store.invocations(tx).get(row.organizationId(), row.id()));
    }

    // ---- reads -----------------------------------------------------------------------------------------

    PageRequest.Page<Views.InvocationView> invocations(Caller caller, UUID sessionId, String status, PageRequest page) {
        SessionRef session = access.session(caller, sessionId);
        String filter = status(status);
        List<Rows.Invocation> rows = store.unitOfWork().inTransaction(tx -> store.invocations(tx).listBySession(
                session.organizationId(), sessionId, filter, cursorId(page), page.limit() + 1));
        return mapPage(page.page(rows, row -> row.id().toString()));
    }

    /** The invocation of the organization, whatever its session; {@code null} when unknown. */
    Rows.Invocation invocationRow(UUID organizationId, UUID invocationId) {
        return store.unitOfWork().inTransaction(tx -> store.invocations(tx).get(organizationId, invocationId));
    }

    Views.InvocationView invocation(Caller caller, UUID sessionId, UUID invocationId) {
        SessionRef session = access.session(caller, sessionId);
        Rows.Invocation row = store.unitOfWork().inTransaction(tx ->
                store.invocations(tx).get(session.organizationId(), invocationId));
        if (row == null || !row.sessionId().equals(sessionId)) {
            throw ApiProblem.notFound("invocation_not_found", "no such invocation in this session");
        }
        return Views.InvocationView.of(row);
    }

    Views.InboxPage inbox(Caller caller, String status, PageRequest page) {
        if (caller.kind() == Caller.Kind.SESSION_TOKEN) {
            throw new ApiProblem(403, "session_token_not_allowed", "Forbidden", "the inbox is for people");
        }
        UUID organizationId = caller.requireOrganization();
        String filter = status(status);
        return store.unitOfWork().inTransaction(tx -> {
            List<Rows.Invocation> rows = store.invocations(tx).listByOrganization(organizationId, filter,
                    cursorId(page), page.limit() + 1);
            PageRequest.Page<Views.InvocationView> mapped = mapPage(page.page(rows, row -> row.id().toString()));
            return new Views.InboxPage(mapped.items(), mapped.nextCursor(),
                    store.invocations(tx).countByOrganization(organizationId, filter));
        });
    }

    // ---- grants ----------------------------------------------------------------------------------------

    Views.GrantView requestGrant(Caller caller, UUID sessionId, GrantRequest request) {
        SessionRef session = access.agentSession(caller, sessionId);
        if (request == null) {
            throw ApiProblem.badRequest("body_required", "a JSON body is required", List.of());
        }
        String integration = required("integration", request.integration());
        String action = required("action", request.action());
        if (!integration.equals(ActionsConstants.WILDCARD)) {
            ActionAdapter adapter = adapter(integration);
            if (!action.equals(ActionsConstants.WILDCARD) && adapter.action(action).isEmpty()) {
                throw ApiProblem.notFound("action_not_found", "integration '" + integration + "' has no action '" + action + "'");
            }
        }
        boolean orgWide = scopeIsOrg(request.scope());
        validMaxCalls(request.maxCalls());
        Instant expiresAt = expiresAt(request.expiresAt());
        // the grant is the session's user's: a session is not a user and cannot own anything
        UUID createdBy = caller.userId() != null ? caller.userId() : session.createdBy();
        if (createdBy == null) {
            throw new ApiProblem(409, "session_without_user", "Conflict", "the session's user no longer exists");
        }
        Rows.Grant grant = store.unitOfWork().inTransaction(tx -> {
            Rows.Grant created = grants.create(tx, session.organizationId(), createdBy, orgWide ? null : sessionId,
                    integration, action, request.maxCalls(), expiresAt);
            audit.record(tx, session.organizationId(), caller, "action_grant.created", "action_grant",
                    created.id().toString(), grantDetails(created));
            return created;
        });
        return Views.GrantView.of(grant);
    }

    PageRequest.Page<Views.GrantView> grants(Caller caller, UUID sessionId, PageRequest page) {
        SessionRef session = access.session(caller, sessionId);
        List<Rows.Grant> rows = store.unitOfWork().inTransaction(tx -> store.grants(tx).listActive(
                session.organizationId(), sessionId, clock.instant(), cursorId(page), page.limit() + 1));
        PageRequest.Page<Rows.Grant> raw = page.page(rows, row -> row.id().toString());
        return new PageRequest.Page<>(raw.items().stream().map(Views.GrantView::of).toList(), raw.nextCursor());
    }

    void revokeGrant(Caller caller, UUID sessionId, UUID grantId) {
        SessionAccess.requireApprover(caller);
        SessionRef session = access.session(caller, sessionId);
        store.unitOfWork().run(tx -> {
            Rows.Grant grant = store.grants(tx).get(session.organizationId(), grantId);
            if (grant == null || (grant.sessionId() != null && !grant.sessionId().equals(sessionId))) {
                throw ApiProblem.notFound("grant_not_found", "no such grant for this session");
            }
            if (store.grants(tx).revoke(session.organizationId(), grantId, clock.instant()) == 1) {
                audit.record(tx, session.organizationId(), caller, "action_grant.revoked", "action_grant",
                        grantId.toString(), grantDetails(grant));
            }
        });
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    private ActionAdapter adapter(String integration) {
        try {
            return registry.require(ActionAdapter.class, integration);
        } catch (PluginUnavailableException e) {
            throw ApiProblem.notFound("integration_not_found", "no action adapter '" + integration + "' is available");
        }
    }

    private Optional<UUID> connectedIntegration(SessionRef session, ActionAdapter adapter) {
        Integration fallbackBound = null;
        for (UUID id : sessions.connectedIntegrations(session.organizationId(), session.id())) {
            Optional<Integration> bound = integrations.get(session.organizationId(), id);
            if (bound.isPresent() && bound.get().service().equals(adapter.service())) {
                if (bound.get().isActive()) {
                    return Optional.of(id);
                }
                fallbackBound = fallbackBound == null ? bound.get() : fallbackBound;
            }
        }
        Optional<UUID> active = integrations.findActive(session.organizationId(), adapter.service()).map(Integration::id);
        return active.isPresent() || fallbackBound == null ? active : Optional.of(fallbackBound.id());
    }

    private UUID integrationFor(SessionRef session, ActionAdapter adapter) {
        if (!adapter.requiresConnection()) {
            return null;
        }
        return connectedIntegration(session, adapter).orElseThrow(() -> ApiProblem.badRequest(
                "integration_not_connected", "connect " + adapter.service() + " to use its actions", List.of()));
    }

    private static Views.Outcome outcome(Rows.Invocation row) {
        return new Views.Outcome(row == null ? null : Views.InvocationView.of(row), null, null, null);
    }

    private static Map<String, Object> eventData(Rows.Invocation row) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("invocationId", row.id().toString());
        data.put("sessionId", row.sessionId().toString());
        data.put("integration", row.integration());
        data.put("action", row.action());
        data.put("riskLevel", row.riskLevel());
        data.put("status", row.status());
        if (row.expiresAt() != null && row.status().equals("pending")) {
            data.put("expiresAt", row.expiresAt().toString());
        }
        if (row.error() != null) {
            data.put("error", row.error());
        }
        return data;
    }

    private static Map<String, Object> grantDetails(Rows.Grant grant) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("integration", grant.integration());
        details.put("action", grant.action());
        details.put("scope", grant.sessionId() == null ? "org" : "session");
        if (grant.sessionId() != null) {
            details.put("sessionId", grant.sessionId().toString());
        }
        if (grant.maxCalls() != null) {
            details.put("maxCalls", grant.maxCalls());
        }
        return details;
    }

    private static PageRequest.Page<Views.InvocationView> mapPage(PageRequest.Page<Rows.Invocation> page) {
        return new PageRequest.Page<>(page.items().stream().map(Views.InvocationView::of).toList(), page.nextCursor());
    }

    private static UUID cursorId(PageRequest page) {
        if (page.after() == null) {
            return null;
        }
        try {
            return UUID.fromString(page.after());
        } catch (IllegalArgumentException e) {
            throw field("invalid_parameter", "cursor", "is not a cursor this API returned");
        }
    }

    private static String status(String status) {
        if (blank(status)) {
            return null;
        }
        try {
            return ActionStatus.fromWireName(status.trim()).wireName();
        } catch (IllegalArgumentException e) {
            throw field("invalid_parameter", "status", "must be one of pending, approved, executing, completed,"
                    + " denied, failed, expired");
        }
    }

    private static boolean scopeIsOrg(String scope) {
        if (blank(scope) || scope.equals("session")) {
            return false;
        }
        if (scope.equals("org")) {
            return true;
        }
        throw field("invalid_scope", "scope", "must be session or org");
    }

    private static void validMaxCalls(Integer maxCalls) {
        if (maxCalls != null && maxCalls < 1) {
            throw field("invalid_max_calls", "maxCalls", "must be a positive whole number or null");
        }
    }

    private Instant expiresAt(String value) {
        if (blank(value)) {
            return null;
        }
        try {
            Instant instant = Instant.parse(value.trim());
            if (!instant.isAfter(clock.instant())) {
                throw field("invalid_expires_at", "expiresAt", "must be in the future");
            }
            return instant;
        } catch (DateTimeParseException e) {
            throw field("invalid_expires_at", "expiresAt", "must be an ISO-8601 UTC timestamp");
        }
    }

    private static String required(String name, String value) {
        if (blank(value)) {
            throw field("invalid_" + name, name, "is required");
        }
        return value.trim();
    }

    private static ApiProblem field(String code, String field, String message) {
        return ApiProblem.badRequest(code, field + " " + message, List.of(new ApiProblem.FieldError(field, message)));
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static String wire(RiskLevel level) {
        return level.name().toLowerCase(Locale.ROOT);
    }

    private static String truncate(String error) {
        return error.length() <= 2000 ? error : error.substring(0, 2000);
    }

    static String requestHash(String integration, String action, Map<String, Object> params) {
        try {
            return Json.sha256(integration + "\n" + action + "\n"
                    + Json.MAPPER.writer().with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).writeValueAsString(params));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw ApiProblem.badRequest("invalid_params", "params must be a JSON object", List.of());
        }
    }

    /** Expires pending invocations whose time ran out, removes expired grants and old counters and events. */
    Sweep sweep() {
        Instant now = clock.instant();
        Sweep sweep = store.unitOfWork().inTransaction(tx -> {
            List<Rows.Expired> expired = store.invocations(tx).expirePending(now);
            // well past the adapter time limit: whoever approved or started these is gone
            List<Rows.Expired> abandoned = store.invocations(tx).failAbandoned(now, now.minus(ABANDONED_AFTER));
            if (!abandoned.isEmpty()) {
                LOG.warn("action sweep: {} invocations left approved or executing by a stopped node failed",
                        abandoned.size());
            }
            int grantsRemoved = store.grants(tx).deleteExpired(now);
            store.pendingParams(tx).deleteDecided();
            store.rates(tx).deleteBefore(now.minus(Duration.ofMinutes(2)));
            store.events(tx).deleteBefore(now.minus(ActionsConstants.EVENT_RETENTION));
            return new Sweep(expired, abandoned, grantsRemoved);
        });
        for (Rows.Expired expired : sweep.expired()) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("invocationId", expired.id().toString());
            data.put("sessionId", expired.sessionId().toString());
            data.put("status", "expired");
            events.publish(expired.organizationId(), expired.sessionId(), ActionEventTypes.APPROVAL_RESULT, data);
            told(expired.organizationId(), expired.id(), "expired");
        }
        for (Rows.Expired failed : sweep.abandoned()) {
            told(failed.organizationId(), failed.id(), "failed");
        }
        if (!sweep.expired().isEmpty() || sweep.grantsRemoved() > 0) {
            LOG.info("action sweep: {} invocations expired, {} expired grants removed", sweep.expired().size(),
                    sweep.grantsRemoved());
        }
        return sweep;
    }

    record Sweep(List<Rows.Expired> expired, List<Rows.Expired> abandoned, int grantsRemoved) {
    }
}
