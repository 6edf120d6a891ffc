package dev.switchboard.integrations.github;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.switchboard.spi.AccessToken;
import dev.switchboard.spi.SecretValue;
import dev.switchboard.spi.action.ActionContext;
import dev.switchboard.spi.action.ActionDefinition;
import dev.switchboard.spi.action.ActionException;
import dev.switchboard.spi.action.ActionException.Kind;
import dev.switchboard.spi.action.ActionRequest;
import dev.switchboard.spi.action.ActionResult;
import dev.switchboard.spi.action.RiskLevel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The action adapter against WireMock playing api.github.com with the responses GitHub documents. */
class GitHubActionAdapterTest {

    @RegisterExtension
    static final WireMockExtension GITHUB = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    static final String TOKEN = "gho_UserAccessTokenValue0001";
    static final String REPO = "/repos/octocat/hello-world";
    static final String SHA = "6dcb09b5b57875f334f61aebed695e2e4193db5e";

    private final GitHubActionAdapter adapter = new GitHubActionAdapter();

    private ActionResult run(String action, Map<String, Object> params) throws ActionException {
        return run(action, params, Clock.fixed(NOW, ZoneOffset.UTC), NOW.plusSeconds(30));
    }

    private ActionResult run(String action, Map<String, Object> params, Clock clock, Instant deadline)
            throws ActionException {
        ActionContext context = new ActionContext("org-1", "int-1", "ses-1",
                Map.of("apiBaseUrl", GITHUB.baseUrl()), clock);
        return adapter.execute(new ActionRequest(action, params, context, deadline, "inv-1"),
                AccessToken.bearer(TOKEN));
    }

    private ActionException failure(String action, Map<String, Object> params) {
        return assertThrows(ActionException.class, () -> run(action, params));
    }

    static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody(body);
    }

    static Map<String, Object> repo(Object... more) {
        Map<String, Object> params = new HashMap<>(Map.of("owner", "octocat", "repo", "hello-world"));
        for (int i = 0; i < more.length; i += 2) {
            params.put((String) more[i], more[i + 1]);
        }
        return params;
    }

    static final String ISSUE = """
            {"id": 1, "node_id": "MDU6SXNzdWUx", "url": "https://api.github.com/repos/octocat/hello-world/issues/1347",
             "html_url": "https://github.com/octocat/hello-world/issues/1347", "number": 1347, "state": "open",
             "title": "Found a bug", "body": "I'm having a problem with this.",
             "user": {"login": "octocat", "id": 1, "type": "User"},
             "labels": [{"id": 208045946, "name": "bug", "color": "f29513", "default": true}],
             "assignee": {"login": "hubot", "id": 2}, "assignees": [{"login": "hubot", "id": 2}],
             "locked": false, "comments": 3, "closed_at": null,
             "created_at": "2011-04-22T13:33:48Z", "updated_at": "2011-04-22T13:33:48Z", "author_association": "OWNER"}""";

    static final String PULL_AS_ISSUE = """
            {"id": 2, "number": 1348, "state": "open", "title": "Fix the bug",
             "html_url": "https://github.com/octocat/hello-world/pull/1348", "user": {"login": "hubot"},
             "labels": [], "assignees": [], "comments": 0,
             "pull_request": {"url": "https://api.github.com/repos/octocat/hello-world/pulls/1348"}}""";

    // ---- description ------------------------------------------------------------------------------------------

    @Test
    void describesItself() {
        assertEquals("github", adapter.descriptor().id());
        assertEquals("github", adapter.service());
        assertTrue(adapter.requiresConnection());
        assertEquals(List.of("list_issues", "get_issue", "create_issue", "add_comment", "list_pull_requests",
                "create_review_comment", "delete_branch"), adapter.actions().stream().map(ActionDefinition::name).toList());
        assertEquals(Map.of("list_issues", RiskLevel.READ, "get_issue", RiskLevel.READ,
                "list_pull_requests", RiskLevel.READ, "create_issue", RiskLevel.WRITE, "add_comment", RiskLevel.WRITE,
                "create_review_comment", RiskLevel.WRITE, "delete_branch", RiskLevel.DANGER),
                Map.ofEntries(adapter.actions().stream().map(a -> Map.entry(a.name(), a.riskLevel()))
                        .toArray(Map.Entry[]::new)));
        assertTrue(adapter.guide().startsWith("# GitHub"));
    }

    @Test
    void schemasAreDraft202012ObjectsWithTheirRequiredParameters() throws Exception {
        Map<String, List<String>> required = Map.of(
                "list_issues", List.of("owner", "repo"),
                "get_issue", List.of("owner", "repo", "issue_number"),
                "create_issue", List.of("owner", "repo", "title"),
                "add_comment", List.of("owner", "repo", "issue_number", "body"),
                "list_pull_requests", List.of("owner", "repo"),
                "create_review_comment", List.of("owner", "repo", "pull_number", "body", "commit_id", "path", "line"),
                "delete_branch", List.of("owner", "repo", "branch"));
        ObjectMapper mapper = new ObjectMapper();
        new ObjectMapper().readTree(adapter.descriptor().configSchema());
        for (ActionDefinition action : adapter.actions()) {
            JsonNode schema = mapper.readTree(action.paramsSchema());
            assertEquals("https://json-schema.org/draft/2020-12/schema", schema.path("$schema").asText(), action.name());
            assertEquals("object", schema.path("type").asText());
            assertFalse(schema.path("additionalProperties").asBoolean(true));
            List<String> names = new ArrayList<>();
            schema.path("required").forEach(name -> names.add(name.asText()));
            assertEquals(required.get(action.name()), names, action.name());
            names.forEach(name -> assertTrue(schema.path("properties").has(name), action.name() + "." + name));
        }
        JsonNode listIssues = mapper.readTree(adapter.action("list_issues").orElseThrow().paramsSchema());
        assertEquals(50, listIssues.path("properties").path("per_page").path("maximum").asInt());
    }

    // ---- each action's request and result ---------------------------------------------------------------------

    @Test
    void listIssuesSendsTheFiltersAndLeavesPullRequestsOut() throws ActionException {
        GITHUB.stubFor(get(urlPathEqualTo(REPO + "/issues")).willReturn(json(200, "[" + ISSUE + "," + PULL_AS_ISSUE + "]")
                .withHeader("Link", "<" + GITHUB.baseUrl() + REPO + "/issues?state=open&per_page=10&page=2>; rel=\"next\", <"
                        + GITHUB.baseUrl() + REPO + "/issues?state=open&per_page=10&page=5>; rel=\"last\"")));

        ActionResult result = run("list_issues", repo("labels", List.of("bug", "ui"), "per_page", 10));

        GITHUB.verify(getRequestedFor(urlPathEqualTo(REPO + "/issues"))
                .withQueryParam("state", equalTo("open"))
                .withQueryParam("labels", equalTo("bug,ui"))
                .withQueryParam("per_page", equalTo("10"))
                .withQueryParam("page", equalTo("1"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withHeader("Accept", equalTo("application/vnd.github+json"))
                .withHeader("X-GitHub-Api-Version", equalTo("2022-11-28")));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> issues = (List<Map<String, Object>>) result.data().get("issues");
        assertEquals(1, issues.size());
        assertEquals(1, result.data().get("count"));
        assertEquals(2, result.data().get("next_page"));
        Map<String, Object> issue = issues.get(0);
        assertEquals(1347L, issue.get("number"));
        assertEquals("Found a bug", issue.get("title"));
        assertEquals("https://github.com/octocat/hello-world/issues/1347", issue.get("url"));
        assertEquals("octocat", issue.get("author"));
        assertEquals(List.of("bug"), issue.get("labels"));
        assertEquals(List.of("hubot"), issue.get("assignees"));
        assertFalse(issue.containsKey("body"), "lists leave bodies out");
    }

    @Test
    void listIssuesWithoutANextLinkHasNoNextPage() throws ActionException {
        GITHUB.stubFor(get(urlPathEqualTo(REPO + "/issues")).willReturn(json(200, "[]")));

        ActionResult result = run("list_issues", repo("state", "closed", "page", 3));

        GITHUB.verify(getRequestedFor(urlEqualTo(REPO + "/issues?state=closed&per_page=30&page=3")));
        assertEquals(List.of(), result.data().get("issues"));
        assertFalse(result.data().containsKey("next_page"));
    }

    @Test
    void getIssueReturnsTheIssueWithItsBody() throws ActionException {
        GITHUB.stubFor(get(urlEqualTo(REPO + "/issues/1347")).willReturn(json(200, ISSUE)));

        ActionResult result = run("get_issue", repo("issue_number", 1347));

        assertEquals(1347L, result.data().get("number"));
        assertEquals("I'm having a problem with this.", result.data().get("body"));
        assertEquals(3L, result.data().get("comments"));
        assertFalse(result.data().containsKey("body_truncated"));
    }

    @Test
    void getIssueCutsALongBody() throws ActionException {
        String body = "x".repeat(10_000);
        GITHUB.stubFor(get(urlEqualTo(REPO + "/issues/7")).willReturn(json(200,
                "{\"number\": 7, \"title\": \"t\", \"body\": \"" + body + "\"}")));

        ActionResult result = run("get_issue", repo("issue_number", "7"));

        assertEquals(4000, ((String) result.data().get("body")).length());
        assertEquals(true, result.data().get("body_truncated"));
    }

    @Test
    void createIssuePostsTheIssue() throws ActionException {
        GITHUB.stubFor(post(urlEqualTo(REPO + "/issues")).willReturn(json(201, ISSUE)
                .withHeader("Location", "https://api.github.com/repos/octocat/hello-world/issues/1347")));

        ActionResult result = run("create_issue", repo("title", "Found a bug", "body", "I'm having a problem with this.",
                "labels", List.of("bug"), "assignees", List.of("hubot")));

        GITHUB.verify(postRequestedFor(urlEqualTo(REPO + "/issues"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withHeader("Content-Type", equalTo("application/json"))
                .withHeader("X-GitHub-Api-Version", equalTo("2022-11-28"))
                .withRequestBody(equalToJson("""
                        {"title": "Found a bug", "body": "I'm having a problem with this.",
                         "labels": ["bug"], "assignees": ["hubot"]}""")));
        assertEquals(1347L, result.data().get("number"));
        assertEquals("https://github.com/octocat/hello-world/issues/1347", result.data().get("url"));
    }

    @Test
    void createIssueSendsOnlyWhatWasGiven() throws ActionException {
        GITHUB.stubFor(post(urlEqualTo(REPO + "/issues")).willReturn(json(201, ISSUE)));

        run("create_issue", repo("title", "Found a bug"));

        GITHUB.verify(postRequestedFor(urlEqualTo(REPO + "/issues"))
                .withRequestBody(equalToJson("{\"title\": \"Found a bug\"}")));
    }

    @Test
    void addCommentPostsToTheIssueConversation() throws ActionException {
        GITHUB.stubFor(post(urlEqualTo(REPO + "/issues/1347/comments")).willReturn(json(201, """
                {"id": 1, "node_id": "MDEyOklzc3VlQ29tbWVudDE=",
                 "html_url": "https://github.com/octocat/hello-world/issues/1347#issuecomment-1",
                 "body": "Me too", "user": {"login": "octocat", "id": 1},
                 "created_at": "2011-04-14T16:00:49Z", "updated_at": "2011-04-14T16:00:49Z"}""")));

        ActionResult result = run("add_comment", repo("issue_number", 1347, "body", "Me too"));

        GITHUB.verify(postRequestedFor(urlEqualTo(REPO + "/issues/1347/comments"))
                .withRequestBody(equalToJson("{\"body\": \"Me too\"}")));
        assertEquals(Map.of("id", 1L, "url", "https://github.com/octocat/hello-world/issues/1347#issuecomment-1",
                "author", "octocat", "created_at", "2011-04-14T16:00:49Z", "issue_number", 1347L), result.data());
    }

    @Test
    void listPullRequestsReturnsHeadsAndBases() throws ActionException {
        GITHUB.stubFor(get(urlPathEqualTo(REPO + "/pulls")).willReturn(json(200, """
                [{"id": 1, "number": 1347, "state": "open", "title": "Amazing new feature", "draft": false,
                  "html_url": "https://github.com/octocat/hello-world/pull/1347", "user": {"login": "octocat"},
                  "labels": [{"name": "bug"}],
                  "head": {"label": "octocat:new-topic", "ref": "new-topic", "sha": "%s"},
                  "base": {"label": "octocat:master", "ref": "master", "sha": "%s"},
                  "created_at": "2011-01-26T19:01:12Z", "updated_at": "2011-01-26T19:01:12Z", "merged_at": null}]"""
                .formatted(SHA, SHA))));

        ActionResult result = run("list_pull_requests", repo("state", "all", "per_page", 50));

        GITHUB.verify(getRequestedFor(urlEqualTo(REPO + "/pulls?state=all&per_page=50&page=1"))
                .withHeader("Accept", equalTo("application/vnd.github+json")));
        @SuppressWarnings("unchecked")
        Map<String, Object> pull = ((List<Map<String, Object>>) result.data().get("pull_requests")).get(0);
        assertEquals(1347L, pull.get("number"));
        assertEquals("new-topic", pull.get("head_ref"));
        assertEquals(SHA, pull.get("head_sha"));
        assertEquals("master", pull.get("base_ref"));
        assertEquals(false, pull.get("draft"));
        assertFalse(pull.containsKey("merged_at"));
    }

    @Test
    void createReviewCommentPostsOnADiffLine() throws ActionException {
        GITHUB.stubFor(post(urlEqualTo(REPO + "/pulls/12/comments")).willReturn(json(201, """
                {"id": 10, "pull_request_review_id": 42, "diff_hunk": "@@ -16,33 +16,40 @@", "path": "file1.txt",
                 "commit_id": "%s", "original_commit_id": "%s", "user": {"login": "octocat"},
                 "body": "Great stuff!", "created_at": "2011-04-14T16:00:49Z",
                 "html_url": "https://github.com/octocat/hello-world/pull/12#discussion-diff-1",
                 "line": 2, "side": "RIGHT", "subject_type": "line"}""".formatted(SHA, SHA))));

        ActionResult result = run("create_review_comment", repo("pull_number", 12, "body", "Great stuff!",
                "commit_id", SHA, "path", "file1.txt", "line", 2));

        GITHUB.verify(postRequestedFor(urlEqualTo(REPO + "/pulls/12/comments"))
                .withRequestBody(equalToJson("""
                        {"body": "Great stuff!", "commit_id": "%s", "path": "file1.txt", "line": 2, "side": "RIGHT"}"""
                        .formatted(SHA))));
        assertEquals(10L, result.data().get("id"));
        assertEquals("file1.txt", result.data().get("path"));
        assertEquals(2L, result.data().get("line"));
        assertEquals(12L, result.data().get("pull_number"));
    }

    @Test
    void deleteBranchDeletesTheRefKeepingSlashes() throws ActionException {
        GITHUB.stubFor(delete(urlEqualTo(REPO + "/git/refs/heads/feature/login")).willReturn(aResponse().withStatus(204)));

        ActionResult result = run("delete_branch", repo("branch", "refs/heads/feature/login"));

        GITHUB.verify(deleteRequestedFor(urlEqualTo(REPO + "/git/refs/heads/feature/login"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN)));
        assertEquals(Map.of("deleted", true, "branch", "feature/login"), result.data());
    }

    @Test
    void deletingABranchThatDoesNotExistIsNotFound() {
        GITHUB.stubFor(delete(urlEqualTo(REPO + "/git/refs/heads/gone")).willReturn(json(422, """
                {"message": "Reference does not exist",
                 "documentation_url": "https://docs.github.com/rest/git/refs#delete-a-reference", "status": "422"}""")));

        assertEquals(Kind.NOT_FOUND, failure("delete_branch", repo("branch", "gone")).kind());
    }

    @Test
    void installationTokensAreSentAsBearerTokensToo() throws ActionException {
        GITHUB.stubFor(get(urlEqualTo(REPO + "/issues/1")).willReturn(json(200, ISSUE)));
        ActionContext context = new ActionContext("org-1", "int-2", null, Map.of("apiBaseUrl", GITHUB.baseUrl() + "/"),
                Clock.fixed(NOW, ZoneOffset.UTC));

        adapter.execute(new ActionRequest("get_issue", repo("issue_number", 1), context, NOW.plusSeconds(30), null),
                new AccessToken(SecretValue.of("ghs_InstallationToken0002"), "token", NOW.plusSeconds(3600)));

        GITHUB.verify(getRequestedFor(urlEqualTo(REPO + "/issues/1"))
                .withHeader("Authorization", equalTo("Bearer ghs_InstallationToken0002")));
    }

    // ---- parameters are checked before any call ---------------------------------------------------------------

    static Stream<Arguments> missingParameters() {
        return Stream.of(
                Arguments.of("list_issues", Set.of("owner", "repo")),
                Arguments.of("get_issue", Set.of("owner", "repo", "issue_number")),
                Arguments.of("create_issue", Set.of("owner", "repo", "title")),
                Arguments.of("add_comment", Set.of("owner", "repo", "issue_number", "body")),
                Arguments.of("list_pull_requests", Set.of("owner", "repo")),
                Arguments.of("create_review_comment",
                        Set.of("owner", "repo", "pull_number", "body", "commit_id", "path", "line")),
                Arguments.of("delete_branch", Set.of("owner", "repo", "branch")));
    }

    @ParameterizedTest
    @MethodSource("missingParameters")
    void missingRequiredParametersAreBadParamsWithoutACall(String action, Set<String> required) {
        ActionException failure = failure(action, Map.of());

        assertEquals(Kind.BAD_PARAMS, failure.kind());
        assertEquals(required, failure.fieldErrors().keySet());
        GITHUB.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void malformedParametersAreBadParamsWithoutACall() {
        ActionException list = failure("list_issues", Map.of("owner", "../admin", "repo", "..", "state", "merged",
                "per_page", 51, "labels", List.of(1)));
        ActionException comment = failure("create_review_comment", repo("pull_number", 0, "body", " ",
                "commit_id", "HEAD", "path", "a.txt", "line", 2.5, "side", "MIDDLE"));
        ActionException branch = failure("delete_branch", repo("branch", "../main"));

        assertEquals(Set.of("owner", "repo", "state", "per_page", "labels"), list.fieldErrors().keySet());
        assertEquals(Set.of("pull_number", "body", "commit_id", "line", "side"), comment.fieldErrors().keySet());
        assertEquals(Set.of("branch"), branch.fieldErrors().keySet());
        GITHUB.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void unknownActionIsNotFound() {
        assertEquals(Kind.NOT_FOUND, failure("merge_everything", repo()).kind());
    }

    @Test
    void aMissingTokenIsUnauthorizedWithoutACall() {
        ActionContext context = new ActionContext("org-1", null, null, Map.of("apiBaseUrl", GITHUB.baseUrl()),
                Clock.fixed(NOW, ZoneOffset.UTC));

        ActionException failure = assertThrows(ActionException.class, () -> adapter.execute(
                new ActionRequest("list_issues", repo(), context, NOW.plusSeconds(30), null), AccessToken.NONE));

        assertEquals(Kind.UNAUTHORIZED, failure.kind());
        GITHUB.verify(0, anyRequestedFor(anyUrl()));
    }

    // ---- error mapping ----------------------------------------------------------------------------------------

    @Test
    void http401IsUnauthorized() {
        GITHUB.stubFor(get(anyUrl()).willReturn(json(401, """
                {"message": "Bad credentials", "documentation_url": "https://docs.github.com/rest", "status": "401"}""")));

        assertEquals(Kind.UNAUTHORIZED, failure("list_issues", repo()).kind());
    }

    @Test
    void exhaustedPrimaryRateLimitWaitsUntilTheReset() {
        GITHUB.stubFor(get(anyUrl()).willReturn(json(403, """
                {"message": "API rate limit exceeded for user ID 1.", "documentation_url": "https://docs.github.com/rest"}""")
                .withHeader("x-ratelimit-limit", "5000").withHeader("x-ratelimit-remaining", "0")
                .withHeader("x-ratelimit-used", "5000")
                .withHeader("x-ratelimit-reset", String.valueOf(NOW.getEpochSecond() + 120))));

        ActionException failure = failure("list_issues", repo());

        assertEquals(Kind.RATE_LIMITED, failure.kind());
        assertEquals(Duration.ofSeconds(120), failure.retryAfter().orElseThrow());
    }

    @Test
    void http429WaitsRetryAfter() {
        GITHUB.stubFor(post(anyUrl()).willReturn(json(429, "{\"message\": \"Too many requests\"}")
                .withHeader("Retry-After", "30")));

        ActionException failure = failure("create_issue", repo("title", "t"));

        assertEquals(Kind.RATE_LIMITED, failure.kind());
        assertEquals(Duration.ofSeconds(30), failure.retryAfter().orElseThrow());
    }

    @Test
    void secondaryRateLimitWithoutHeadersWaitsAMinute() {
        GITHUB.stubFor(post(anyUrl()).willReturn(json(403, """
                {"message": "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
                 "documentation_url": "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api"}""")));

        ActionException failure = failure("add_comment", repo("issue_number", 1, "body", "b"));

        assertEquals(Kind.RATE_LIMITED, failure.kind());
        assertEquals(Duration.ofSeconds(60), failure.retryAfter().orElseThrow());
    }

    @Test
    void forbiddenWithoutRateLimitIsAnUpstreamErrorThatARefreshWouldNotFix() {
        GITHUB.stubFor(post(anyUrl()).willReturn(json(403, """
                {"message": "Resource not accessible by integration", "documentation_url": "https://docs.github.com/rest",
                 "status": "403"}""").withHeader("x-ratelimit-remaining", "4999")));

        ActionException failure = failure("create_issue", repo("title", "t"));

        assertEquals(Kind.UPSTREAM_ERROR, failure.kind());
        assertEquals(OptionalInt.of(403), failure.upstreamStatus());
        assertTrue(failure.getMessage().contains("Resource not accessible by integration"), failure.getMessage());
    }

    @Test
    void http404IsNotFound() {
        GITHUB.stubFor(get(anyUrl()).willReturn(json(404, """
                {"message": "Not Found", "documentation_url": "https://docs.github.com/rest/issues/issues#get-an-issue",
                 "status": "404"}""")));

        assertEquals(Kind.NOT_FOUND, failure("get_issue", repo("issue_number", 99999)).kind());
    }

    @Test
    void http422IsBadParamsWithGitHubsFieldErrors() {
        GITHUB.stubFor(post(anyUrl()).willReturn(json(422, """
                {"message": "Validation Failed",
                 "errors": [{"value": "nobody-here", "resource": "Issue", "field": "assignees", "code": "invalid"},
                            {"resource": "Issue", "field": "title", "code": "custom", "message": "title is too long"},
                            {"resource": "Issue", "field": "milestone", "code": "invalid"}],
                 "documentation_url": "https://docs.github.com/rest/issues/issues#create-an-issue", "status": "422"}""")));

        ActionException failure = failure("create_issue", repo("title", "t", "assignees", List.of("nobody-here")));

        assertEquals(Kind.BAD_PARAMS, failure.kind());
        assertEquals(Map.of("assignees", "GitHub: invalid", "title", "GitHub: custom (title is too long)",
                "params", "GitHub: invalid"), failure.fieldErrors());
        assertFalse(failure.getMessage().contains("nobody-here"), "values stay out");
    }

    @Test
    void reviewCommentOutsideTheDiffIsBadParamsForLine() {
        GITHUB.stubFor(post(anyUrl()).willReturn(json(422, """
                {"message": "Validation Failed",
                 "errors": ["pull_request_review_thread.line must be part of the diff"],
                 "documentation_url": "https://docs.github.com/rest/pulls/comments", "status": "422"}""")));

        ActionException failure = failure("create_review_comment", repo("pull_number", 12, "body", "b",
                "commit_id", SHA, "path", "file1.txt", "line", 999));

        assertEquals(Kind.BAD_PARAMS, failure.kind());
        assertEquals(Set.of("line"), failure.fieldErrors().keySet());
    }

    @Test
    void serverErrorsAreUpstreamErrorsWithTheStatus() {
        GITHUB.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(502).withBody("<html>Bad gateway</html>")));

        ActionException failure = failure("list_pull_requests", repo());

        assertEquals(Kind.UPSTREAM_ERROR, failure.kind());
        assertEquals(OptionalInt.of(502), failure.upstreamStatus());
    }

    @Test
    void aBrokenConnectionIsAnUpstreamErrorWithoutStatus() {
        GITHUB.stubFor(get(anyUrl()).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        ActionException failure = failure("get_issue", repo("issue_number", 1));

        assertEquals(Kind.UPSTREAM_ERROR, failure.kind());
        assertEquals(OptionalInt.empty(), failure.upstreamStatus());
    }

    // ---- deadline ---------------------------------------------------------------------------------------------

    @Test
    void aSlowAnswerFailsAtTheDeadline() {
        GITHUB.stubFor(get(anyUrl()).willReturn(json(200, ISSUE).withFixedDelay(5_000)));
        Clock clock = Clock.systemUTC();
        long start = System.nanoTime();

        ActionException failure = assertThrows(ActionException.class, () -> run("get_issue", repo("issue_number", 1),
                clock, clock.instant().plusMillis(400)));

        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertEquals(Kind.UPSTREAM_ERROR, failure.kind());
        assertTrue(took.compareTo(Duration.ofSeconds(3)) < 0, "gave up after " + took);
    }

    @Test
    void aBodyTricklingInPastTheDeadlineIsCutOff() {
        GITHUB.stubFor(get(anyUrl()).willReturn(json(200, ISSUE).withChunkedDribbleDelay(10, 5_000)));
        Clock clock = Clock.systemUTC();
        long start = System.nanoTime();

        ActionException failure = assertThrows(ActionException.class, () -> run("get_issue", repo("issue_number", 1),
                clock, clock.instant().plusMillis(400)));

        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertEquals(Kind.UPSTREAM_ERROR, failure.kind());
        assertTrue(took.compareTo(Duration.ofSeconds(3)) < 0, "gave up after " + took);
    }

    @Test
    void aPassedDeadlineMakesNoCall() {
        ActionException failure = assertThrows(ActionException.class, () -> run("list_issues", repo(),
                Clock.fixed(NOW, ZoneOffset.UTC), NOW.minusSeconds(1)));

        assertEquals(Kind.UPSTREAM_ERROR, failure.kind());
        GITHUB.verify(0, anyRequestedFor(anyUrl()));
    }

    // ---- secrets ----------------------------------------------------------------------------------------------

    @Test
    void theTokenIsNeverInMessagesOrToStrings() {
        List<String> printed = new ArrayList<>();
        int[] statuses = {401, 403, 404, 422, 429, 500};
        for (int status : statuses) {
            GITHUB.resetAll();
            GITHUB.stubFor(post(anyUrl()).willReturn(json(status,
                    "{\"message\": \"failed\", \"errors\": [{\"field\": \"title\", \"code\": \"invalid\"}]}")));
            ActionException failure = failure("create_issue", repo("title", "t"));
            printed.add(failure.getMessage());
            printed.add(failure.toString());
            printed.add(failure.fieldErrors().toString());
        }
        GITHUB.resetAll();
        GITHUB.stubFor(post(anyUrl()).willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));
        printed.add(failure("create_issue", repo("title", "t")).getMessage());
        printed.add(AccessToken.bearer(TOKEN).toString());

        for (String text : printed) {
            assertFalse(text.contains(TOKEN), text);
        }
    }
}
