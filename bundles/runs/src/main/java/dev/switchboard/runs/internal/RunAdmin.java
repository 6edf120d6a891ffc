package dev.switchboard.runs.internal;

import dev.switchboard.foundation.Ids;
import dev.switchboard.rest.ApiProblem;
import dev.switchboard.rest.Caller;
import dev.switchboard.rest.PageRequest;
import dev.switchboard.rest.Role;
import dev.switchboard.runs.NewRun;
import dev.switchboard.runs.RunHandoff;
import dev.switchboard.sessions.Sessions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Runs for the REST API: lists and details for members, completion by the run's own agent, resolution of runs
 * waiting for a person and cancellation by owners and admins, assignment to a member.
 */
@Component(service = RunAdmin.class)
public class RunAdmin {

    static final Set<String> OUTCOMES = Set.of("succeeded", "failed", "needs_human");
    static final Set<String> STATUSES = Set.of("queued", "enriching", "ready", "running", "succeeded", "failed",
            "needs_human", "timed_out", "canceled");
    static final int MAX_SUMMARY = 20_000;

    static final int MAX_TITLE = 500;
    static final int MAX_URL = 2_000;

    private final RunsStore store;
    private final RunOutcomes outcomes;
    private final Sessions sessions;
    private final RunHandoff handoff;

    @Activate
    public RunAdmin(@Reference RunsStore store, @Reference RunOutcomes outcomes, @Reference Sessions sessions,
                    @Reference RunHandoff handoff) {
        this.store = store;
        this.outcomes = outcomes;
        this.sessions = sessions;
        this.handoff = handoff;
    }

    /** What a run started by hand works on; every field optional. */
    public record StartRequest(String title, String description, String url, Map<String, Object> data) {
    }

    public record CompleteRequest(String completionId, String outcome, String summary, List<String> citations,
                                  Map<String, Object> refs) {
    }

    public record ResolveRequest(String outcome, String note) {
    }

    public record AssignRequest(String userId) {
    }

    public PageRequest.Page<Map<String, Object>> list(Caller caller, String status, String automationId,
                                                      String assignedTo, PageRequest page) {
        UUID organizationId = caller.requireOrganization();
        if (status != null && !STATUSES.contains(status)) {
            throw AutomationAdmin.invalid("status", "must be one of " + new java.util.TreeSet<>(STATUSES));
        }
        UUID automation = automationId == null ? null : uuid("automationId", automationId);
        UUID assignee = assignedTo == null ? null : "me".equals(assignedTo) ? caller.requireUser() : uuid("assignedTo", assignedTo);
        UUID after = page.after() == null ? null : uuid("cursor", page.after());
        List<RunRow> rows = store.unitOfWork().inTransaction(tx ->
                store.runs(tx).list(organizationId, status, automation, assignee, after, page.limit() + 1));
        PageRequest.Page<RunRow> result = page.page(rows, run -> run.id().toString());
        return new PageRequest.Page<>(result.items().stream().map(RunAdmin::view).toList(), result.nextCursor());
    }

    public Map<String, Object> get(Caller caller, UUID id) {
        RunRow run = row(caller, id);
        Map<String, Object> view = view(run);
        view.put("enrichment", run.enrichmentJson() == null ? null : RunsJson.object(run.enrichmentJson()));
        view.put("completion", run.completionJson() == null ? null : RunsJson.object(run.completionJson()));
        view.put("events", store.unitOfWork().inTransaction(tx -> store.runs(tx).events(run.organizationId(), id))
                .stream().map(event -> {
                    Map<String, Object> item = new LinkedHashMap<>();
                    item.put("type", event.type());
                    item.put("from", event.fromStatus());
                    item.put("to", event.toStatus());
                    item.put("data", RunsJson.object(event.data()));
                    item.put("createdAt", String.valueOf(event.createdAt()));
                    return item;
                }).toList());
        return view;
    }

    /**
     * A person starts a run of an enabled automation by hand. It works on what the request gives (title, description,
     * url, data), as a schedule's run works on its fire, and goes through the same pipeline; its first event says who
     * started it.
     */
    public Map<String, Object> start(Caller caller, UUID automationId, StartRequest request) {
        UUID organizationId = caller.requireOrganization();
        StartRequest given = request == null ? new StartRequest(null, null, null, null) : request;
        String title = text("title", given.title(), MAX_TITLE);
        String description = text("description", given.description(), MAX_SUMMARY);
        String url = url(given.url());
        UUID runId = Ids.newId();
        store.unitOfWork().run(tx -> {
            AutomationRow automation = store.automations(tx).get(organizationId, automationId);
            if (automation == null) {
                throw ApiProblem.notFound("automation_not_found", "no automation with this id in the organization");
            }
            if (!automation.enabled()) {
                throw new ApiProblem(409, "automation_disabled", "Conflict",
                        "the automation is disabled; enable it to start a run");
            }
            Map<String, Object> context = new LinkedHashMap<>();
            context.put("title", title != null ? title : automation.name() + ", started by hand");
            if (description != null) {
                context.put("description", description);
            }
            if (url != null) {
                context.put("url", url);
            }
            if (given.data() != null) {
                context.put("data", given.data());
            }
            try {
                handoff.createRun(tx, runId, new NewRun(organizationId, automationId, "manual", null, null, null,
                        "manual:" + runId, context));
            } catch (IllegalArgumentException e) {
                throw AutomationAdmin.invalid("data", "title, description, url and data together must be at most"
                        + " 64 KiB as JSON");
            }
            Map<String, Object> startedBy = new LinkedHashMap<>();
            startedBy.put("userId", caller.userId() == null ? null : caller.userId().toString());
            startedBy.put("credential", caller.kind().name().toLowerCase(java.util.Locale.ROOT));
            store.runs(tx).insertEvent(Ids.newId(), organizationId, runId, "started_by_hand", null, "queued",
                    RunsJson.write(startedBy));
        });
        return get(caller, runId);
    }

    private static String text(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String trimmed = value.strip();
        if (trimmed.length() > max) {
            throw AutomationAdmin.invalid(field, "must be at most " + max + " characters");
        }
        return trimmed;
    }

    private static String url(String value) {
        String given = text("url", value, MAX_URL);
        if (given == null) {
            return null;
        }
        try {
            java.net.URI uri = new java.net.URI(given);
            if (("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null && uri.getUserInfo() == null) {
                return given;
            }
        } catch (java.net.URISyntaxException e) {
            // answered below
        }
        throw AutomationAdmin.invalid("url", "must be an http or https address without user info");
    }

    /**
     * The run's agent reports the outcome. The completion id makes it idempotent: the same completion again gets
     * the same answer; another one after the run ended is a conflict.
     */
    public Map<String, Object> complete(Caller caller, UUID id, CompleteRequest request) {
        if (caller.kind() != Caller.Kind.SESSION_TOKEN) {
            throw new ApiProblem(403, "session_token_required", "Forbidden",
                    "runs are completed by their agent with its session token");
        }
        RunRow run = row(caller, id);
        if (run.sessionId() != null && !run.sessionId().equals(caller.sessionId())) {
            throw notFound();
        }
        String completionId = required("completionId", request.completionId(), 200);
        if (run.completionId() == null || !run.completionId().equals(completionId)) {
            // before the run records its session, the completion id (known only to that session) proves the caller
            throw run.sessionId() == null ? notFound() : AutomationAdmin.invalid("completionId", "is not this run's completion id");
        }
        if (run.terminal()) {
            if (run.completionJson() != null) {
                return view(run);
            }
            throw new ApiProblem(409, "run_already_finished", "Conflict", "the run already ended as " + run.status());
        }
        String outcome = required("outcome", request.outcome(), 20);
        if (!OUTCOMES.contains(outcome)) {
            throw AutomationAdmin.invalid("outcome", "must be succeeded, failed or needs_human");
        }
        Map<String, Object> completion = new LinkedHashMap<>();
        completion.put("outcome", outcome);
        completion.put("summary", optional("summary", request.summary(), MAX_SUMMARY));
        List<String> citations = request.citations() == null ? List.of() : request.citations();
        if (citations.size() > 50 || citations.stream().anyMatch(c -> c == null || c.isBlank() || c.length() > 2000)) {
            throw AutomationAdmin.invalid("citations", "must be at most 50 non-blank strings of at most 2000 characters");
        }
        completion.put("citations", citations);
        Map<String, Object> refs = request.refs() == null ? Map.of() : request.refs();
        if (RunsJson.write(refs).length() > 10_000) {
            throw AutomationAdmin.invalid("refs", "must be at most 10000 characters of JSON");
        }
        completion.put("refs", refs);
        boolean ended = store.unitOfWork().inTransaction(tx -> outcomes.finish(tx, run, new RunMapper.Finish(outcome,
                "completed by the agent", "failed".equals(outcome) ? "execution" : null, null, null, completionId,
                RunsJson.write(completion), caller.sessionId())));
        RunRow after = store.unitOfWork().inTransaction(tx -> store.runs(tx).row(run.organizationId(), id));
        if (!ended && !completionId.equals(after.completionId())) {
            throw new ApiProblem(409, "run_already_finished", "Conflict", "the run already ended as " + after.status());
        }
        return view(after);
    }

    /** A person closes a run that waits for one ({@code needs_human} → succeeded or failed). */
    public Map<String, Object> resolve(Caller caller, UUID id, ResolveRequest request) {
        requireAdmin(caller);
        RunRow run = row(caller, id);
        String outcome = required("outcome", request.outcome(), 20);
        if (!"succeeded".equals(outcome) && !"failed".equals(outcome)) {
            throw AutomationAdmin.invalid("outcome", "must be succeeded or failed");
        }
        String note = optional("note", request.note(), 2000);
        store.unitOfWork().run(tx -> {
            if (store.runs(tx).resolve(run.organizationId(), id, outcome, note == null ? "resolved by a person" : note,
                    caller.requireUser()) == 0) {
                throw new ApiProblem(409, "run_not_waiting", "Conflict", "only a needs_human run can be resolved; this one is "
                        + run.status());
            }
            RunRow resolved = store.runs(tx).row(run.organizationId(), id);
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("resolvedBy", caller.requireUser().toString());
            if (note != null) {
                data.put("note", note);
            }
            outcomes.moved(tx, resolved, "needs_human", outcome, data);
            outcomes.followOnTriggerEvent(tx, resolved, "succeeded".equals(outcome) ? "completed" : "failed", null,
                    "succeeded".equals(outcome) ? null : "resolved as failed");
            outcomes.notifyTargets(tx, resolved);
        });
        return get(caller, id);
    }

    /** Cancels a run that has not ended, and stops its session. */
    public Map<String, Object> cancel(Caller caller, UUID id) {
        requireAdmin(caller);
        RunRow run = row(caller, id);
        boolean ended = store.unitOfWork().inTransaction(tx -> outcomes.finish(tx, run,
                RunMapper.Finish.of("canceled", "canceled by " + caller.requireUser())));
        if (!ended) {
            throw new ApiProblem(409, "run_already_finished", "Conflict", "the run already ended as " + run.status());
        }
        RunRow canceled = store.unitOfWork().inTransaction(tx -> store.runs(tx).row(run.organizationId(), id));
        RunPipeline.stopSession(sessions, canceled, "the automation run was canceled");
        return get(caller, id);
    }

    /** Assigns the run to a member (the caller by default); 409 when someone else has it. */
    public Map<String, Object> assign(Caller caller, UUID id, AssignRequest request) {
        RunRow run = row(caller, id);
        UUID user = request == null || request.userId() == null ? caller.requireUser() : uuid("userId", request.userId());
        if (!user.equals(caller.requireUser())) {
            requireAdmin(caller);
        }
        store.unitOfWork().run(tx -> {
            if (store.runs(tx).memberExists(run.organizationId(), user) == 0) {
                throw AutomationAdmin.invalid("userId", "is not a member of the organization");
            }
            if (store.runs(tx).assign(run.organizationId(), id, user) == 0) {
                throw new ApiProblem(409, "run_assigned", "Conflict", "the run is assigned to someone else; unassign it first");
            }
            outcomes.event(tx, run, "assigned", null, null, Map.of("userId", user.toString()));
        });
        return get(caller, id);
    }

    public Map<String, Object> unassign(Caller caller, UUID id) {
        RunRow run = row(caller, id);
        if (run.assignedTo() != null && !run.assignedTo().equals(caller.requireUser())) {
            requireAdmin(caller);
        }
        store.unitOfWork().run(tx -> {
            // only the assignment the caller was checked against is removed
            if (store.runs(tx).unassign(run.organizationId(), id, run.assignedTo()) > 0 && run.assignedTo() != null) {
                outcomes.event(tx, run, "unassigned", null, null, Map.of("userId", run.assignedTo().toString()));
            }
        });
        return get(caller, id);
    }

    private RunRow row(Caller caller, UUID id) {
        UUID organizationId = caller.requireOrganization();
        RunRow run = store.unitOfWork().inTransaction(tx -> store.runs(tx).row(organizationId, id));
        if (run == null) {
            throw notFound();
        }
        return run;
    }

    static Map<String, Object> view(RunRow run) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", run.id().toString());
        view.put("automationId", run.automationId().toString());
        view.put("source", run.source());
        view.put("triggerId", string(run.triggerId()));
        view.put("triggerEventId", string(run.triggerEventId()));
        view.put("scheduleId", string(run.scheduleId()));
        view.put("status", run.status());
        view.put("statusReason", run.statusReason());
        view.put("failureStage", run.failureStage());
        view.put("errorCode", run.errorCode());
        view.put("errorMessage", run.errorMessage());
        view.put("sessionId", string(run.sessionId()));
        view.put("attempt", run.attempt());
        view.put("assignedTo", string(run.assignedTo()));
        view.put("assignedAt", string(run.assignedAt()));
        view.put("resolvedBy", string(run.resolvedBy()));
        view.put("deadlineAt", string(run.deadlineAt()));
        view.put("enrichmentCompletedAt", string(run.enrichmentCompletedAt()));
        view.put("executionStartedAt", string(run.executionStartedAt()));
        view.put("completedAt", string(run.completedAt()));
        view.put("createdAt", string(run.createdAt()));
        view.put("updatedAt", string(run.updatedAt()));
        return view;
    }

    private static String string(Object value) {
        return value == null ? null : value.toString();
    }

    private static void requireAdmin(Caller caller) {
        if (caller.kind() == Caller.Kind.SESSION_TOKEN || caller.role() == null || !caller.role().atLeast(Role.ADMIN)) {
            throw new ApiProblem(403, "forbidden", "Forbidden", "only owners and admins may do this");
        }
    }

    private static String required(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw AutomationAdmin.invalid(field, "is required");
        }
        if (value.length() > max) {
            throw AutomationAdmin.invalid(field, "must be at most " + max + " characters");
        }
        return value.strip();
    }

    private static String optional(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return required(field, value, max);
    }

    private static UUID uuid(String field, String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw AutomationAdmin.invalid(field, "must be an id");
        }
    }

    static ApiProblem notFound() {
        return ApiProblem.notFound("run_not_found", "no run with this id in the organization");
    }
}
