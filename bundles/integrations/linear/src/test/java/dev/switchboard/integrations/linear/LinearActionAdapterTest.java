package dev.switchboard.integrations.linear;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import dev.switchboard.spi.AccessToken;
import dev.switchboard.spi.action.ActionContext;
import dev.switchboard.spi.action.ActionDefinition;
import dev.switchboard.spi.action.ActionException;
import dev.switchboard.spi.action.ActionException.Kind;
import dev.switchboard.spi.action.ActionRequest;
import dev.switchboard.spi.action.ActionResult;
import dev.switchboard.spi.action.RiskLevel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.verify;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@WireMockTest
class LinearActionAdapterTest {

    private static final Instant NOW = Instant.parse("2025-01-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final Instant DEADLINE = NOW.plusSeconds(30);
    private static final String SECRET = "lin_oauth_secret_1";
    private static final AccessToken TOKEN = AccessToken.bearer(SECRET);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String ISSUE = """
            {"id": "9cfb482a-81e3-4154-b5b9-2c805e70a02d", "identifier": "ENG-123", "title": "Checkout fails",
             "priority": 2, "priorityLabel": "High", "url": "https://linear.app/acme/issue/ENG-123/checkout-fails",
             "createdAt": "2024-12-30T09:00:00.000Z", "updatedAt": "2024-12-31T10:00:00.000Z",
             "state": {"id": "s1", "name": "In Progress", "type": "started"},
             "team": {"id": "t1", "key": "ENG", "name": "Engineering"},
             "assignee": {"id": "u1", "name": "Ada Lovelace", "email": "ada@example.com"},
             "project": null,
             "labels": {"nodes": [{"id": "l1", "name": "Bug"}]}}""";

    private final LinearActionAdapter adapter = new LinearActionAdapter();
    private String base;

    @BeforeEach
    void setUp(WireMockRuntimeInfo wireMock) {
        base = wireMock.getHttpBaseUrl();
    }

    private ActionRequest request(String action, Map<String, Object> params, String idempotencyKey, Instant deadline) {
        ActionContext context = new ActionContext("org-1", "int-1", "ses-1", Map.of("apiBaseUrl", base), CLOCK);
        return new ActionRequest(action, params, context, deadline, idempotencyKey);
    }

    private ActionResult run(String action, Map<String, Object> params) throws ActionException {
        return adapter.execute(request(action, params, null, DEADLINE), TOKEN);
    }

    private ActionException failure(String action, Map<String, Object> params) {
        return assertThrows(ActionException.class, () -> run(action, params));
    }

    private static void answer(int status, String body) {
        stubFor(post("/graphql").willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json").withBody(body)));
    }

    private static void verifyNothingSent() {
        verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void describesItsActionsAndRiskLevels() {
        assertEquals("linear", adapter.descriptor().id());
        assertEquals("linear", adapter.service());
        assertTrue(adapter.requiresConnection());
        Map<String, RiskLevel> risks = new LinkedHashMap<>();
        adapter.actions().forEach(action -> risks.put(action.name(), action.riskLevel()));
        assertEquals(List.of("list_issues", "get_issue", "create_issue", "update_issue", "add_comment",
                "delete_issue"), List.copyOf(risks.keySet()));
        assertEquals(List.of(RiskLevel.READ, RiskLevel.READ, RiskLevel.WRITE, RiskLevel.WRITE, RiskLevel.WRITE,
                RiskLevel.DANGER), List.copyOf(risks.values()));
        risks.keySet().forEach(name -> assertTrue(adapter.guide().contains("`" + name + "`"), name));
    }

    @Test
    void schemasAreDraft2020ObjectsWithDeclaredRequiredFields() throws Exception {
        Map<String, Set<String>> required = Map.of("list_issues", Set.of(), "get_issue", Set.of("issueId"),
                "create_issue", Set.of("teamId", "title"), "update_issue", Set.of("issueId"),
                "add_comment", Set.of("issueId", "body"), "delete_issue", Set.of("issueId"));
        for (ActionDefinition action : adapter.actions()) {
            JsonNode schema = JSON.readTree(action.paramsSchema());
            assertEquals("https://json-schema.org/draft/2020-12/schema", schema.path("$schema").asText(), action.name());
            assertEquals("object", schema.path("type").asText());
            assertFalse(schema.path("additionalProperties").asBoolean(true), action.name());
            Set<String> names = new java.util.HashSet<>();
            schema.path("required").forEach(name -> names.add(name.asText()));
            assertEquals(required.get(action.name()), names, action.name());
            names.forEach(name -> assertTrue(schema.path("properties").has(name), action.name() + "." + name));
            schema.path("properties").forEach(property -> assertTrue(property.has("type"), action.name()));
        }
        assertEquals(50, JSON.readTree(adapter.action("list_issues").orElseThrow().paramsSchema())
                .path("properties").path("first").path("maximum").asInt());
        JSON.readTree(adapter.descriptor().configSchema());
    }

    @Test
    void listIssuesSendsTheFiltersAndMapsThePage() throws ActionException {
        answer(200, """
                {"data": {"issues": {"nodes": [%s],
                  "pageInfo": {"hasNextPage": true, "endCursor": "cursor-2"}}}}""".formatted(ISSUE));

        Map<String, Object> params = new LinkedHashMap<>();
        params.put("team", "ENG");
        params.put("state", "In Progress");
        params.put("assignee", "me");
        params.put("query", "checkout");
        params.put("first", 10);
        params.put("after", "cursor-1");
        ActionResult result = run("list_issues", params);

        verify(postRequestedFor(urlEqualTo("/graphql"))
                .withHeader("Authorization", equalTo("Bearer " + SECRET))
                .withRequestBody(matchingJsonPath("$.query", containing("issues(first: $first, after: $after, filter: $filter")))
                .withRequestBody(equalToJson("""
                        {"query": "${json-unit.any-string}",
                         "variables": {"first": 10, "after": "cursor-1", "filter": {
                           "team": {"key": {"eqIgnoreCase": "ENG"}},
                           "state": {"name": {"eqIgnoreCase": "In Progress"}},
                           "assignee": {"isMe": {"eq": true}},
                           "or": [{"title": {"containsIgnoreCase": "checkout"}},
                                  {"description": {"containsIgnoreCase": "checkout"}}]}}}""")));
        List<?> issues = (List<?>) result.data().get("issues");
        Map<?, ?> issue = (Map<?, ?>) issues.get(0);
        assertEquals("ENG-123", issue.get("identifier"));
        assertEquals(2, issue.get("priority"));
        assertEquals(Map.of("id", "s1", "name", "In Progress", "type", "started"), issue.get("state"));
        assertEquals(List.of(Map.of("id", "l1", "name", "Bug")), issue.get("labels"));
        assertNull(issue.get("project"));
        assertFalse(issue.containsKey("description"));
        assertEquals(true, result.data().get("hasNextPage"));
        assertEquals("cursor-2", result.data().get("nextCursor"));
    }

    @Test
    void listIssuesWithoutFiltersAsksForTheDefaultPage() throws ActionException {
        answer(200, "{\"data\": {\"issues\": {\"nodes\": [], \"pageInfo\": {\"hasNextPage\": false, \"endCursor\": null}}}}");

        ActionResult result = run("list_issues", Map.of("team", "9cfb482a-81e3-4154-b5b9-2c805e70a02d"));

        verify(postRequestedFor(urlEqualTo("/graphql")).withRequestBody(equalToJson("""
                {"query": "${json-unit.any-string}", "variables": {"first": 25,
                 "filter": {"team": {"id": {"eq": "9cfb482a-81e3-4154-b5b9-2c805e70a02d"}}}}}""")));
        assertEquals(List.of(), result.data().get("issues"));
        assertNull(result.data().get("nextCursor"));
    }

    @Test
    void listIssuesAboveThePageCapIsBadParamsAndSendsNothing() {
        ActionException failure = failure("list_issues", Map.of("first", 51, "state", 3));

        assertEquals(Kind.BAD_PARAMS, failure.kind());
        assertEquals(Set.of("first", "state"), failure.fieldErrors().keySet());
        verifyNothingSent();
    }

    @Test
    void getIssueAcceptsAnIdentifierAndReturnsDescriptionAndComments() throws ActionException {
        String detailed = ISSUE.substring(0, ISSUE.lastIndexOf('}')) + """
                , "description": "Steps: open checkout", "comments": {"nodes": [
                  {"id": "c1", "body": "Seen on Safari 17", "url": "https://linear.app/acme/issue/ENG-123#comment-c1",
                   "createdAt": "2024-12-31T10:00:00.000Z", "user": {"id": "u2", "name": "Grace"},
                   "issue": {"id": "9cfb482a-81e3-4154-b5b9-2c805e70a02d", "identifier": "ENG-123"}}]}}""";
        answer(200, "{\"data\": {\"issue\": " + detailed + "}}");

        Map<?, ?> issue = (Map<?, ?>) run("get_issue", Map.of("issueId", "ENG-123")).data().get("issue");

        verify(postRequestedFor(urlEqualTo("/graphql"))
                .withRequestBody(matchingJsonPath("$.query", containing("issue(id: $id)")))
                .withRequestBody(matchingJsonPath("$.variables.id", equalTo("ENG-123"))));
        assertEquals("Steps: open checkout", issue.get("description"));
        assertEquals("Seen on Safari 17", ((Map<?, ?>) ((List<?>) issue.get("comments")).get(0)).get("body"));
    }

    @Test
    void anUnknownIssueIsNotFound() {
        answer(400, """
                {"errors": [{"message": "Entity not found: Issue", "path": ["issue"],
                  "extensions": {"type": "invalid input", "code": "INPUT_ERROR", "statusCode": 400,
                                 "userError": true, "userPresentableMessage": "Could not find referenced Issue."}}],
                 "data": null}""");

        ActionException failure = failure("get_issue", Map.of("issueId", "ENG-999"));

        assertEquals(Kind.NOT_FOUND, failure.kind());
        assertTrue(failure.getMessage().contains("Could not find referenced Issue."));
    }

    @Test
    void aNullIssueIsNotFoundToo() {
        answer(200, "{\"data\": {\"issue\": null}}");

        assertEquals(Kind.NOT_FOUND, failure("get_issue", Map.of("issueId", "ENG-999")).kind());
    }

    @Test
    void createIssueSendsTheInputWithAnIdDerivedFromTheIdempotencyKey() throws ActionException {
        answer(200, "{\"data\": {\"issueCreate\": {\"success\": true, \"issue\": " + ISSUE + "}}}");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("teamId", "t1");
        params.put("title", "Checkout fails");
        params.put("description", "Steps: open checkout");
        params.put("priority", 2);
        params.put("labelIds", List.of("l1"));
        params.put("assigneeId", "u1");
        params.put("stateId", "s1");

        ActionResult result = adapter.execute(request("create_issue", params, "inv-1", DEADLINE), TOKEN);

        String id = LinearActions.entityId(request("create_issue", params, "inv-1", DEADLINE), "issue");
        assertTrue(id.matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"), id);
        assertNotEquals(id, LinearActions.entityId(request("create_issue", params, "inv-2", DEADLINE), "issue"));
        verify(postRequestedFor(urlEqualTo("/graphql"))
                .withRequestBody(matchingJsonPath("$.query", containing("issueCreate(input: $input)")))
                .withRequestBody(equalToJson("""
                        {"query": "${json-unit.any-string}", "variables": {"input": {
                          "teamId": "t1", "title": "Checkout fails", "description": "Steps: open checkout",
                          "priority": 2, "labelIds": ["l1"], "assigneeId": "u1", "stateId": "s1", "id": "%s"}}}"""
                        .formatted(id))));
        assertEquals("ENG-123", ((Map<?, ?>) result.data().get("issue")).get("identifier"));
        assertFalse(result.data().containsKey("replayed"));
    }

    @Test
    void createIssueWithoutAnIdempotencyKeyLetsLinearChooseTheId() throws ActionException {
        answer(200, "{\"data\": {\"issueCreate\": {\"success\": true, \"issue\": " + ISSUE + "}}}");

        run("create_issue", Map.of("teamId", "t1", "title", "Checkout fails"));

        verify(postRequestedFor(urlEqualTo("/graphql")).withRequestBody(equalToJson("""
                {"query": "${json-unit.any-string}", "variables": {"input": {"teamId": "t1", "title": "Checkout fails"}}}""")));
    }

    @Test
    void aRefusedRetryOfTheSameCreateReturnsTheIssueMadeTheFirstTime() throws ActionException {
        stubFor(post("/graphql").withRequestBody(matchingJsonPath("$.query", containing("issueCreate")))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json").withBody("""
                        {"errors": [{"message": "Argument Validation Error",
                          "extensions": {"code": "INPUT_ERROR", "type": "invalid input",
                                         "userPresentableMessage": "An issue with this id already exists."}}]}""")));
        stubFor(post("/graphql").withRequestBody(matchingJsonPath("$.query", containing("FindIssue")))
                .willReturn(okJson("{\"data\": {\"issue\": " + ISSUE + "}}")));
        ActionRequest retry = request("create_issue", Map.of("teamId", "t1", "title", "Checkout fails"), "inv-1", DEADLINE);

        ActionResult result = adapter.execute(retry, TOKEN);

        assertEquals(true, result.data().get("replayed"));
        assertEquals("ENG-123", ((Map<?, ?>) result.data().get("issue")).get("identifier"));
        verify(postRequestedFor(urlEqualTo("/graphql")).withRequestBody(matchingJsonPath("$.query", containing("FindIssue")))
                .withRequestBody(matchingJsonPath("$.variables.id", equalTo(LinearActions.entityId(retry, "issue")))));
    }

    @Test
    void aRefusedCreateWithoutAnExistingIssueIsAnUpstreamError() {
        stubFor(post("/graphql").withRequestBody(matchingJsonPath("$.query", containing("issueCreate")))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json").withBody("""
                        {"errors": [{"message": "Argument Validation Error",
                          "extensions": {"code": "INPUT_ERROR", "userPresentableMessage": "teamId must be a UUID."}}]}""")));
        stubFor(post("/graphql").withRequestBody(matchingJsonPath("$.query", containing("FindIssue")))
                .willReturn(okJson("{\"data\": {\"issue\": null}}")));

        ActionException failure = assertThrows(ActionException.class, () -> adapter.execute(
                request("create_issue", Map.of("teamId", "ENG", "title", "x"), "inv-1", DEADLINE), TOKEN));

        assertEquals(Kind.UPSTREAM_ERROR, failure.kind());
        assertEquals(OptionalInt.of(400), failure.upstreamStatus());
        assertTrue(failure.getMessage().contains("teamId must be a UUID."), failure.getMessage());
    }

    @Test
    void createIssueWithoutTeamAndTitleIsBadParamsBeforeAnyCall() {
        ActionException failure = failure("create_issue", Map.of("priority", 7, "labelIds", "l1"));

        assertEquals(Kind.BAD_PARAMS, failure.kind());
        assertEquals(Set.of("teamId", "title", "priority", "labelIds"), failure.fieldErrors().keySet());
        verifyNothingSent();
    }

    @Test
    void updateIssueSendsOnlyTheGivenFields() throws ActionException {
        answer(200, "{\"data\": {\"issueUpdate\": {\"success\": true, \"issue\": " + ISSUE + "}}}");
        Map<String, Object> params = new HashMap<>();
        params.put("issueId", "ENG-123");
        params.put("stateId", "s2");
        params.put("assigneeId", null);

        ActionResult result = run("update_issue", params);

        verify(postRequestedFor(urlEqualTo("/graphql"))
                .withRequestBody(matchingJsonPath("$.query", containing("issueUpdate(id: $id, input: $input)")))
                .withRequestBody(equalToJson("""
                        {"query": "${json-unit.any-string}",
                         "variables": {"id": "ENG-123", "input": {"assigneeId": null, "stateId": "s2"}}}""")));
        assertEquals("ENG-123", ((Map<?, ?>) result.data().get("issue")).get("identifier"));
    }

    @Test
    void updateIssueWithoutAnyFieldIsBadParams() {
        ActionException failure = failure("update_issue", Map.of("issueId", "ENG-123"));

        assertEquals(Kind.BAD_PARAMS, failure.kind());
        assertEquals(Set.of("fields"), failure.fieldErrors().keySet());
        verifyNothingSent();
    }

    @Test
    void addCommentSendsTheIssueAndBody() throws ActionException {
        answer(200, """
                {"data": {"commentCreate": {"success": true, "comment": {
                  "id": "c9", "body": "Fixed in #42", "url": "https://linear.app/acme/issue/ENG-123#comment-c9",
                  "createdAt": "2025-01-01T12:00:00.000Z", "user": {"id": "u1", "name": "Ada"},
                  "issue": {"id": "9cfb482a-81e3-4154-b5b9-2c805e70a02d", "identifier": "ENG-123"}}}}}""");

        ActionResult result = run("add_comment", Map.of("issueId", "ENG-123", "body", "Fixed in #42"));

        verify(postRequestedFor(urlEqualTo("/graphql"))
                .withRequestBody(matchingJsonPath("$.query", containing("commentCreate(input: $input)")))
                .withRequestBody(equalToJson("""
                        {"query": "${json-unit.any-string}",
                         "variables": {"input": {"issueId": "ENG-123", "body": "Fixed in #42"}}}""")));
        Map<?, ?> comment = (Map<?, ?>) result.data().get("comment");
        assertEquals("c9", comment.get("id"));
        assertEquals("ENG-123", ((Map<?, ?>) comment.get("issue")).get("identifier"));
    }

    @Test
    void addCommentWithoutBodyIsBadParams() {
        ActionException failure = failure("add_comment", Map.of("issueId", "ENG-123", "body", " "));

        assertEquals(Map.of("body", "must be a non-empty string"), failure.fieldErrors());
        verifyNothingSent();
    }

    @Test
    void deleteIssueSendsIssueDelete() throws ActionException {
        answer(200, "{\"data\": {\"issueDelete\": {\"success\": true}}}");

        ActionResult result = run("delete_issue", Map.of("issueId", "ENG-123"));

        verify(postRequestedFor(urlEqualTo("/graphql"))
                .withRequestBody(matchingJsonPath("$.query", containing("issueDelete(id: $id)")))
                .withRequestBody(matchingJsonPath("$.variables.id", equalTo("ENG-123"))));
        assertEquals(Map.of("issueId", "ENG-123", "deleted", true), result.data());
    }

    @Test
    void aRateLimitedQueryWaitsUntilLinearsReset() {
        stubFor(post("/graphql").willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withHeader("X-RateLimit-Requests-Reset", String.valueOf(NOW.plusSeconds(45).toEpochMilli()))
                .withBody("{\"errors\": [{\"message\": \"Rate limit exceeded\", "
                        + "\"extensions\": {\"code\": \"RATELIMITED\"}}]}")));

        ActionException failure = failure("get_issue", Map.of("issueId", "ENG-123"));

        assertEquals(Kind.RATE_LIMITED, failure.kind());
        assertEquals(Optional.of(Duration.ofSeconds(45)), failure.retryAfter());
    }

    @Test
    void http429UsesRetryAfter() {
        stubFor(post("/graphql").willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7")));

        ActionException failure = failure("get_issue", Map.of("issueId", "ENG-123"));

        assertEquals(Kind.RATE_LIMITED, failure.kind());
        assertEquals(Optional.of(Duration.ofSeconds(7)), failure.retryAfter());
    }

    @Test
    void authenticationErrorsAndHttp401AreUnauthorized() {
        answer(400, "{\"errors\": [{\"message\": \"Authentication required, not authenticated\", "
                + "\"extensions\": {\"type\": \"authentication error\", \"code\": \"AUTHENTICATION_ERROR\"}}]}");
        assertEquals(Kind.UNAUTHORIZED, failure("list_issues", Map.of()).kind());

        answer(401, "{\"errors\": [{\"message\": \"Invalid token\"}]}");
        assertEquals(Kind.UNAUTHORIZED, failure("list_issues", Map.of()).kind());
    }

    @Test
    void serverErrorsAreUpstreamErrorsWithTheStatus() {
        stubFor(post("/graphql").willReturn(aResponse().withStatus(500).withBody("<html>oops</html>")));

        ActionException failure = failure("list_issues", Map.of());

        assertEquals(Kind.UPSTREAM_ERROR, failure.kind());
        assertEquals(OptionalInt.of(500), failure.upstreamStatus());
    }

    @Test
    void aSlowAnswerFailsAtTheDeadline() {
        stubFor(post("/graphql").willReturn(okJson("{\"data\": {\"issue\": null}}").withFixedDelay(5_000)));
        long started = System.nanoTime();

        ActionException failure = assertThrows(ActionException.class, () -> adapter.execute(
                request("get_issue", Map.of("issueId", "ENG-123"), null, NOW.plusMillis(300)), TOKEN));

        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertEquals(Kind.UPSTREAM_ERROR, failure.kind());
        assertEquals(OptionalInt.empty(), failure.upstreamStatus());
        assertTrue(failure.getMessage().contains("timed out"), failure.getMessage());
        assertTrue(took.compareTo(Duration.ofSeconds(3)) < 0, "took " + took);
    }

    @Test
    void nothingIsSentAfterTheDeadline() {
        ActionException failure = assertThrows(ActionException.class, () -> adapter.execute(
                request("get_issue", Map.of("issueId", "ENG-123"), null, NOW.minusSeconds(1)), TOKEN));

        assertEquals(Kind.UPSTREAM_ERROR, failure.kind());
        verifyNothingSent();
    }

    @Test
    void tokensNeverAppearInFailures() {
        answer(401, "{\"errors\": [{\"message\": \"Bearer " + SECRET + " is invalid\"}]}");
        ActionException unauthorized = failure("list_issues", Map.of());

        answer(400, "{\"errors\": [{\"message\": \"bad\", \"extensions\": {\"code\": \"INPUT_ERROR\", "
                + "\"userPresentableMessage\": \"Token " + SECRET + " cannot do this\"}}]}");
        ActionException upstream = failure("list_issues", Map.of());

        for (ActionException failure : List.of(unauthorized, upstream)) {
            assertFalse(failure.getMessage().contains(SECRET), failure.getMessage());
            assertFalse(failure.toString().contains(SECRET), failure.toString());
        }
        assertTrue(upstream.getMessage().contains("Token *** cannot do this"), upstream.getMessage());
        assertFalse(TOKEN.toString().contains(SECRET));
    }

    @Test
    void anUnknownActionIsNotFound() {
        assertEquals(Kind.NOT_FOUND, failure("archive_everything", Map.of()).kind());
        verifyNothingSent();
    }

    @Test
    void aBrokenApiBaseUrlSendsNothing() {
        ActionContext context = new ActionContext("org-1", "int-1", null, Map.of("apiBaseUrl", "ftp:/nowhere"), CLOCK);

        ActionException failure = assertThrows(ActionException.class, () -> adapter.execute(
                new ActionRequest("list_issues", Map.of(), context, DEADLINE, null), TOKEN));

        assertEquals(Kind.UPSTREAM_ERROR, failure.kind());
        assertTrue(failure.getMessage().contains("apiBaseUrl"));
        verifyNothingSent();
    }
}
