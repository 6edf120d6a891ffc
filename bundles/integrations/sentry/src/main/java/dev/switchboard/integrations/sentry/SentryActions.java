package dev.switchboard.integrations.sentry;

import dev.switchboard.spi.action.ActionParams;
import static dev.switchboard.integrations.sentry.SentryActionClient.segment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.spi.AccessToken;
import dev.switchboard.spi.action.ActionException;
import dev.switchboard.spi.action.ActionRequest;
import dev.switchboard.spi.action.ActionResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The Sentry actions: each checks its parameters, makes one REST call and maps the answer. Issue actions use the
 * organization-scoped endpoints when an organization is known (parameter, else the configured
 * {@code organization}) and Sentry's unscoped {@code /issues/{id}/} endpoints otherwise.
 *
 * <p>Idempotency: Sentry takes no idempotency key. The only write, {@code update_issue}, sets a status and an
 * assignee, so repeating it leaves the issue as one call would.
 */
final class SentryActions {

    static final List<String> STATUSES = List.of("resolved", "unresolved", "ignored");

    /** Slugs and ids as they appear in paths; nothing that could climb out of its segment. */
    private static final Pattern SLUG = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,99}");

    private final SentryActionClient client;

    SentryActions(SentryActionClient client) {
        this.client = client;
    }

    ActionResult listIssues(ActionRequest request, AccessToken token) throws ActionException {
        ActionParams params = new ActionParams(request.params());
        String organization = slug(params, "organization", params.required("organization"));
        String project = slug(params, "project", params.required("project"));
        Optional<String> query = params.text("query");
        Optional<String> cursor = params.string("cursor");
        params.check();
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("query", query.orElse(null));
        parameters.put("cursor", cursor.orElse(null));
        SentryActionClient.Page page = client.get(request, token,
                "/projects/" + segment(organization) + "/" + segment(project) + "/issues/", parameters);
        return listed(page, "issues", SentryResults::issue);
    }

    ActionResult getIssue(ActionRequest request, AccessToken token) throws ActionException {
        ActionParams params = new ActionParams(request.params());
        Issue issue = issue(request, params);
        params.check();
        JsonNode body = client.get(request, token, issue.path(), Map.of()).body();
        return ActionResult.of(Map.of("issue", SentryResults.issue(object(body, "issue"))));
    }

    ActionResult listIssueEvents(ActionRequest request, AccessToken token) throws ActionException {
        ActionParams params = new ActionParams(request.params());
        Issue issue = issue(request, params);
        Optional<String> cursor = params.string("cursor");
        params.check();
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("cursor", cursor.orElse(null));
        return listed(client.get(request, token, issue.path() + "events/", parameters), "events",
                SentryResults::eventSummary);
    }

    ActionResult getEvent(ActionRequest request, AccessToken token) throws ActionException {
        ActionParams params = new ActionParams(request.params());
        Issue issue = issue(request, params);
        String event = slug(params, "eventId", params.required("eventId"));
        params.check();
        JsonNode body = client.get(request, token, issue.path() + "events/" + segment(event) + "/", Map.of()).body();
        return ActionResult.of(Map.of("event", SentryResults.event(object(body, "event"))));
    }

    ActionResult updateIssue(ActionRequest request, AccessToken token) throws ActionException {
        ActionParams params = new ActionParams(request.params());
        Issue issue = issue(request, params);
        Map<String, Object> changes = new LinkedHashMap<>();
        params.oneOf("status", STATUSES).ifPresent(status -> changes.put("status", status));
        params.text("assignedTo").ifPresent(assignee -> changes.put("assignedTo", assignee));
        if (!params.anyOf(Set.of("status", "assignedTo"))) {
            params.problem("fields", "give status, assignedTo or both");
        }
        params.check();
        JsonNode body = client.put(request, token, issue.path(), changes);
        Map<String, Object> mapped = SentryResults.issue(object(body, "issue"));
        if (mapped.get("id") == null) {
            // some Sentry versions answer an update with the changed fields only
            mapped.put("id", issue.id());
            mapped.putAll(changes);
        }
        return ActionResult.of(Map.of("issue", mapped));
    }

    /** An issue and the organization it is looked up in ({@code null}: unscoped endpoints). */
    private record Issue(String id, String organization) {

        /** The issue's API path, ending in '/'. */
        String path() {
            return (organization == null ? "" : "/organizations/" + segment(organization)) + "/issues/"
                    + segment(id) + "/";
        }
    }

    /** The issue the parameters name; records problems with {@code issueId} and {@code organization}. */
    private static Issue issue(ActionRequest request, ActionParams params) {
        String id = slug(params, "issueId", params.requiredId("issueId"));
        String organization = params.string("organization")
                .or(() -> configured(request, SentryConstants.ORGANIZATION))
                .orElse(null);
        slug(params, "organization", organization);
        return new Issue(id == null ? "" : id, organization);
    }

    private static Optional<String> configured(ActionRequest request, String key) {
        return request.context().config().get(key) instanceof String value && !value.isBlank()
                ? Optional.of(value.trim()) : Optional.empty();
    }

    private static String slug(ActionParams params, String name, String value) {
        if (value != null && !SLUG.matcher(value).matches()) {
            params.problem(name, "must be letters, digits, '-' or '_'");
        }
        return value;
    }

    private static ActionResult listed(SentryActionClient.Page page, String field,
                                       Function<JsonNode, Map<String, Object>> mapper) throws ActionException {
        if (!page.body().isArray()) {
            throw badAnswer(field + " that are not a list");
        }
        List<Object> items = new ArrayList<>();
        page.body().forEach(node -> items.add(mapper.apply(node)));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put(field, items);
        data.put("nextCursor", page.nextCursor().orElse(null));
        return ActionResult.of(data);
    }

    private static JsonNode object(JsonNode body, String what) throws ActionException {
        if (!body.isObject()) {
            throw badAnswer(what + " that is not an object");
        }
        return body;
    }

    private static ActionException badAnswer(String what) {
        return ActionException.upstream(200, SentryActionClient.WHAT + ": answer with " + what, null);
    }
}
