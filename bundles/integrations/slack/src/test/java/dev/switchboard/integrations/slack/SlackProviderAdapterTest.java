package dev.switchboard.integrations.slack;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.switchboard.spi.AccessToken;
import dev.switchboard.spi.SecretValue;
import dev.switchboard.spi.provider.AuthorizeRequest;
import dev.switchboard.spi.provider.CodeExchange;
import dev.switchboard.spi.provider.OAuthClient;
import dev.switchboard.spi.provider.ProviderContext;
import dev.switchboard.spi.provider.ProviderException;
import dev.switchboard.spi.provider.ProviderException.Reason;
import dev.switchboard.spi.provider.TokenSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SlackProviderAdapterTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final String BOT_TOKEN = "xoxb-1111-2222-secretbottoken";
    private static final String CLIENT_SECRET = "client-secret-value";
    private static final OAuthClient CLIENT = new OAuthClient("123.456", SecretValue.of(CLIENT_SECRET));
    private static final String TOKEN_PATH = "/api/oauth.v2.access";

    private static final WireMockServer SLACK = new WireMockServer(WireMockConfiguration.options().dynamicPort());

    private SlackProviderAdapter adapter;

    @BeforeAll
    static void start() {
        SLACK.start();
    }

    @AfterAll
    static void stop() {
        SLACK.stop();
    }

    @BeforeEach
    void setUp() {
        SLACK.resetAll();
        adapter = new SlackProviderAdapter(HttpClient.newHttpClient(), URI.create("https://slack.test/oauth/v2/authorize"),
                URI.create(SLACK.baseUrl() + "/api/"));
    }

    private static ProviderContext context(Map<String, Object> config) {
        return new ProviderContext("org-1", "int-1", null, config, Clock.fixed(NOW, ZoneOffset.UTC), CLIENT);
    }

    private static ProviderContext context() {
        return context(Map.of());
    }

    private static CodeExchange code() {
        return new CodeExchange(SecretValue.of("the-code"), URI.create("https://sb.example/callback"), null);
    }

    private static String basic() {
        return "Basic " + Base64.getEncoder().encodeToString(("123.456:" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
    }

    private static void tokenAnswers(String json) {
        SLACK.stubFor(post(urlPathEqualTo(TOKEN_PATH)).willReturn(okJson(json)));
    }

    @Test
    void authorizeUrlAsksForBotScopesCommaSeparated() throws Exception {
        URI url = adapter.authorizeUrl(new AuthorizeRequest("st-1", URI.create("https://sb.example/callback"),
                List.of(), null), context());

        assertEquals("https://slack.test/oauth/v2/authorize?client_id=123.456&scope=chat%3Awrite%2Cchannels%3Aread"
                + "&redirect_uri=https%3A%2F%2Fsb.example%2Fcallback&state=st-1", url.toString());
    }

    @Test
    void exchangeCodeReturnsANonExpiringBotTokenAndTheTeam() throws Exception {
        tokenAnswers("""
                {"ok": true, "access_token": "%s", "token_type": "bot", "scope": "chat:write,channels:read",
                 "bot_user_id": "U0KRQLJ9H", "app_id": "A0KRD7HC3", "team": {"name": "Acme", "id": "T9TK3CUKW"},
                 "enterprise": null, "is_enterprise_install": false,
                 "authed_user": {"id": "U1234", "scope": "", "access_token": null, "token_type": null}}
                """.formatted(BOT_TOKEN));

        TokenSet tokens = adapter.exchangeCode(code(), context());

        assertEquals(BOT_TOKEN, tokens.accessToken().reveal());
        assertNull(tokens.refreshToken());
        assertNull(tokens.expiresAt());
        assertEquals(Set.of("chat:write", "channels:read"), tokens.scopes());
        assertEquals("T9TK3CUKW", tokens.extra().get("connection_id"));
        assertEquals("Acme", tokens.extra().get("team_name"));
        assertEquals("U0KRQLJ9H", tokens.extra().get("bot_user_id"));
        SLACK.verify(postRequestedFor(urlPathEqualTo(TOKEN_PATH))
                .withHeader("Authorization", equalTo(basic()))
                .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded"))
                .withRequestBody(containing("code=the-code"))
                .withRequestBody(containing("redirect_uri=https%3A%2F%2Fsb.example%2Fcallback"))
                .withRequestBody(equalTo("grant_type=authorization_code&code=the-code"
                        + "&redirect_uri=https%3A%2F%2Fsb.example%2Fcallback")));
    }

    @Test
    void enterpriseInstallIsKnownByTheEnterpriseId() throws Exception {
        tokenAnswers("""
                {"ok": true, "access_token": "%s", "token_type": "bot", "scope": "chat:write",
                 "team": null, "enterprise": {"id": "E12345", "name": "Big Corp"}, "is_enterprise_install": true}
                """.formatted(BOT_TOKEN));

        TokenSet tokens = adapter.exchangeCode(code(), context());

        assertEquals("E12345", tokens.extra().get("connection_id"));
        assertEquals(true, tokens.extra().get("is_enterprise_install"));
    }

    @Test
    void exchangeWithTokenRotationReturnsRefreshTokenAndExpiry() throws Exception {
        tokenAnswers("""
                {"ok": true, "access_token": "xoxe.xoxb-1-rotating", "token_type": "bot", "scope": "chat:write",
                 "refresh_token": "xoxe-1-refresh", "expires_in": 43200, "team": {"id": "T1", "name": "Acme"}}
                """);

        TokenSet tokens = adapter.exchangeCode(code(), context());

        assertEquals("xoxe-1-refresh", tokens.refreshToken().reveal());
        assertEquals(NOW.plusSeconds(43200), tokens.expiresAt());
    }

    @Test
    void refreshSendsTheRefreshTokenAndReturnsTheRotatedOne() throws Exception {
        tokenAnswers("""
                {"ok": true, "access_token": "xoxe.xoxb-1-new", "token_type": "bot", "scope": "chat:write",
                 "refresh_token": "xoxe-1-rotated", "expires_in": 43200, "team": {"id": "T1", "name": "Acme"}}
                """);

        TokenSet tokens = adapter.refresh(SecretValue.of("xoxe-1-old"), context());

        assertEquals("xoxe.xoxb-1-new", tokens.accessToken().reveal());
        assertEquals("xoxe-1-rotated", tokens.refreshToken().reveal());
        SLACK.verify(postRequestedFor(urlPathEqualTo(TOKEN_PATH))
                .withHeader("Authorization", equalTo(basic()))
                .withRequestBody(equalTo("grant_type=refresh_token&refresh_token=xoxe-1-old")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"invalid_code", "invalid_grant", "invalid_refresh_token", "bad_redirect_uri"})
    void rejectedGrantsNeedAReconnect(String error) {
        tokenAnswers("{\"ok\": false, \"error\": \"" + error + "\"}");

        ProviderException failure = assertThrows(ProviderException.class, () -> adapter.exchangeCode(code(), context()));

        assertEquals(Reason.INVALID_GRANT, failure.reason());
        assertTrue(failure.reconnectRequired());
        assertFalse(failure.getMessage().contains("the-code"));
    }

    @Test
    void invalidGrantAsHttp400IsAnInvalidGrant() {
        SLACK.stubFor(post(urlPathEqualTo(TOKEN_PATH)).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\": \"invalid_grant\", \"error_description\": \"Token has been expired or revoked.\"}")));

        ProviderException failure = assertThrows(ProviderException.class,
                () -> adapter.refresh(SecretValue.of("xoxe-1-old"), context()));

        assertEquals(Reason.INVALID_GRANT, failure.reason());
    }

    @Test
    void badClientSecretIsUnauthorized() {
        tokenAnswers("{\"ok\": false, \"error\": \"bad_client_secret\"}");

        ProviderException failure = assertThrows(ProviderException.class, () -> adapter.exchangeCode(code(), context()));

        assertEquals(Reason.UNAUTHORIZED, failure.reason());
        assertFalse(failure.getMessage().contains(CLIENT_SECRET));
    }

    @Test
    void ratelimitedInTheBodyCarriesRetryAfter() {
        SLACK.stubFor(post(urlPathEqualTo(TOKEN_PATH)).willReturn(okJson("{\"ok\": false, \"error\": \"ratelimited\"}")
                .withHeader("Retry-After", "7")));

        ProviderException failure = assertThrows(ProviderException.class, () -> adapter.exchangeCode(code(), context()));

        assertEquals(Reason.RATE_LIMITED, failure.reason());
        assertEquals(Duration.ofSeconds(7), failure.retryAfter().orElseThrow());
    }

    @Test
    void http429CarriesRetryAfter() {
        SLACK.stubFor(get(urlPathEqualTo("/api/conversations.list")).willReturn(aResponse().withStatus(429)
                .withHeader("Retry-After", "30")));

        ProviderException failure = assertThrows(ProviderException.class,
                () -> adapter.metadata("channels", context(), AccessToken.bearer(BOT_TOKEN)));

        assertEquals(Reason.RATE_LIMITED, failure.reason());
        assertEquals(Duration.ofSeconds(30), failure.retryAfter().orElseThrow());
    }

    @Test
    void serverErrorIsUnavailable() {
        SLACK.stubFor(post(urlPathEqualTo(TOKEN_PATH)).willReturn(aResponse().withStatus(503)));

        ProviderException failure = assertThrows(ProviderException.class, () -> adapter.exchangeCode(code(), context()));

        assertEquals(Reason.UNAVAILABLE, failure.reason());
    }

    @Test
    void exchangeWithoutAnOAuthClientFails() {
        ProviderContext noClient = new ProviderContext("org-1", null, null, Map.of(), Clock.fixed(NOW, ZoneOffset.UTC));

        ProviderException failure = assertThrows(ProviderException.class, () -> adapter.exchangeCode(code(), noClient));

        assertEquals(Reason.UNAUTHORIZED, failure.reason());
    }

    @Test
    void revokeSendsTheTokenAsBearer() throws Exception {
        SLACK.stubFor(post(urlPathEqualTo("/api/auth.revoke")).willReturn(okJson("{\"ok\": true, \"revoked\": true}")));

        adapter.revoke(tokens(), context());

        SLACK.verify(postRequestedFor(urlPathEqualTo("/api/auth.revoke"))
                .withHeader("Authorization", equalTo("Bearer " + BOT_TOKEN)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"token_revoked", "invalid_auth", "account_inactive"})
    void revokingADeadTokenCountsAsRevoked(String error) throws Exception {
        SLACK.stubFor(post(urlPathEqualTo("/api/auth.revoke"))
                .willReturn(okJson("{\"ok\": false, \"error\": \"" + error + "\"}")));

        adapter.revoke(tokens(), context());
    }

    @Test
    void channelsFollowTheCursorAcrossPages() throws Exception {
        SLACK.stubFor(get(urlPathEqualTo("/api/conversations.list")).withQueryParam("cursor", absent())
                .willReturn(okJson("""
                        {"ok": true, "channels": [
                          {"id": "C1", "name": "general", "is_private": false, "is_member": true},
                          {"id": "C2", "name": "random", "is_private": false, "is_member": false}],
                         "response_metadata": {"next_cursor": "dGVhbTpDMDYxRkE1UEI="}}""")));
        SLACK.stubFor(get(urlPathEqualTo("/api/conversations.list")).withQueryParam("cursor", equalTo("dGVhbTpDMDYxRkE1UEI="))
                .willReturn(okJson("""
                        {"ok": true, "channels": [{"id": "C3", "name": "alerts"}],
                         "response_metadata": {"next_cursor": ""}}""")));

        List<Map<String, Object>> channels = adapter.metadata("channels", context(), AccessToken.bearer(BOT_TOKEN));

        assertEquals(List.of("C1", "C2", "C3"), channels.stream().map(c -> c.get("id")).toList());
        assertEquals("general", channels.get(0).get("name"));
        assertEquals(true, channels.get(0).get("is_member"));
        SLACK.verify(2, getRequestedFor(urlPathEqualTo("/api/conversations.list"))
                .withHeader("Authorization", equalTo("Bearer " + BOT_TOKEN))
                .withQueryParam("types", equalTo("public_channel"))
                .withQueryParam("exclude_archived", equalTo("true")));
    }

    @Test
    void channelsStopAtTheConfiguredCap() throws Exception {
        SLACK.stubFor(get(urlPathEqualTo("/api/conversations.list")).willReturn(okJson("""
                {"ok": true, "channels": [{"id": "C1", "name": "a"}, {"id": "C2", "name": "b"}],
                 "response_metadata": {"next_cursor": "more"}}""")));

        List<Map<String, Object>> channels = adapter.metadata("channels",
                context(Map.of("maxChannels", 3, "channelTypes", List.of("public_channel", "private_channel"))),
                AccessToken.bearer(BOT_TOKEN));

        assertEquals(3, channels.size());
        SLACK.verify(2, getRequestedFor(urlPathEqualTo("/api/conversations.list"))
                .withQueryParam("types", equalTo("public_channel,private_channel")));
        SLACK.verify(getRequestedFor(urlPathEqualTo("/api/conversations.list")).withQueryParam("limit", equalTo("1")));
    }

    @Test
    void revokedTokenDuringLookUpNeedsAReconnect() {
        SLACK.stubFor(get(urlPathEqualTo("/api/conversations.list"))
                .willReturn(okJson("{\"ok\": false, \"error\": \"token_revoked\"}")));

        ProviderException failure = assertThrows(ProviderException.class,
                () -> adapter.metadata("channels", context(), AccessToken.bearer(BOT_TOKEN)));

        assertEquals(Reason.INVALID_GRANT, failure.reason());
    }

    @Test
    void unknownMetadataKindIsUnsupported() {
        ProviderException failure = assertThrows(ProviderException.class,
                () -> adapter.metadata("users", context(), AccessToken.bearer(BOT_TOKEN)));

        assertEquals(Reason.UNSUPPORTED, failure.reason());
    }

    @Test
    void botTokenIsTheSkillVariable() throws Exception {
        assertEquals(Set.of("slack"), adapter.satisfiedCapabilities());
        assertTrue(adapter.skillVariables().get(0).secret());
        Map<String, SecretValue> values = adapter.skillVariableValues(context(), AccessToken.bearer(BOT_TOKEN));

        assertEquals(BOT_TOKEN, values.get("SLACK_BOT_TOKEN").reveal());
        assertFalse(values.toString().contains(BOT_TOKEN));
    }

    @Test
    void secretsStayOutOfToString() throws Exception {
        tokenAnswers("""
                {"ok": true, "access_token": "%s", "refresh_token": "xoxe-1-refresh", "expires_in": 60,
                 "team": {"id": "T1", "name": "Acme"}}""".formatted(BOT_TOKEN));

        TokenSet tokens = adapter.exchangeCode(code(), context());

        String printed = tokens + " " + tokens.toAccessToken() + " " + context() + " " + code();
        assertFalse(printed.contains(BOT_TOKEN), printed);
        assertFalse(printed.contains("xoxe-1-refresh"), printed);
        assertFalse(printed.contains(CLIENT_SECRET), printed);
        assertFalse(printed.contains("the-code"), printed);
    }

    @Test
    void descriptorIsValid() {
        assertEquals("slack", adapter.descriptor().id());
        assertEquals("slack", adapter.service());
        assertFalse(adapter.oauth2().orElseThrow().pkceSupported());
        assertEquals("https://slack.com/api/oauth.v2.access", adapter.oauth2().orElseThrow().tokenUrl().toString());
    }

    private static TokenSet tokens() {
        return new TokenSet(SecretValue.of(BOT_TOKEN), null, null, Set.of(), Map.of());
    }
}
