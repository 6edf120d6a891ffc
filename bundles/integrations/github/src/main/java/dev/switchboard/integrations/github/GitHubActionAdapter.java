package dev.switchboard.integrations.github;

import static dev.switchboard.integrations.github.GitHubConstants.SERVICE;
import static dev.switchboard.integrations.github.internal.GitHubActionCatalog.ADD_COMMENT;
import static dev.switchboard.integrations.github.internal.GitHubActionCatalog.CREATE_ISSUE;
import static dev.switchboard.integrations.github.internal.GitHubActionCatalog.CREATE_REVIEW_COMMENT;
import static dev.switchboard.integrations.github.internal.GitHubActionCatalog.DEFAULT_PER_PAGE;
import static dev.switchboard.integrations.github.internal.GitHubActionCatalog.DELETE_BRANCH;
import static dev.switchboard.integrations.github.internal.GitHubActionCatalog.GET_ISSUE;
import static dev.switchboard.integrations.github.internal.GitHubActionCatalog.LIST_ISSUES;
import static dev.switchboard.integrations.github.internal.GitHubActionCatalog.LIST_PULL_REQUESTS;
import static dev.switchboard.integrations.github.internal.GitHubActionCatalog.MAX_ASSIGNEES;
import static dev.switchboard.integrations.github.internal.GitHubActionCatalog.MAX_BODY;
import static dev.switchboard.integrations.github.internal.GitHubActionCatalog.MAX_LABELS;
import static dev.switchboard.integrations.github.internal.GitHubActionCatalog.MAX_PAGE;
import static dev.switchboard.integrations.github.internal.GitHubActionCatalog.MAX_PER_PAGE;
import static dev.switchboard.integrations.github.internal.GitHubActionCatalog.MAX_TITLE;

import dev.switchboard.integrations.github.internal.ActionParams;
import dev.switchboard.integrations.github.internal.ActionViews;
import dev.switchboard.integrations.github.internal.BranchNames;
import dev.switchboard.integrations.github.internal.GitHubActionCall;
import dev.switchboard.integrations.github.internal.GitHubActionCatalog;
import dev.switchboard.integrations.github.internal.GitHubHttp;
import dev.switchboard.integrations.github.internal.GitHubHttp.Response;
import dev.switchboard.integrations.github.internal.RepoRef;
import dev.switchboard.spi.AccessToken;
import dev.switchboard.spi.PluginDescriptor;
import dev.switchboard.spi.action.ActionAdapter;
import dev.switchboard.spi.action.ActionDefinition;
import dev.switchboard.spi.action.ActionException;
import dev.switchboard.spi.action.ActionRequest;
import dev.switchboard.spi.action.ActionResult;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Component;

/**
 * GitHub actions over the REST API: issues (list, read, open, comment), pull requests (list, comment on a diff
 * line) and, as the one {@code danger} action, deleting a branch. Works with whatever token the engine passes for
 * the {@code github} service: an OAuth user token ({@code github} provider) or an installation token
 * ({@code github-app} provider), both sent as bearer tokens. The API root is the context config's
 * {@code apiBaseUrl} (GitHub Enterprise Server: {@code https://<host>/api/v3}). GitHub has no idempotency keys, so
 * {@link ActionRequest#idempotencyKey()} is not sent anywhere; see {@link GitHubActionCatalog#GUIDE}.
 */
@Component(service = ActionAdapter.class)
public final class GitHubActionAdapter implements ActionAdapter {

    static final String ID = "github";

    private static final Set<String> STATES = Set.of("open", "closed", "all");
    private static final Set<String> SIDES = Set.of("LEFT", "RIGHT");
    private static final Pattern COMMIT_SHA = Pattern.compile("[0-9a-fA-F]{40}|[0-9a-fA-F]{64}");

    private static final PluginDescriptor DESCRIPTOR = new PluginDescriptor(ID, "GitHub", "1.0.0",
            "Issues, pull request comments and branches of GitHub repositories, with the connected user's or "
                    + "GitHub App installation's token.", """
            {"$schema": "https://json-schema.org/draft/2020-12/schema",
             "type": "object",
             "properties": {
               "apiBaseUrl": {"type": "string", "format": "uri", "default": "https://api.github.com",
                 "title": "API base URL", "description": "https://<host>/api/v3 on GitHub Enterprise Server"}
             },
             "additionalProperties": false}""", Set.of());

    private final GitHubHttp http = new GitHubHttp();
    // like GitHubHttp's client: HTTP/1.1 (no h2c upgrade on plain-http test servers), never follow a redirect
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(GitHubHttp.CONNECT_TIMEOUT)
            .version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER).build();

    @Override
    public PluginDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public String service() {
        return SERVICE;
    }

    @Override
    public List<ActionDefinition> actions() {
        return GitHubActionCatalog.ACTIONS;
    }

    @Override
    public String guide() {
        return GitHubActionCatalog.GUIDE;
    }

    @Override
    public ActionResult execute(ActionRequest request, AccessToken token) throws ActionException {
        ActionParams params = new ActionParams(request.params());
        return switch (request.action()) {
            case LIST_ISSUES -> listIssues(params, request, token);
            case GET_ISSUE -> getIssue(params, request, token);
            case CREATE_ISSUE -> createIssue(params, request, token);
            case ADD_COMMENT -> addComment(params, request, token);
            case LIST_PULL_REQUESTS -> listPullRequests(params, request, token);
            case CREATE_REVIEW_COMMENT -> createReviewComment(params, request, token);
            case DELETE_BRANCH -> deleteBranch(params, request, token);
            default -> throw ActionException.notFound("unknown GitHub action: " + request.action());
        };
    }

    private ActionResult listIssues(ActionParams params, ActionRequest request, AccessToken token)
            throws ActionException {
        RepoRef repo = RepoRef.read(params);
        String state = params.optionalEnum("state", STATES, "open");
        List<String> labels = params.optionalStrings("labels", MAX_LABELS);
        String paging = paging(params);
        params.check();
        GitHubActionCall call = call(request, token);
        String labelFilter = labels.isEmpty() ? "" : "&labels=" + encode(String.join(",", labels));
        Response response = call.get(repo.path("/issues") + "?state=" + state + labelFilter + paging);
        List<Map<String, Object>> issues = new ArrayList<>();
        for (Map<String, Object> item : objects(call.array(response))) {
            if (!item.containsKey("pull_request")) { // the issues endpoint lists pull requests too
                issues.add(ActionViews.issue(item, false));
            }
        }
        return page("issues", issues, call, response);
    }

    private ActionResult getIssue(ActionParams params, ActionRequest request, AccessToken token)
            throws ActionException {
        RepoRef repo = RepoRef.read(params);
        long number = params.requiredPositive("issue_number");
        params.check();
        GitHubActionCall call = call(request, token);
        return ActionResult.of(ActionViews.issue(call.object(call.get(repo.path("/issues/" + number))), true));
    }

    private ActionResult createIssue(ActionParams params, ActionRequest request, AccessToken token)
            throws ActionException {
        RepoRef repo = RepoRef.read(params);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("title", params.requiredText("title", MAX_TITLE));
        putIfPresent(body, "body", params.optionalText("body", MAX_BODY));
        putIfNotEmpty(body, "labels", params.optionalStrings("labels", MAX_LABELS));
        putIfNotEmpty(body, "assignees", params.optionalStrings("assignees", MAX_ASSIGNEES));
        params.check();
        GitHubActionCall call = call(request, token);
        return ActionResult.of(ActionViews.issue(call.object(call.post(repo.path("/issues"), body)), false));
    }

    private ActionResult addComment(ActionParams params, ActionRequest request, AccessToken token)
            throws ActionException {
        RepoRef repo = RepoRef.read(params);
        long number = params.requiredPositive("issue_number");
        String text = params.requiredText("body", MAX_BODY);
        params.check();
        GitHubActionCall call = call(request, token);
        Response response = call.post(repo.path("/issues/" + number + "/comments"), Map.of("body", text));
        Map<String, Object> comment = ActionViews.comment(call.object(response));
        comment.put("issue_number", number);
        return ActionResult.of(comment);
    }

    private ActionResult listPullRequests(ActionParams params, ActionRequest request, AccessToken token)
            throws ActionException {
        RepoRef repo = RepoRef.read(params);
        String state = params.optionalEnum("state", STATES, "open");
        String paging = paging(params);
        params.check();
        GitHubActionCall call = call(request, token);
        Response response = call.get(repo.path("/pulls") + "?state=" + state + paging);
        List<Map<String, Object>> pulls = objects(call.array(response)).stream().map(ActionViews::pullRequest).toList();
        return page("pull_requests", pulls, call, response);
    }

    private ActionResult createReviewComment(ActionParams params, ActionRequest request, AccessToken token)
            throws ActionException {
        RepoRef repo = RepoRef.read(params);
        long number = params.requiredPositive("pull_number");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("body", params.requiredText("body", MAX_BODY));
        body.put("commit_id", params.requiredMatching("commit_id", COMMIT_SHA, "must be a full commit SHA"));
        body.put("path", params.requiredText("path", 4096));
        body.put("line", params.requiredPositive("line"));
        body.put("side", params.optionalEnum("side", SIDES, "RIGHT"));
        params.check();
        GitHubActionCall call = call(request, token);
        Response response = call.post(repo.path("/pulls/" + number + "/comments"), body);
        Map<String, Object> comment = ActionViews.comment(call.object(response));
        comment.put("pull_number", number);
        return ActionResult.of(comment);
    }

    private ActionResult deleteBranch(ActionParams params, ActionRequest request, AccessToken token)
            throws ActionException {
        RepoRef repo = RepoRef.read(params);
        String name = params.requiredText("branch", 255);
        String branch = name == null ? null : BranchNames.normalize(name).orElse(null);
        if (name != null && branch == null) {
            params.reject("branch", "is not a valid git branch name");
        }
        params.check();
        call(request, token).delete(repo.path("/git/refs/heads/" + BranchNames.path(branch)));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("deleted", true);
        result.put("branch", branch);
        return ActionResult.of(result);
    }

    private GitHubActionCall call(ActionRequest request, AccessToken token) throws ActionException {
        return GitHubActionCall.open(http, client, request, token, GitHubActionCatalog.params(request.action()));
    }

    private static String paging(ActionParams params) {
        int perPage = params.optionalInt("per_page", 1, MAX_PER_PAGE, DEFAULT_PER_PAGE);
        int page = params.optionalInt("page", 1, MAX_PAGE, 1);
        return "&per_page=" + perPage + "&page=" + page;
    }

    private static ActionResult page(String name, List<Map<String, Object>> items, GitHubActionCall call,
            Response response) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put(name, items);
        data.put("count", items.size());
        call.nextPage(response).ifPresent(next -> data.put("next_page", next));
        return ActionResult.of(data);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> objects(List<Object> array) {
        return array.stream().filter(Map.class::isInstance).map(item -> (Map<String, Object>) item).toList();
    }

    private static void putIfPresent(Map<String, Object> body, String name, Object value) {
        if (value != null) {
            body.put(name, value);
        }
    }

    private static void putIfNotEmpty(Map<String, Object> body, String name, List<String> values) {
        if (!values.isEmpty()) {
            body.put(name, values);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
