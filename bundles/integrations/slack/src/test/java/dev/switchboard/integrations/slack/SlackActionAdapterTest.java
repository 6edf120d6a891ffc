package dev.switchboard.integrations.slack;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToIgnoreCase;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.switchboard.spi.AccessToken;
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
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The action adapter against WireMock playing slack.com/api with the responses Slack documents. */
class SlackActionAdapterTest {

    @RegisterExtension
    static final WireMockExtension SLACK = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final String BOT_TOKEN = "xoxb-1111-2222-SecretBotTokenValue";
    private static final String POST = "/api/chat.postMessage";
    private static final String LIST = "/api/conversations.list";

    private static final String POSTED = """
            {"ok": true, "channel": "C1H9RESGL", "ts": "1503435956.000247",
             "message": {"text": "Here's a message for you", "username": "ecto1", "bot_id": "B19LU7CSY",
                         "type": "message", "subtype": "bot_message", "ts": "1503435956.000247"}}""";

    private final SlackActionAdapter adapter = new SlackActionAdapter();

    private ActionResult run(String action, Map<String, Object> params) throws ActionException {
        return run(action, params, "inv-1", Clock.fixed(NOW, ZoneOffset.UTC), NOW.plusSeconds(30));
    }

    private ActionResult run(String action, Map<String, Object> params, String idempotencyKey, Clock clock,
            Instant deadline) throws ActionException {
        ActionContext context = new ActionContext("org-1", "int-1", "ses-1",
                Map.of("apiBaseUrl", SLACK.baseUrl() + "/api/"), clock);
        return adapter.execute(new ActionRequest(action, params, context, deadline, idempotencyKey),
                AccessToken.bearer(BOT_TOKEN));
    }

    private ActionException failure(String action, Map<String, Object> params) {
        return assertThrows(ActionException.class, () -> run(action, params));
    }

    private static Map<String, Object> message(Object... more) {
        Map<String, Object> params = new HashMap<>(Map.of("channel", "C1H9RESGL", "text", "Here's a message for you"));
        for (int i = 0; i < more.length; i += 2) {
            params.put((String) more[i], more[i + 1]);
        }
        return params;
    }

    private static void slackSays(String error) {
        SLACK.stubFor(post(POST).willReturn(okJson("{\"ok\": false, \"error\": \"" + error + "\"}")));
    }

    // ---- description ------------------------------------------------------------------------------------------

    @Test
    void describesItself() throws Exception {
        assertEquals("slack", adapter.descriptor().id());
        assertEquals("slack", adapter.service());
        assertTrue(adapter.requiresConnection());
        assertEquals(List.of("post_message", "list_channels"),
                adapter.actions().stream().map(ActionDefinition::name).toList());
        assertEquals(RiskLevel.WRITE, adapter.action("post_message").orElseThrow().riskLevel());
        assertEquals(RiskLevel.READ, adapter.action("list_channels").orElseThrow().riskLevel());
        assertTrue(adapter.guide().startsWith("# Slack"));
        new ObjectMapper().readTree(adapter.descriptor().configSchema());
    }

    @Test
    void schemasAreDraft202012ObjectsWithTheirRequiredParameters() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        JsonNode post = mapper.readTree(adapter.action("post_message").orElseThrow().paramsSchema());
        JsonNode list = mapper.readTree(adapter.action("list_channels").orElseThrow().paramsSchema());

        for (JsonNode schema : List.of(post, list)) {
            assertEquals("https://json-schema.org/draft/2020-12/schema", schema.path("$schema").asText());
            assertEquals("object", schema.path("type").asText());
            assertFalse(schema.path("additionalProperties").asBoolean(true));
        }
        assertEquals("[\"channel\",\"text\"]", post.path("required").toString());
        assertEquals(Set.of("channel", "text", "thread_ts", "blocks"), names(post.path("properties")));
        assertEquals("^[0-9]+\\.[0-9]+$", post.path("properties").path("thread_ts").path("pattern").asText());
        assertEquals(SlackActionCatalog.POST_MESSAGE_PARAMS, names(post.path("properties")));
        assertEquals(SlackActionCatalog.LIST_CHANNELS_PARAMS, names(list.path("properties")));
        assertEquals(200, list.path("properties").path("limit").path("maximum").asInt());
    }

    private static Set<String> names(JsonNode properties) {
        Set<String> names = new java.util.HashSet<>();
        properties.fieldNames().forEachRemaining(names::add);
        return names;
    }

    // ---- post_message -----------------------------------------------------------------------------------------

    @Test
    void postMessagePostsJsonWithTheBotToken() throws ActionException {
        SLACK.stubFor(post(POST).willReturn(okJson(POSTED)));

        ActionResult result = run("post_message", message());

        SLACK.verify(postRequestedFor(urlPathEqualTo(POST))
                .withHeader("Authorization", equalTo("Bearer " + BOT_TOKEN))
                .withHeader("Content-Type", equalToIgnoreCase("application/json; charset=utf-8"))
                .withRequestBody(equalToJson("""
                        {"channel": "C1H9RESGL", "text": "Here's a message for you", "client_msg_id": "%s"}"""
                        .formatted(SlackActionAdapter.clientMsgId("inv-1")))));
        assertEquals(Map.of("channel", "C1H9RESGL", "ts", "1503435956.000247"), result.data());
    }

    @Test
    void postMessageRepliesInAThreadWithBlocks() throws ActionException {
        SLACK.stubFor(post(POST).willReturn(okJson(POSTED)));
        List<Object> blocks = List.of(Map.of("type", "section",
                "text", Map.of("type", "mrkdwn", "text", "*Deploy* finished")));

        ActionResult result = run("post_message", message("thread_ts", "1503435956.000100", "blocks", blocks));

        SLACK.verify(postRequestedFor(urlPathEqualTo(POST)).withRequestBody(equalToJson("""
                {"channel": "C1H9RESGL", "text": "Here's a message for you", "thread_ts": "1503435956.000100",
                 "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "*Deploy* finished"}}],
                 "client_msg_id": "${json-unit.any-string}"}""")));
        assertEquals("1503435956.000100", result.data().get("thread_ts"));
    }

    @Test
    void aRetriedInvocationSendsTheSameClientMsgId() throws ActionException {
        SLACK.stubFor(post(POST).willReturn(okJson(POSTED)));

        run("post_message", message());
        run("post_message", message());
        run("post_message", message(), "inv-2", Clock.fixed(NOW, ZoneOffset.UTC), NOW.plusSeconds(30));

        List<String> ids = SLACK.findAll(postRequestedFor(urlPathEqualTo(POST))).stream()
                .map(request -> {
                    try {
                        return new ObjectMapper().readTree(request.getBodyAsString()).path("client_msg_id").asText();
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                }).toList();
        assertEquals(ids.get(0), ids.get(1));
        assertNotEquals(ids.get(0), ids.get(2));
        UUID.fromString(ids.get(0));
    }

    @Test
    void withoutAnIdempotencyKeyNoClientMsgIdIsSent() throws ActionException {
        SLACK.stubFor(post(POST).willReturn(okJson(POSTED)));

        run("post_message", message(), null, Clock.fixed(NOW, ZoneOffset.UTC), NOW.plusSeconds(30));

        SLACK.verify(postRequestedFor(urlPathEqualTo(POST)).withRequestBody(matchingJsonPath("$.client_msg_id", absent())));
    }

    @Test
    void missingParametersAreBadParamsWithoutACall() {
        ActionException post = failure("post_message", Map.of());
        ActionException malformed = failure("post_message", Map.of("channel", 42, "text", " ",
                "thread_ts", "yesterday", "blocks", List.of("not a block")));
        ActionException list = failure("list_channels", Map.of("limit", 500, "types", List.of("dm"),
                "exclude_archived", "yes"));

        assertEquals(Kind.BAD_PARAMS, post.kind());
        assertEquals(Set.of("channel", "text"), post.fieldErrors().keySet());
        assertEquals(Set.of("channel", "text", "thread_ts", "blocks"), malformed.fieldErrors().keySet());
        assertEquals(Set.of("limit", "types", "exclude_archived"), list.fieldErrors().keySet());
        SLACK.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void unknownActionIsNotFound() {
        assertEquals(Kind.NOT_FOUND, failure("delete_channel", Map.of()).kind());
    }

    // ---- Slack's errors ---------------------------------------------------------------------------------------

    @Test
    void channelNotFoundIsNotFound() {
        slackSays("channel_not_found");

        assertEquals(Kind.NOT_FOUND, failure("post_message", message()).kind());
    }

    @Test
    void notInChannelIsBadParamsOnChannel() {
        slackSays("not_in_channel");

        ActionException failure = failure("post_message", message());

        assertEquals(Kind.BAD_PARAMS, failure.kind());
        assertTrue(failure.fieldErrors().get("channel").contains("not a member"), failure.fieldErrors().toString());
    }

    @Test
    void invalidBlocksIsBadParamsOnBlocks() {
        slackSays("invalid_blocks");

        ActionException failure = failure("post_message", message("blocks", List.of(Map.of("type", "nonsense"))));

        assertEquals(Set.of("blocks"), failure.fieldErrors().keySet());
    }

    @Test
    void invalidArgumentsNamesTheParameterSlackComplainsAbout() {
        SLACK.stubFor(post(POST).willReturn(okJson("""
                {"ok": false, "error": "invalid_arguments",
                 "response_metadata": {"messages": ["[ERROR] missing required field: channel"]}}""")));

        assertEquals(Set.of("channel"), failure("post_message", message()).fieldErrors().keySet());
    }

    @ParameterizedTest
    @ValueSource(strings = {"invalid_auth", "not_authed", "token_revoked", "token_expired", "account_inactive"})
    void rejectedTokensAreUnauthorized(String error) {
        slackSays(error);

        ActionException failure = failure("post_message", message());

        assertEquals(Kind.UNAUTHORIZED, failure.kind());
        assertTrue(failure.getMessage().contains(error));
    }

    @Test
    void http429IsRateLimitedForRetryAfter() {
        SLACK.stubFor(get(urlPathEqualTo(LIST)).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "30")
                .withHeader("Content-Type", "application/json").withBody("{\"ok\": false, \"error\": \"ratelimited\"}")));

        ActionException failure = failure("list_channels", Map.of());

        assertEquals(Kind.RATE_LIMITED, failure.kind());
        assertEquals(Duration.ofSeconds(30), failure.retryAfter().orElseThrow());
    }

    @Test
    void rateLimitedWithoutRetryAfterWaitsTheDefault() {
        slackSays("rate_limited");

        ActionException failure = failure("post_message", message());

        assertEquals(Kind.RATE_LIMITED, failure.kind());
        assertEquals(SlackActionFailures.DEFAULT_RETRY_AFTER, failure.retryAfter().orElseThrow());
    }

    @Test
    void missingScopeIsAnUpstreamErrorNamingTheScope() {
        SLACK.stubFor(post(POST).willReturn(okJson("""
                {"ok": false, "error": "missing_scope", "needed": "chat:write", "provided": "channels:read"}""")));

        ActionException failure = failure("post_message", message());

        assertEquals(Kind.UPSTREAM_ERROR, failure.kind());
        assertTrue(failure.getMessage().contains("chat:write"), failure.getMessage());
    }

    @Test
    void serverErrorsAndBrokenConnectionsAreUpstreamErrors() {
        SLACK.stubFor(post(POST).willReturn(aResponse().withStatus(503).withBody("<html>down</html>")));
        ActionException unavailable = failure("post_message", message());
        SLACK.stubFor(post(POST).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        ActionException reset = failure("post_message", message());

        assertEquals(Kind.UPSTREAM_ERROR, unavailable.kind());
        assertEquals(OptionalInt.of(503), unavailable.upstreamStatus());
        assertEquals(Kind.UPSTREAM_ERROR, reset.kind());
        assertEquals(OptionalInt.empty(), reset.upstreamStatus());
    }

    @Test
    void unknownErrorCodesAreUpstreamErrors() {
        slackSays("ekm_access_denied");

        ActionException failure = failure("post_message", message());

        assertEquals(Kind.UPSTREAM_ERROR, failure.kind());
        assertTrue(failure.getMessage().contains("ekm_access_denied"));
    }

    // ---- list_channels ----------------------------------------------------------------------------------------

    @Test
    void listChannelsReadsOnePageWithTheCursor() throws ActionException {
        SLACK.stubFor(get(urlPathEqualTo(LIST)).willReturn(okJson("""
                {"ok": true,
                 "channels": [
                   {"id": "C012AB3CD", "name": "general", "is_channel": true, "is_private": false, "is_archived": false,
                    "is_member": true, "num_members": 4, "topic": {"value": "Company-wide", "creator": "", "last_set": 0}},
                   {"id": "C061EG9T2", "name": "random", "is_channel": true, "is_private": false, "is_archived": false,
                    "is_member": false, "num_members": 4}],
                 "response_metadata": {"next_cursor": "dGVhbTpDMDYxRkE1UEI="}}""")));

        ActionResult result = run("list_channels", Map.of("limit", 2, "types", List.of("public_channel", "private_channel"),
                "cursor", "dXNlcjpVMDYxTkZUVDI="));

        SLACK.verify(getRequestedFor(urlPathEqualTo(LIST))
                .withHeader("Authorization", equalTo("Bearer " + BOT_TOKEN))
                .withQueryParam("types", equalTo("public_channel,private_channel"))
                .withQueryParam("exclude_archived", equalTo("true"))
                .withQueryParam("limit", equalTo("2"))
                .withQueryParam("cursor", equalTo("dXNlcjpVMDYxTkZUVDI=")));
        assertEquals(List.of(
                Map.of("id", "C012AB3CD", "name", "general", "is_private", false, "is_member", true),
                Map.of("id", "C061EG9T2", "name", "random", "is_private", false, "is_member", false)),
                result.data().get("channels"));
        assertEquals(2, result.data().get("count"));
        assertEquals("dGVhbTpDMDYxRkE1UEI=", result.data().get("next_cursor"));
    }

    @Test
    void theLastPageHasNoCursor() throws ActionException {
        SLACK.stubFor(get(urlPathEqualTo(LIST)).willReturn(okJson("""
                {"ok": true, "channels": [], "response_metadata": {"next_cursor": ""}}""")));

        ActionResult result = run("list_channels", Map.of());

        SLACK.verify(getRequestedFor(urlPathEqualTo(LIST)).withQueryParam("types", equalTo("public_channel"))
                .withQueryParam("limit", equalTo("100")).withQueryParam("cursor", absent()));
        assertFalse(result.data().containsKey("next_cursor"));
    }

    // ---- deadline ---------------------------------------------------------------------------------------------

    @Test
    void aSlowAnswerFailsAtTheDeadline() {
        SLACK.stubFor(post(POST).willReturn(okJson(POSTED).withFixedDelay(5_000)));
        Clock clock = Clock.systemUTC();
        long start = System.nanoTime();

        ActionException failure = assertThrows(ActionException.class,
                () -> run("post_message", message(), "inv-1", clock, clock.instant().plusMillis(400)));

        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertEquals(Kind.UPSTREAM_ERROR, failure.kind());
        assertTrue(took.compareTo(Duration.ofSeconds(3)) < 0, "gave up after " + took);
    }

    @Test
    void aBodyTricklingInPastTheDeadlineIsCutOff() {
        SLACK.stubFor(get(urlPathEqualTo(LIST)).willReturn(okJson("{\"ok\": true, \"channels\": []}")
                .withChunkedDribbleDelay(10, 5_000)));
        Clock clock = Clock.systemUTC();
        long start = System.nanoTime();

        ActionException failure = assertThrows(ActionException.class,
                () -> run("list_channels", Map.of(), "inv-1", clock, clock.instant().plusMillis(400)));

        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertEquals(Kind.UPSTREAM_ERROR, failure.kind());
        assertTrue(took.compareTo(Duration.ofSeconds(3)) < 0, "gave up after " + took);
    }

    @Test
    void aPassedDeadlineMakesNoCall() {
        ActionException failure = assertThrows(ActionException.class, () -> run("list_channels", Map.of(), "inv-1",
                Clock.fixed(NOW, ZoneOffset.UTC), NOW.minusMillis(1)));

        assertEquals(Kind.UPSTREAM_ERROR, failure.kind());
        SLACK.verify(0, anyRequestedFor(anyUrl()));
    }

    // ---- secrets ----------------------------------------------------------------------------------------------

    @Test
    void theTokenIsNeverInMessagesOrToStrings() {
        List<String> printed = new ArrayList<>();
        for (String error : List.of("invalid_auth", "channel_not_found", "not_in_channel", "missing_scope",
                "ratelimited", "internal_error", "invalid_arguments")) {
            slackSays(error);
            ActionException failure = failure("post_message", message());
            printed.add(failure.getMessage());
            printed.add(failure.toString());
            printed.add(failure.fieldErrors().toString());
        }
        SLACK.stubFor(post(POST).willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));
        printed.add(failure("post_message", message()).getMessage());

        for (String text : printed) {
            assertFalse(text.contains(BOT_TOKEN), text);
        }
    }
}
