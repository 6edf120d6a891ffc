package dev.switchboard.sessions.internal;

import dev.switchboard.core.plugins.PluginRegistry;
import dev.switchboard.core.plugins.PluginUnavailableException;
import dev.switchboard.foundation.Ids;
import dev.switchboard.identity.SessionTokens;
import dev.switchboard.secrets.SecretsReader;
import dev.switchboard.sessions.SessionStartFiles;
import dev.switchboard.rest.ApiProblem;
import dev.switchboard.rest.Caller;
import dev.switchboard.rest.PageRequest;
import dev.switchboard.spi.sandbox.SandboxProvider;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * The session lifecycle behind the REST API: pending → starting → running ⇄ paused, and stopped or failed at the
 * end. Every change is a compare-and-set on the status (a concurrent request gets 409) and a {@code status}
 * event in the same transaction. Members of the organization and the session's own agent may act on it.
 */
@Component(service = SessionLifecycle.class, configurationPid = SessionsConfig.PID)
public class SessionLifecycle {

    static final Set<String> TYPES = Set.of("coding", "automation", "setup", "skill");
    static final int MAX_MESSAGE = 200_000;
    private static final Logger LOG = LoggerFactory.getLogger(SessionLifecycle.class);

    private final SessionsStore store;
    private final SessionEventLogService events;
    private final PluginRegistry registry;
    private final SessionsConfig config;
    private final SandboxRunner runner;
    private final SessionSweeper sweeper;
    private final java.util.concurrent.ScheduledExecutorService housekeeping =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "switchboard-session-housekeeping");
                thread.setDaemon(true);
                return thread;
            });

    @Activate
    public SessionLifecycle(@Reference SessionsStore store, @Reference SessionEventLogService events,
                            @Reference PluginRegistry registry, @Reference SessionTokens tokens,
                            @Reference SecretsReader secrets, @Reference SessionNotifications notifications,
                            Map<String, ?> properties) {
        this(store, events, registry, tokens, secrets, SessionsConfig.from(properties));
        notifications.onControl(this::control);
        startSweeping();
    }

    SessionLifecycle(SessionsStore store, SessionEventLogService events, PluginRegistry registry, SessionTokens tokens,
                     SecretsReader secrets, SessionsConfig config) {
        this.store = store;
        this.events = events;
        this.registry = registry;
        this.config = config;
        this.runner = new SandboxRunner(store, events, registry, tokens, secrets, config);
        this.sweeper = new SessionSweeper(store, events, runner, config);
    }

    /** Starts this node's minute-by-minute housekeeping (DS activation only; tests call {@link #sweep} directly). */
    void startSweeping() {
        housekeeping.scheduleWithFixedDelay(() -> {
            try {
                sweep(java.time.Instant.now());
            } catch (RuntimeException e) {
                LOG.debug("session housekeeping skipped: {}", e.toString());
            }
        }, 60, 60, java.util.concurrent.TimeUnit.SECONDS);
    }

    void sweep(java.time.Instant now) {
        sweeper.sweep(now);
    }

    /** Adds a contributor of start files (the actions bundle's guide, ...). */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addStartFiles(SessionStartFiles contributor) {
        runner.startFiles().add(contributor);
    }

    void removeStartFiles(SessionStartFiles contributor) {
        runner.startFiles().remove(contributor);
    }

    @Deactivate
    void close() {
        housekeeping.shutdownNow();
        runner.close();
    }

    /** Create input. {@code start}: {@code immediate} (default) or {@code deferred}. */
    public record CreateRequest(String sessionType, String title, String clientType, Map<String, Object> workspace,
                                List<String> agentCommand, String sandboxProvider, String prompt, String start) {
    }

    public record MessageRequest(String text) {
    }

    public record RenameRequest(String title) {
    }

    public SessionView create(Caller caller, CreateRequest request) {
        UUID organizationId = caller.requireOrganization();
        boolean immediate = request.start() == null || "immediate".equals(request.start());
        if (!immediate && !"deferred".equals(request.start())) {
            throw Inputs.invalid("start", "must be immediate or deferred");
        }
        return SessionView.of(insert(organizationId, caller.userId(), request, immediate, null, null, List.of(), true));
    }

    /**
     * A session another bundle starts (an automation run's): one per origin key in the organization, so a retried
     * caller gets the first one back and nothing starts twice.
     */
    public dev.switchboard.sessions.SessionRef startFor(dev.switchboard.sessions.NewSession session) {
        CreateRequest request = new CreateRequest(session.sessionType(), session.title(), session.clientType(),
                session.workspace(), session.agentCommand(), session.sandboxProvider(), session.prompt(), "immediate");
        String files = SessionEventLogService.json(session.files().stream()
                .map(file -> Map.of("path", file.path(), "content", file.content())).toList());
        boolean sandbox = !dev.switchboard.sessions.NewSession.NO_SANDBOX.equals(request.sandboxProvider());
        if (sandbox && request.sandboxProvider() != null) {
            try {
                registry.require(SandboxProvider.class, request.sandboxProvider());
            } catch (PluginUnavailableException e) {
                // a provider that is away (its bundle restarting) is worth waiting for: the caller retries
                throw new IllegalStateException("sandbox provider " + request.sandboxProvider()
                        + " is not available right now", e);
            }
        }
        SessionRow row;
        try {
            row = insert(session.organizationId(), session.createdBy(), request, true, session.originKey(), files,
                    session.integrations(), sandbox);
        } catch (ApiProblem e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return new dev.switchboard.sessions.SessionRef(row.id(), row.organizationId(), row.createdBy(),
                row.sessionType(), row.status(), row.title(), row.createdAt());
    }

    /**
     * Without a sandbox ({@code sandbox} false, only for other bundles' sessions) the session is running at once:
     * nothing starts, and the prompt is not delivered (no agent runs).
     */
    private SessionRow insert(UUID organizationId, UUID createdBy, CreateRequest request, boolean immediate,
                              String originKey, String startFiles, List<UUID> integrations, boolean sandbox) {
        String type = request.sessionType() == null ? "coding" : request.sessionType();
        if (!TYPES.contains(type)) {
            throw Inputs.invalid("sessionType", "must be coding, automation, setup or skill");
        }
        SessionDefaultsMapper.Defaults defaults = store.unitOfWork().inTransaction(tx ->
                store.defaults(tx).get(organizationId));
        // the session's own choice, else its organization's default, else the deployment's
        String provider = !sandbox ? dev.switchboard.sessions.NewSession.NO_SANDBOX
                : request.sandboxProvider() != null ? request.sandboxProvider()
                : defaults != null && defaults.sandboxProvider() != null ? defaults.sandboxProvider()
                : config.defaultProvider();
        if (sandbox) {
            try {
                registry.require(SandboxProvider.class, provider);
            } catch (PluginUnavailableException e) {
                throw Inputs.invalid("sandboxProvider", "is not an installed sandbox provider");
            }
        }
        SessionRow row = new SessionRow(Ids.newId(), organizationId, createdBy, type,
                "pending", Inputs.title(request.title()), Inputs.word("clientType", request.clientType(), "api"),
                SessionEventLogService.json(Inputs.workspace(request.workspace())),
                request.agentCommand() != null ? SessionEventLogService.json(Inputs.command(request.agentCommand()))
                        : defaults == null ? null : defaults.agentCommand(),
                provider, null, null, null, SessionsConfig.IDLE_TIMEOUT_SECONDS, null,
                sandbox ? Inputs.message("prompt", request.prompt(), true) : null, null, null, null, 0, null, null,
                null);
        SessionRow[] existing = new SessionRow[1];
        SessionRow created = store.unitOfWork().inTransaction(tx -> {
            if (originKey != null) {
                store.sessions(tx).lockOrigin(organizationId + ":" + originKey);
                existing[0] = store.sessions(tx).byOrigin(organizationId, originKey);
                if (existing[0] != null) {
                    return existing[0];
                }
            }
            store.sessions(tx).insertRow(row);
            if (originKey != null) {
                store.sessions(tx).setOrigin(organizationId, row.id(), originKey, startFiles);
            }
            for (UUID integration : integrations) {
                store.sessions(tx).connect(organizationId, row.id(), integration);
            }
            events.append(tx, organizationId, row.id(), "status", Map.of("status", "pending"));
            if (immediate) {
                String next = sandbox ? "starting" : "running";
                store.sessions(tx).transition(organizationId, row.id(), "pending", next, null);
                events.append(tx, organizationId, row.id(), "status", Map.of("status", next));
            }
            return store.sessions(tx).row(organizationId, row.id());
        });
        if (immediate && sandbox && existing[0] == null) {
            runner.startAsync(organizationId, row.id());
        }
        return created;
    }

    /** Where a session stands, for the bundles that watch it. */
    public java.util.Optional<dev.switchboard.sessions.SessionState> state(UUID organizationId, UUID id) {
        SessionRow row = store.unitOfWork().inTransaction(tx -> store.sessions(tx).row(organizationId, id));
        if (row == null) {
            return java.util.Optional.empty();
        }
        java.time.Instant turn = store.unitOfWork().inTransaction(tx -> store.sessions(tx).turnStartedAt(organizationId, id));
        return java.util.Optional.of(new dev.switchboard.sessions.SessionState(row.status(), row.statusReason(),
                row.lastActivityAt(), turn != null, row.sandboxId() != null));
    }

    /** Whether the session's sandbox runs a trivial command. */
    public boolean sandboxAlive(UUID organizationId, UUID id) {
        SessionRow row = store.unitOfWork().inTransaction(tx -> store.sessions(tx).row(organizationId, id));
        return row != null && row.sandboxId() != null && runner.alive(row);
    }

    /** Ends a session for another bundle (e.g. a canceled run); nothing when it already ended. */
    public void stopFor(UUID organizationId, UUID id, String reason) {
        SessionRow row = store.unitOfWork().inTransaction(tx -> store.sessions(tx).row(organizationId, id));
        if (row == null || row.ended()) {
            return;
        }
        boolean moved = store.unitOfWork().inTransaction(tx -> {
            if (store.sessions(tx).transition(organizationId, id, row.status(), "stopped", reason) == 0) {
                return false;
            }
            events.append(tx, organizationId, id, "status", Map.of("status", "stopped", "reason", reason));
            store.events(tx).notifyControl("cancel:" + id);
            return true;
        });
        if (moved) {
            runner.stop(row);
        }
    }

    /** An organization's defaults for new sessions; absent fields fall back to the deployment's configuration. */
    public record DefaultsView(String sandboxProvider, List<String> agentCommand) {
    }

    public DefaultsView defaults(Caller caller) {
        UUID organizationId = caller.requireOrganization();
        SessionDefaultsMapper.Defaults defaults = store.unitOfWork().inTransaction(tx -> store.defaults(tx).get(organizationId));
        return view(defaults);
    }

    /** Sets the organization's defaults (admins); a sandbox provider must be installed. */
    public DefaultsView putDefaults(Caller caller, DefaultsView request) {
        UUID organizationId = caller.requireOrganization();
        if (caller.role() == null || !caller.role().atLeast(dev.switchboard.rest.Role.ADMIN)
                || caller.kind() == Caller.Kind.SESSION_TOKEN) {
            throw new ApiProblem(403, "forbidden_role", "Forbidden", "this needs the admin role");
        }
        if (dev.switchboard.sessions.NewSession.NO_SANDBOX.equals(request.sandboxProvider())) {
            // only the engine's own sessions (skills' tool loops) go without a sandbox; as a default it breaks them all
            throw Inputs.invalid("sandboxProvider", "\"none\" is not a sandbox provider sessions can use");
        }
        if (request.sandboxProvider() != null) {
            try {
                registry.require(SandboxProvider.class, request.sandboxProvider());
            } catch (PluginUnavailableException e) {
                throw Inputs.invalid("sandboxProvider", "is not an installed sandbox provider");
            }
        }
        String command = request.agentCommand() == null ? null
                : SessionEventLogService.json(Inputs.command(request.agentCommand()));
        store.unitOfWork().run(tx -> store.defaults(tx).put(organizationId, request.sandboxProvider(), command,
                caller.userId()));
        return defaults(caller);
    }

    private static DefaultsView view(SessionDefaultsMapper.Defaults defaults) {
        if (defaults == null) {
            return new DefaultsView(null, null);
        }
        List<String> command = defaults.agentCommand() == null ? null : SessionEventLogService.JSON.convertValue(
                Json.node(defaults.agentCommand()), new com.fasterxml.jackson.core.type.TypeReference<List<String>>() { });
        return new DefaultsView(defaults.sandboxProvider(), command);
    }

    public SessionView get(Caller caller, UUID id) {
        return SessionView.of(row(caller, id));
    }

    public PageRequest.Page<SessionView> list(Caller caller, String status, PageRequest page) {
        UUID organizationId = caller.requireOrganization();
        UUID after = page.after() == null ? null : Inputs.cursor(page.after());
        List<SessionRow> rows = store.unitOfWork().inTransaction(tx ->
                store.sessions(tx).list(organizationId, status, after, page.limit() + 1));
        PageRequest.Page<SessionRow> result = page.page(rows, row -> row.id().toString());
        return new PageRequest.Page<>(result.items().stream().map(SessionView::of).toList(), result.nextCursor());
    }

    public SessionView rename(Caller caller, UUID id, RenameRequest request) {
        SessionRow row = row(caller, id);
        String title = Inputs.title(request.title());
        store.unitOfWork().run(tx -> {
            store.sessions(tx).rename(row.organizationId(), id, title);
            events.append(tx, row.organizationId(), id, "renamed", Map.of("title", title == null ? "" : title));
        });
        return get(caller, id);
    }

    /** Starts a deferred session. */
    public SessionView start(Caller caller, UUID id) {
        SessionRow row = row(caller, id);
        move(row, "pending", "starting", null);
        runner.startAsync(row.organizationId(), id);
        return get(caller, id);
    }

    /** Sends a message: one agent turn. 409 unless the session runs and no turn of it runs here. */
    public Map<String, Object> message(Caller caller, UUID id, MessageRequest request) {
        SessionRow row = row(caller, id);
        String text = Inputs.message("text", request.text(), false);
        requireSandbox(row);
        if (!"running".equals(row.status())) {
            throw conflict("session_not_running", "the session is " + row.status() + "; messages need a running session");
        }
        try {
            runner.turn(row, text);
        } catch (SandboxRunner.TurnInProgress e) {
            throw conflict("turn_in_progress", "the agent is still working on the previous message; cancel it or wait");
        } catch (Exception e) {
            throw new ApiProblem(502, "sandbox_failed", "Bad gateway", "the agent could not be started: "
                    + SandboxRunner.reason(e));
        }
        return Map.of("accepted", true);
    }

    /** Cancels the running turn wherever it runs (SIGTERM, then SIGKILL). */
    public Map<String, Object> cancel(Caller caller, UUID id) {
        SessionRow row = row(caller, id);
        store.unitOfWork().run(tx -> {
            events.append(tx, row.organizationId(), id, "turn_cancel_requested", Map.of());
            store.events(tx).notifyControl("cancel:" + id);
        });
        return Map.of("accepted", true);
    }

    public SessionView pause(Caller caller, UUID id) {
        SessionRow row = row(caller, id);
        requireSandbox(row);
        if (!"running".equals(row.status())) {
            throw conflict("invalid_transition", "only a running session can pause; this one is " + row.status());
        }
        sandbox(() -> runner.pause(row));
        move(row, "running", "paused", null);
        return get(caller, id);
    }

    public SessionView resume(Caller caller, UUID id) {
        SessionRow row = row(caller, id);
        move(row, "paused", "starting", null);
        runner.startAsync(row.organizationId(), id);
        return get(caller, id);
    }

    public Map<String, Object> snapshot(Caller caller, UUID id) {
        SessionRow row = row(caller, id);
        if (!"running".equals(row.status()) || row.sandboxId() == null) {
            throw conflict("session_not_running", "only a running session can be snapshotted");
        }
        String snapshotId = sandbox(() -> runner.snapshot(row));
        events.append(row.organizationId(), id, "snapshot", Map.of("snapshotId", snapshotId));
        return Map.of("snapshotId", snapshotId);
    }

    /** Ends the session: its turn is cancelled, its sandbox terminated and its tokens revoked. */
    public SessionView stop(Caller caller, UUID id) {
        SessionRow row = row(caller, id);
        if (row.ended()) {
            return SessionView.of(row);
        }
        move(row, row.status(), "stopped", "stopped by request");
        runner.stop(row);
        return get(caller, id);
    }

    public void delete(Caller caller, UUID id) {
        SessionRow row = row(caller, id);
        if (!row.ended()) {
            runner.stop(row);
        }
        store.unitOfWork().run(tx -> store.sessions(tx).delete(row.organizationId(), id));
    }

    public PageRequest.Page<Map<String, Object>> events(Caller caller, UUID id, String after, PageRequest page) {
        SessionRow row = row(caller, id);
        long from = SessionStreams.parse(after).or(() -> SessionStreams.parse(page.after())).orElse(0L);
        List<SessionEventMapper.SessionEvent> rows = store.unitOfWork().inTransaction(tx ->
                store.events(tx).after(row.organizationId(), id, from, page.limit() + 1));
        PageRequest.Page<SessionEventMapper.SessionEvent> result = page.page(rows, event -> Long.toString(event.seq()));
        return new PageRequest.Page<>(result.items().stream().map(event -> {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("id", event.seq());
            view.put("type", event.eventType());
            view.put("data", Json.node(event.data()));
            view.put("createdAt", String.valueOf(event.createdAt()));
            return view;
        }).toList(), result.nextCursor());
    }

    /** The session if the caller may see it: a member of its organization, or its own agent. */
    SessionRow row(Caller caller, UUID id) {
        if (caller.kind() == Caller.Kind.SESSION_TOKEN && !id.equals(caller.sessionId())) {
            throw notFound();
        }
        UUID organizationId = caller.requireOrganization();
        SessionRow row = store.unitOfWork().inTransaction(tx -> store.sessions(tx).row(organizationId, id));
        if (row == null) {
            throw notFound();
        }
        return row;
    }

    /** Agent turns and pauses need a sandbox; a session without one is the engine's own (a skill's tool loop). */
    private static void requireSandbox(SessionRow row) {
        if (dev.switchboard.sessions.NewSession.NO_SANDBOX.equals(row.sandboxProvider())) {
            throw conflict("session_without_sandbox", "this session has no sandbox: the engine works in it itself,"
                    + " no agent takes messages, and it does not pause");
        }
    }

    private void move(SessionRow row, String from, String to, String reason) {
        store.unitOfWork().run(tx -> {
            if (store.sessions(tx).transition(row.organizationId(), row.id(), from, to, reason) == 0) {
                throw conflict("invalid_transition", "the session is no longer " + from);
            }
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("status", to);
            if (reason != null) {
                data.put("reason", reason);
            }
            events.append(tx, row.organizationId(), row.id(), "status", data);
        });
    }

    /** What a control notification does on this node; tests without a listener call it directly. */
    void controlForTest(String message) {
        control(message);
    }

    private void control(String message) {
        if (message != null && message.startsWith("cancel:")) {
            try {
                runner.cancelLocal(UUID.fromString(message.substring("cancel:".length())));
            } catch (IllegalArgumentException e) {
                LOG.debug("ignored control message {}", message);
            }
        }
    }

    private static <T> T sandbox(SandboxCall<T> call) {
        try {
            return call.run();
        } catch (Exception e) {
            throw new ApiProblem(502, "sandbox_failed", "Bad gateway", "the sandbox provider failed: "
                    + SandboxRunner.reason(e));
        }
    }

    private static void sandbox(SandboxVoidCall call) {
        sandbox(() -> {
            call.run();
            return null;
        });
    }

    @FunctionalInterface
    private interface SandboxCall<T> {
        T run() throws Exception;
    }

    @FunctionalInterface
    private interface SandboxVoidCall {
        void run() throws Exception;
    }

    static ApiProblem conflict(String code, String detail) {
        return new ApiProblem(409, code, "Conflict", detail);
    }

    static ApiProblem notFound() {
        return ApiProblem.notFound("session_not_found", "no such session");
    }
}
