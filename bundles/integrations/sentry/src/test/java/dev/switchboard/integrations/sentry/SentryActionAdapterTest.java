package dev.switchboard.integrations.sentry;

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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.verify;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@WireMockTest
class SentryActionAdapterTest {

    private static final Instant NOW = Instant.parse("2025-01-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final Instant DEADLINE = NOW.plusSeconds(30);
    private static final String SECRET = "sntrys_secret_token_1";
    private static final AccessToken TOKEN = AccessToken.bearer(SECRET);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An issue as Sentry's "Retrieve an Issue" documents it (abridged). */
    private static final String ISSUE = """
            {"id": "1", "shortId": "PUMP-STATION-1", "title": "This is an example Python exception",
             "culprit": "raven.scripts.runner in main", "level": "error", "status": "unresolved",
             "substatus": "ongoing", "permalink": "https://sentry.io/the-interstellar-jurisdiction/pump-station/issues/1/",
             "count": "1", "userCount": 0, "firstSeen": "2018-11-06T21:19:55Z", "lastSeen": "2018-11-06T21:19:55Z",
             "platform": "python", "hasSeen": false, "isBookmarked": false, "numComments": 0,
             "metadata": {"title": "This is an example Python exception"},
             "project": {"id": "2", "name": "Pump Station", "slug": "pump-station"},
             "assignedTo": null, "stats": {"24h": [[1541455200, 473]]}}""";

    private final SentryActionAdapter adapter = new SentryActionAdapter();
    private String base;

    @BeforeEach
    void setUp(WireMockRuntimeInfo wireMock) {
        base = wireMock.getHttpBaseUrl();
    }

    private ActionRequest request(String action, Map<String, Object> params, Map<String, Object> config,
                                  Instant deadline) {
        Map<String, Object> withBase = new LinkedHashMap<>(config);
        withBase.putIfAbsent("baseUrl", base);
        return new ActionRequest(action, params, new ActionContext("org-1", "int-1", "ses-1", withBase, CLOCK),
                deadline, null);
    }

    private ActionResult run(String action, Map<String, Object> params) throws ActionException {
        return adapter.execute(request(action, params, Map.of(), DEADLINE), TOKEN);
    }

    private ActionException failure(String action, Map<String, Object> params) {
        return assertThrows(ActionException.class, () -> run(action, params));
    }

    private static void answer(int status, String body) {
        stubFor(get(anyUrl()).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json").withBody(body)));
    }

    private static void verifyNothingSent() {
        verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void describesItsActionsAndRiskLevels() {
        assertEquals("sentry", adapter.descriptor().id());
        assertEquals("sentry", adapter.service());
        assertTrue(adapter.requiresConnection());
        Map<String, RiskLevel> risks = new LinkedHashMap<>();
        adapter.actions().forEach(action -> risks.put(action.name(), action.riskLevel()));
        assertEquals(Map.of("list_issues", RiskLevel.READ, "get_issue", RiskLevel.READ,
                "list_issue_events", RiskLevel.READ, "get_event", RiskLevel.READ,
                "update_issue", RiskLevel.WRITE), risks);
        assertEquals(List.of("list_issues", "get_issue", "list_issue_events", "get_event", "update_issue"),
                List.copyOf(risks.keySet()));
        risks.keySet().forEach(name -> assertTrue(adapter.guide().contains("`" + name + "`"), name));
    }

    @Test
    void schemasAreDraft2020ObjectsWithDeclaredRequiredFields() throws Exception {
        Map<String, Set<String>> required = Map.of("list_issues", Set.of("organization", "project"),
                "get_issue", Set.of("issueId"), "list_issue_events", Set.of("issueId"),
                "get_event", Set.of("issueId", "eventId"), "update_issue", Set.of("issueId"));
        for (ActionDefinition action : adapter.actions()) {
            JsonNode schema = JSON.readTree(action.paramsSchema());
            assertEquals("https://json-schema.org/draft/2020-12/schema", schema.path("$schema").asText(), action.name());
            assertEquals("object", schema.path("type").asText());
            assertFalse(schema.path("additionalProperties").asBoolean(true), action.name());
            Set<String> names = new HashSet<>();
            schema.path("required").forEach(name -> names.add(name.asText()));
            assertEquals(required.get(action.name()), names, action.name());
            names.forEach(name -> assertTrue(schema.path("properties").has(name), action.name() + "." + name));
            schema.path("properties").forEach(property -> assertTrue(property.has("type"), action.name()));
        }
        assertTrue(JSON.readTree(adapter.descriptor().configSchema()).path("properties").has("baseUrl"));
    }

    @Test
    void listIssuesReadsTheProjectsIssuesAndTheNextCursor() throws ActionException {
        stubFor(get(urlPathEqualTo("/api/0/projects/acme/pump-station/issues/")).willReturn(okJson("[" + ISSUE + "]")
                .withHeader("Link", "<" + base + "/api/0/projects/acme/pump-station/issues/?&cursor=1735732800000:0:1>; "
                        + "rel=\"previous\"; results=\"false\"; cursor=\"1735732800000:0:1\", "
                        + "<" + base + "/api/0/projects/acme/pump-station/issues/?&cursor=1735732800000:100:0>; "
                        + "rel=\"next\"; results=\"true\"; cursor=\"1735732800000:100:0\"")));

        ActionResult result = run("list_issues", Map.of("organization", "acme", "project", "pump-station",
                "query", "is:unresolved level:error", "cursor", "1735732800000:0:0"));

        verify(getRequestedFor(urlPathEqualTo("/api/0/projects/acme/pump-station/issues/"))
                .withHeader("Authorization", equalTo("Bearer " + SECRET))
                .withQueryParam("query", equalTo("is:unresolved level:error"))
                .withQueryParam("cursor", equalTo("1735732800000:0:0")));
        Map<?, ?> issue = (Map<?, ?>) ((List<?>) result.data().get("issues")).get(0);
        assertEquals("PUMP-STATION-1", issue.get("shortId"));
        assertEquals("1", issue.get("count"));
        assertEquals(Map.of("id", "2", "slug", "pump-station", "name", "Pump Station"), issue.get("project"));
        assertFalse(issue.containsKey("stats"));
        assertEquals("1735732800000:100:0", result.data().get("nextCursor"));
    }

    @Test
    void listIssuesOnTheLastPageHasNoNextCursor() throws ActionException {
        stubFor(get(urlPathEqualTo("/api/0/projects/acme/web/issues/")).willReturn(okJson("[]")
                .withHeader("Link", "<" + base + "/x?cursor=0:100:0>; rel=\"next\"; results=\"false\"; cursor=\"0:100:0\"")));

        ActionResult result = run("list_issues", Map.of("organization", "acme", "project", "web"));

        verify(getRequestedFor(urlPathEqualTo("/api/0/projects/acme/web/issues/"))
                .withQueryParam("query", absent()).withQueryParam("cursor", absent()));
        assertEquals(List.of(), result.data().get("issues"));
        assertNull(result.data().get("nextCursor"));
    }

    @Test
    void listIssuesNeedsOrganizationAndProjectBeforeAnyCall() {
        ActionException failure = failure("list_issues", Map.of("project", "../../organizations", "query", 5));

        assertEquals(Kind.BAD_PARAMS, failure.kind());
        assertEquals(Set.of("organization", "project", "query"), failure.fieldErrors().keySet());
        verifyNothingSent();
    }

    @Test
    void getIssueUsesTheOrganizationScopedEndpoint() throws ActionException {
        stubFor(get(urlPathEqualTo("/api/0/organizations/acme/issues/1/")).willReturn(okJson(ISSUE)));

        Map<?, ?> issue = (Map<?, ?>) run("get_issue", Map.of("issueId", 1, "organization", "acme"))
                .data().get("issue");

        assertEquals("This is an example Python exception", issue.get("title"));
        assertEquals("unresolved", issue.get("status"));
        assertEquals(Map.of("title", "This is an example Python exception"), issue.get("metadata"));
    }

    @Test
    void getIssueFallsBackToTheConfiguredOrganizationThenTheUnscopedEndpoint() throws ActionException {
        stubFor(get(urlPathEqualTo("/api/0/organizations/configured-org/issues/1/")).willReturn(okJson(ISSUE)));
        stubFor(get(urlPathEqualTo("/api/0/issues/1/")).willReturn(okJson(ISSUE)));

        adapter.execute(request("get_issue", Map.of("issueId", "1"), Map.of("organization", "configured-org"),
                DEADLINE), TOKEN);
        run("get_issue", Map.of("issueId", "1"));

        verify(getRequestedFor(urlPathEqualTo("/api/0/organizations/configured-org/issues/1/")));
        verify(getRequestedFor(urlPathEqualTo("/api/0/issues/1/")));
    }

    @Test
    void aSelfHostedBaseUrlWithAPathIsHonoured() throws ActionException {
        stubFor(get(urlPathEqualTo("/sentry/api/0/issues/1/")).willReturn(okJson(ISSUE)));

        adapter.execute(request("get_issue", Map.of("issueId", "1"), Map.of("baseUrl", base + "/sentry/"),
                DEADLINE), TOKEN);

        verify(getRequestedFor(urlPathEqualTo("/sentry/api/0/issues/1/")));
    }

    @Test
    void listIssueEventsMapsTagsAndTheNextCursor() throws ActionException {
        stubFor(get(urlPathEqualTo("/api/0/organizations/acme/issues/1/events/")).willReturn(okJson("""
                [{"eventID": "9fac2ceed9344f2bbfdd1fdacb0ed9b1", "id": "9fac2ceed9344f2bbfdd1fdacb0ed9b1",
                  "groupID": "1", "title": "This is an example Python exception", "message": "",
                  "dateCreated": "2020-09-11T17:46:36Z", "platform": "python", "event.type": "error",
                  "user": {"id": "1", "email": "ada@example.com"},
                  "tags": [{"key": "browser", "value": "Chrome 60.0"}, {"key": "level", "value": "error"}]}]""")
                .withHeader("Link", "<" + base + "/api/0/organizations/acme/issues/1/events/?cursor=0:100:0>; "
                        + "rel=\"next\"; results=\"true\"; cursor=\"0:100:0\"")));

        ActionResult result = run("list_issue_events", Map.of("issueId", "1", "organization", "acme", "cursor", "0:0:0"));

        verify(getRequestedFor(urlPathEqualTo("/api/0/organizations/acme/issues/1/events/"))
                .withQueryParam("cursor", equalTo("0:0:0")));
        Map<?, ?> event = (Map<?, ?>) ((List<?>) result.data().get("events")).get(0);
        assertEquals("9fac2ceed9344f2bbfdd1fdacb0ed9b1", event.get("eventID"));
        assertEquals(Map.of("browser", "Chrome 60.0", "level", "error"), event.get("tags"));
        assertFalse(event.containsKey("user"));
        assertEquals("0:100:0", result.data().get("nextCursor"));
    }

    @Test
    void getEventReturnsExceptionsWithTheFramesNearestTheCrash() throws ActionException {
        StringBuilder frames = new StringBuilder();
        for (int i = 1; i <= 25; i++) {
            frames.append(i == 1 ? "" : ",").append("""
                    {"filename": "app/f%d.py", "function": "f%d", "module": "app.f%d", "lineNo": %d, "colNo": null,
                     "inApp": %s, "vars": {"password": "hunter2"}}""".formatted(i, i, i, i, i > 20));
        }
        stubFor(get(urlPathEqualTo("/api/0/issues/1/events/latest/")).willReturn(okJson("""
                {"eventID": "9fac2ceed9344f2bbfdd1fdacb0ed9b1", "groupID": "1",
                 "title": "ValueError: bad input", "message": "", "dateCreated": "2020-09-11T17:46:36Z",
                 "platform": "python", "culprit": "app.f25 in f25", "release": {"version": "web@1.2.3"},
                 "tags": [{"key": "environment", "value": "production"}],
                 "entries": [
                   {"type": "exception", "data": {"values": [{"type": "ValueError", "value": "bad input",
                     "module": "builtins", "stacktrace": {"frames": [%s]}}]}},
                   {"type": "request", "data": {"method": "POST", "url": "https://shop.example.com/checkout",
                     "headers": [["Cookie", "session=abc"]]}}]}""".formatted(frames))));

        Map<?, ?> event = (Map<?, ?>) run("get_event", Map.of("issueId", "1", "eventId", "latest")).data().get("event");

        assertEquals("web@1.2.3", event.get("release"));
        assertEquals(Map.of("method", "POST", "url", "https://shop.example.com/checkout"), event.get("request"));
        Map<?, ?> exception = (Map<?, ?>) ((List<?>) event.get("exceptions")).get(0);
        assertEquals("ValueError", exception.get("type"));
        List<?> kept = (List<?>) exception.get("frames");
        assertEquals(20, kept.size());
        assertEquals("f6", ((Map<?, ?>) kept.get(0)).get("function"));
        Map<?, ?> crash = (Map<?, ?>) kept.get(19);
        assertEquals("f25", crash.get("function"));
        assertEquals(25, crash.get("lineNo"));
        assertEquals(true, crash.get("inApp"));
        assertFalse(event.toString().contains("hunter2"));
        assertFalse(event.toString().contains("session=abc"));
    }

    @Test
    void getEventNeedsIssueAndEventIds() {
        ActionException failure = failure("get_event", Map.of("eventId", "../../../organizations"));

        assertEquals(Set.of("issueId", "eventId"), failure.fieldErrors().keySet());
        verifyNothingSent();
    }

    @Test
    void updateIssuePutsStatusAndAssignee() throws ActionException {
        stubFor(put(urlPathEqualTo("/api/0/organizations/acme/issues/1/")).willReturn(okJson(
                ISSUE.replace("\"status\": \"unresolved\"", "\"status\": \"resolved\"")
                        .replace("\"assignedTo\": null", "\"assignedTo\": {\"type\": \"user\", \"id\": \"7\", \"name\": \"Ada\"}"))));

        Map<?, ?> issue = (Map<?, ?>) run("update_issue", Map.of("issueId", "1", "organization", "acme",
                "status", "resolved", "assignedTo", "user:7")).data().get("issue");

        verify(putRequestedFor(urlPathEqualTo("/api/0/organizations/acme/issues/1/"))
                .withHeader("Authorization", equalTo("Bearer " + SECRET))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("{\"status\": \"resolved\", \"assignedTo\": \"user:7\"}")));
        assertEquals("resolved", issue.get("status"));
        assertEquals(Map.of("type", "user", "id", "7", "name", "Ada"), issue.get("assignedTo"));
    }

    @Test
    void anUpdateAnsweredWithTheChangedFieldsOnlyStillNamesTheIssue() throws ActionException {
        stubFor(put(urlPathEqualTo("/api/0/issues/1/")).willReturn(okJson("{\"assignedTo\": null}")));

        Map<?, ?> issue = (Map<?, ?>) run("update_issue", Map.of("issueId", "1", "assignedTo", "")).data().get("issue");

        verify(putRequestedFor(urlPathEqualTo("/api/0/issues/1/")).withRequestBody(equalToJson("{\"assignedTo\": \"\"}")));
        assertEquals("1", issue.get("id"));
        assertEquals("", issue.get("assignedTo"));
    }

    @Test
    void updateIssueNeedsAKnownStatusOrAnAssignee() {
        ActionException unknownStatus = failure("update_issue", Map.of("issueId", "1", "status", "deleted"));
        ActionException nothingToChange = failure("update_issue", Map.of("issueId", "1"));

        assertEquals(Set.of("status"), unknownStatus.fieldErrors().keySet());
        assertEquals(Set.of("fields"), nothingToChange.fieldErrors().keySet());
        verifyNothingSent();
    }

    @Test
    void http401IsUnauthorized() {
        answer(401, "{\"detail\": \"Invalid token\"}");

        assertEquals(Kind.UNAUTHORIZED, failure("get_issue", Map.of("issueId", "1")).kind());
    }

    @Test
    void http403IsAnUpstreamErrorAboutScopes() {
        stubFor(put(anyUrl()).willReturn(aResponse().withStatus(403).withHeader("Content-Type", "application/json")
                .withBody("{\"detail\": \"You do not have permission to perform this action.\"}")));

        ActionException failure = failure("update_issue", Map.of("issueId", "1", "status", "resolved"));

        assertEquals(Kind.UPSTREAM_ERROR, failure.kind());
        assertEquals(OptionalInt.of(403), failure.upstreamStatus());
        assertTrue(failure.getMessage().contains("You do not have permission"), failure.getMessage());
    }

    @Test
    void http404IsNotFound() {
        answer(404, "{\"detail\": \"The requested resource does not exist\"}");

        ActionException failure = failure("get_issue", Map.of("issueId", "999"));

        assertEquals(Kind.NOT_FOUND, failure.kind());
    }

    @Test
    void http429WaitsForRetryAfterOrSentrysReset() {
        stubFor(get(anyUrl()).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7")));
        assertEquals(Optional.of(Duration.ofSeconds(7)), failure("get_issue", Map.of("issueId", "1")).retryAfter());

        stubFor(get(anyUrl()).willReturn(aResponse().withStatus(429)
                .withHeader("X-Sentry-Rate-Limit-Reset", String.valueOf(NOW.plusSeconds(42).getEpochSecond()))
                .withHeader("X-Sentry-Rate-Limit-Remaining", "0")));
        ActionException failure = failure("get_issue", Map.of("issueId", "1"));

        assertEquals(Kind.RATE_LIMITED, failure.kind());
        assertEquals(Optional.of(Duration.ofSeconds(42)), failure.retryAfter());
    }

    @Test
    void http500IsAnUpstreamErrorWithTheStatus() {
        stubFor(get(anyUrl()).willReturn(aResponse().withStatus(500).withBody("Internal Server Error")));

        ActionException failure = failure("list_issue_events", Map.of("issueId", "1"));

        assertEquals(Kind.UPSTREAM_ERROR, failure.kind());
        assertEquals(OptionalInt.of(500), failure.upstreamStatus());
    }

    @Test
    void aSlowAnswerFailsAtTheDeadline() {
        stubFor(get(anyUrl()).willReturn(okJson(ISSUE).withFixedDelay(5_000)));
        long started = System.nanoTime();

        ActionException failure = assertThrows(ActionException.class, () -> adapter.execute(
                request("get_issue", Map.of("issueId", "1"), Map.of(), NOW.plusMillis(300)), TOKEN));

        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertEquals(Kind.UPSTREAM_ERROR, failure.kind());
        assertEquals(OptionalInt.empty(), failure.upstreamStatus());
        assertTrue(failure.getMessage().contains("timed out"), failure.getMessage());
        assertTrue(took.compareTo(Duration.ofSeconds(3)) < 0, "took " + took);
    }

    @Test
    void nothingIsSentAfterTheDeadline() {
        ActionException failure = assertThrows(ActionException.class, () -> adapter.execute(
                request("get_issue", Map.of("issueId", "1"), Map.of(), NOW), TOKEN));

        assertEquals(Kind.UPSTREAM_ERROR, failure.kind());
        verifyNothingSent();
    }

    @Test
    void tokensNeverAppearInFailures() {
        answer(401, "{\"detail\": \"Token " + SECRET + " is invalid\"}");
        ActionException unauthorized = failure("get_issue", Map.of("issueId", "1"));
        answer(400, "{\"detail\": \"Token " + SECRET + " cannot search this\"}");
        ActionException upstream = failure("get_issue", Map.of("issueId", "1"));

        for (ActionException failure : List.of(unauthorized, upstream)) {
            assertFalse(failure.getMessage().contains(SECRET), failure.getMessage());
            assertFalse(failure.toString().contains(SECRET), failure.toString());
        }
        assertTrue(upstream.getMessage().contains("Token *** cannot search this"), upstream.getMessage());
        assertEquals(OptionalInt.of(400), upstream.upstreamStatus());
    }

    @Test
    void anUnknownActionIsNotFound() {
        assertEquals(Kind.NOT_FOUND, failure("delete_project", Map.of()).kind());
        verifyNothingSent();
    }
}
