package dev.switchboard.integrations.nango;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.switchboard.spi.AccessToken;
import dev.switchboard.spi.SecretValue;
import dev.switchboard.spi.provider.AuthKind;
import dev.switchboard.spi.provider.ProviderContext;
import dev.switchboard.spi.provider.ProviderException;
import dev.switchboard.spi.provider.ProviderException.Reason;
import dev.switchboard.spi.provider.TokenSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NangoProviderAdapterTest {

    static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    static final String SECRET_KEY = "nango-secret-key-0000";
    static final String CONNECTION_PATH = "/connection/conn-1";

    static final WireMockServer NANGO = new WireMockServer(WireMockConfiguration.options().dynamicPort());

    NangoProviderAdapter adapter;

    @BeforeAll
    static void start() {
        NANGO.start();
    }

    @AfterAll
    static void stop() {
        NANGO.stop();
    }

    @BeforeEach
    void setUp() {
        NANGO.resetAll();
        adapter = new NangoProviderAdapter(properties(Map.of()));
    }

    static Map<String, Object> properties(Map<String, Object> extra) {
        return properties(NANGO, extra);
    }

    static Map<String, Object> properties(WireMockServer nango, Map<String, Object> extra) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("service", "linear");
        properties.put("providerConfigKey", "linear");
        properties.put(".secretKey", SECRET_KEY);
        properties.put("baseUrl", nango.baseUrl());
        properties.putAll(extra);
        return properties;
    }

    static ProviderContext context(Instant now) {
        return context(now, Map.of());
    }

    static ProviderContext context(Instant now, Map<String, Object> config) {
        return new ProviderContext("org-1", "int-1", "conn-1", config, Clock.fixed(now, ZoneOffset.UTC));
    }

    static String connection(String token, String expiresAt) {
        return """
                {"id": 7, "connection_id": "conn-1", "provider_config_key": "linear", "provider": "linear",
                 "created_at": "2026-01-01T00:00:00.000Z", "metadata": {},
                 "credentials": {"type": "OAUTH2", "access_token": "%s"%s, "raw": {"token_type": "Bearer"}}}
                """.formatted(token, expiresAt == null ? "" : ", \"expires_at\": \"" + expiresAt + "\"");
    }

    static void connectionAnswers(String body) {
        NANGO.stubFor(get(urlPathEqualTo(CONNECTION_PATH)).willReturn(okJson(body)));
    }

    @Test
    void resolveTokenFetchesTheConnectionFromNango() throws Exception {
        connectionAnswers(connection("lin_oauth_1", "2026-03-01T11:00:00.000Z"));

        AccessToken token = adapter.resolveToken(context(NOW));

        assertEquals("lin_oauth_1", token.value().reveal());
        assertEquals("Bearer", token.type());
        assertEquals(Instant.parse("2026-03-01T11:00:00Z"), token.expiresAt());
        NANGO.verify(getRequestedFor(urlPathEqualTo(CONNECTION_PATH))
                .withHeader("Authorization", equalTo("Bearer " + SECRET_KEY))
                .withQueryParam("provider_config_key", equalTo("linear"))
                .withQueryParam("force_refresh", absent())
                .withQueryParam("refresh_token", absent()));
    }

    @Test
    void tokenIsReusedUntilFiveMinutesBeforeItExpires() throws Exception {
        connectionAnswers(connection("lin_oauth_1", "2026-03-01T11:00:00.000Z"));

        adapter.resolveToken(context(NOW));
        adapter.resolveToken(context(NOW.plus(Duration.ofMinutes(54))));

        NANGO.verify(1, getRequestedFor(urlPathEqualTo(CONNECTION_PATH)));
        adapter.resolveToken(context(NOW.plus(Duration.ofMinutes(55))));
        NANGO.verify(2, getRequestedFor(urlPathEqualTo(CONNECTION_PATH)));
    }

    @Test
    void tokenWithoutExpiryIsReusedForTheConfiguredTime() throws Exception {
        adapter = new NangoProviderAdapter(properties(Map.of("cacheSecondsWithoutExpiry", "60")));
        connectionAnswers(connection("lin_oauth_1", null));

        assertNull(adapter.resolveToken(context(NOW)).expiresAt());
        adapter.resolveToken(context(NOW.plusSeconds(59)));
        NANGO.verify(1, getRequestedFor(urlPathEqualTo(CONNECTION_PATH)));
        adapter.resolveToken(context(NOW.plusSeconds(60)));
        NANGO.verify(2, getRequestedFor(urlPathEqualTo(CONNECTION_PATH)));
    }

    @Test
    void concurrentCallersShareOneFetch() throws Exception {
        NANGO.stubFor(get(urlPathEqualTo(CONNECTION_PATH))
                .willReturn(okJson(connection("lin_oauth_1", "2026-03-01T11:00:00.000Z")).withFixedDelay(300)));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<AccessToken>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(() -> adapter.resolveToken(context(NOW)));
            }
            for (Future<AccessToken> result : pool.invokeAll(calls)) {
                assertEquals("lin_oauth_1", result.get().value().reveal());
            }
        } finally {
            pool.shutdownNow();
        }

        NANGO.verify(1, getRequestedFor(urlPathEqualTo(CONNECTION_PATH)));
    }

    @Test
    void differentOrganizationsDoNotShareATokenEntry() throws Exception {
        connectionAnswers(connection("lin_oauth_1", "2026-03-01T11:00:00.000Z"));

        adapter.resolveToken(context(NOW));
        adapter.resolveToken(new ProviderContext("org-2", "int-9", "conn-1", Map.of(), Clock.fixed(NOW, ZoneOffset.UTC)));

        NANGO.verify(2, getRequestedFor(urlPathEqualTo(CONNECTION_PATH)));
    }

    @Test
    void forcedRefreshAsksNangoToRefreshAndReplacesTheCachedToken() throws Exception {
        connectionAnswers(connection("lin_oauth_1", "2026-03-01T11:00:00.000Z"));
        NANGO.stubFor(get(urlPathEqualTo(CONNECTION_PATH)).withQueryParam("force_refresh", equalTo("true"))
                .willReturn(okJson(connection("lin_oauth_2", "2026-03-01T12:00:00.000Z"))));
        adapter.resolveToken(context(NOW));

        TokenSet refreshed = adapter.refresh(null, context(NOW));

        assertEquals("lin_oauth_2", refreshed.accessToken().reveal());
        assertNull(refreshed.refreshToken());
        assertEquals("lin_oauth_2", adapter.resolveToken(context(NOW)).value().reveal());
        NANGO.verify(2, getRequestedFor(urlPathEqualTo(CONNECTION_PATH)));
        NANGO.verify(1, getRequestedFor(urlPathEqualTo(CONNECTION_PATH)).withQueryParam("force_refresh", equalTo("true"))
                .withQueryParam("refresh_token", absent()));
    }

    @ParameterizedTest
    @CsvSource({"404, INVALID_GRANT", "424, INVALID_GRANT", "401, UNAUTHORIZED", "403, UNAUTHORIZED",
            "400, BAD_RESPONSE", "500, UNAVAILABLE", "503, UNAVAILABLE"})
    void nangoFailuresMapToReasons(int status, Reason reason) {
        NANGO.stubFor(get(urlPathEqualTo(CONNECTION_PATH)).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json").withBody("{\"message\": \"nope\"}")));

        ProviderException failure = assertThrows(ProviderException.class, () -> adapter.resolveToken(context(NOW)));

        assertEquals(reason, failure.reason());
        assertFalse(failure.getMessage().contains(SECRET_KEY));
        assertFalse(failure.getMessage().contains("nope"));
    }

    @Test
    void goneConnectionNeedsAReconnect() {
        NANGO.stubFor(get(urlPathEqualTo(CONNECTION_PATH)).willReturn(aResponse().withStatus(404)));

        ProviderException failure = assertThrows(ProviderException.class, () -> adapter.resolveToken(context(NOW)));

        assertTrue(failure.reconnectRequired());
    }

    @Test
    void throttlingCarriesRetryAfter() {
        NANGO.stubFor(get(urlPathEqualTo(CONNECTION_PATH)).willReturn(aResponse().withStatus(429)
                .withHeader("Retry-After", "9")));

        ProviderException failure = assertThrows(ProviderException.class, () -> adapter.resolveToken(context(NOW)));

        assertEquals(Reason.RATE_LIMITED, failure.reason());
        assertEquals(Duration.ofSeconds(9), failure.retryAfter().orElseThrow());
    }

    @Test
    void failuresAreNotCached() throws Exception {
        NANGO.stubFor(get(urlPathEqualTo(CONNECTION_PATH)).willReturn(aResponse().withStatus(503)));
        assertThrows(ProviderException.class, () -> adapter.resolveToken(context(NOW)));
        connectionAnswers(connection("lin_oauth_1", "2026-03-01T11:00:00.000Z"));

        assertEquals("lin_oauth_1", adapter.resolveToken(context(NOW)).value().reveal());
    }

    @Test
    void integrationWithoutConnectionIdNeedsAReconnect() {
        ProviderContext noConnection = new ProviderContext("org-1", "int-1", null, Map.of(),
                Clock.fixed(NOW, ZoneOffset.UTC));

        ProviderException failure = assertThrows(ProviderException.class, () -> adapter.resolveToken(noConnection));

        assertEquals(Reason.INVALID_GRANT, failure.reason());
    }

    @Test
    void organizationCanBringItsOwnNango() throws Exception {
        connectionAnswers(connection("lin_oauth_own", null));

        adapter.resolveToken(context(NOW, Map.of("secretKey", SecretValue.of("org-own-key"), "baseUrl", NANGO.baseUrl())));

        NANGO.verify(getRequestedFor(urlPathEqualTo(CONNECTION_PATH)).withHeader("Authorization", equalTo("Bearer org-own-key")));
    }

    @Test
    void deploymentKeyIsNeverSentToAnOrganizationsUrl() {
        ProviderException failure = assertThrows(ProviderException.class,
                () -> adapter.resolveToken(context(NOW, Map.of("baseUrl", NANGO.baseUrl()))));

        assertEquals(Reason.UNAUTHORIZED, failure.reason());
        NANGO.verify(0, getRequestedFor(urlPathEqualTo(CONNECTION_PATH)));
    }

    @Test
    void clientCredentialsAndApiKeyConnectionsWork() throws Exception {
        NANGO.stubFor(get(urlPathEqualTo("/connection/cc")).willReturn(okJson(
                "{\"credentials\": {\"type\": \"OAUTH2_CC\", \"token\": \"cc-token\", \"expires_at\": \"2026-03-01T11:00:00Z\"}}")));
        NANGO.stubFor(get(urlPathEqualTo("/connection/key")).willReturn(okJson(
                "{\"credentials\": {\"type\": \"API_KEY\", \"apiKey\": \"plain-key\"}}")));

        AccessToken cc = adapter.resolveToken(new ProviderContext("org-1", null, "cc", Map.of(), Clock.fixed(NOW, ZoneOffset.UTC)));
        AccessToken key = adapter.resolveToken(new ProviderContext("org-1", null, "key", Map.of(), Clock.fixed(NOW, ZoneOffset.UTC)));

        assertEquals("cc-token", cc.value().reveal());
        assertEquals("plain-key", key.value().reveal());
        assertEquals("api-key", key.type());
    }

    @Test
    void unsupportedCredentialTypeIsABadResponse() {
        connectionAnswers("{\"credentials\": {\"type\": \"BASIC\", \"username\": \"u\", \"password\": \"p\"}}");

        ProviderException failure = assertThrows(ProviderException.class, () -> adapter.resolveToken(context(NOW)));

        assertEquals(Reason.BAD_RESPONSE, failure.reason());
    }

    @Test
    void connectionIdIsEncodedInThePath() throws Exception {
        NANGO.stubFor(get(urlPathEqualTo("/connection/a%2Fb%20c")).willReturn(okJson(connection("t", null))));

        adapter.resolveToken(new ProviderContext("org-1", null, "a/b c", Map.of(), Clock.fixed(NOW, ZoneOffset.UTC)));

        NANGO.verify(1, getRequestedFor(urlPathEqualTo("/connection/a%2Fb%20c")));
    }

    @Test
    void disconnectDeletesTheConnectionInNango() throws Exception {
        NANGO.stubFor(delete(urlPathEqualTo(CONNECTION_PATH)).willReturn(okJson("{\"success\": true}")));

        adapter.revoke(null, context(NOW));

        NANGO.verify(deleteRequestedFor(urlPathEqualTo(CONNECTION_PATH))
                .withQueryParam("provider_config_key", equalTo("linear"))
                .withHeader("Authorization", equalTo("Bearer " + SECRET_KEY)));
    }

    @Test
    void disconnectingAGoneConnectionSucceeds() throws Exception {
        NANGO.stubFor(delete(urlPathEqualTo(CONNECTION_PATH)).willReturn(aResponse().withStatus(404)));

        adapter.revoke(null, context(NOW));
    }

    @Test
    void disconnectCanLeaveTheConnectionInNango() throws Exception {
        adapter = new NangoProviderAdapter(properties(Map.of("deleteConnectionOnDisconnect", "false")));

        adapter.revoke(null, context(NOW));

        NANGO.verify(0, deleteRequestedFor(urlPathEqualTo(CONNECTION_PATH)));
    }

    @Test
    void describesItselfAsABrokerForItsService() {
        assertEquals("nango-linear", adapter.descriptor().id());
        assertEquals("linear", adapter.service());
        assertEquals(AuthKind.BROKER, adapter.authKind());
        assertEquals(List.of("linear"), List.copyOf(adapter.satisfiedCapabilities()));
        assertEquals("LINEAR_ACCESS_TOKEN", adapter.skillVariables().get(0).name());
        assertTrue(adapter.skillVariables().get(0).secret());
        assertTrue(adapter.handlesLifecycleWebhooks());
    }

    @Test
    void invalidInstanceConfigurationFailsActivation() {
        assertThrows(IllegalArgumentException.class,
                () -> new NangoProviderAdapter(properties(Map.of("service", "Linear App"))));
        Map<String, Object> noKey = properties(Map.of());
        noKey.remove("providerConfigKey");
        assertThrows(IllegalArgumentException.class, () -> new NangoProviderAdapter(noKey));
        assertThrows(IllegalArgumentException.class,
                () -> new NangoProviderAdapter(properties(Map.of("baseUrl", "ftp://nango.example"))));
    }

    @Test
    void secretsStayOutOfToString() throws Exception {
        connectionAnswers(connection("lin_oauth_secret", "2026-03-01T11:00:00.000Z"));
        TokenSet tokens = adapter.refresh(SecretValue.EMPTY, context(NOW));
        NangoSettings settings = NangoSettings.from(properties(Map.of(".webhookSigningKey", "signing-secret")));
        NangoClient.Target target = new NangoClient.Target(settings.baseUrl(), settings.secretKey(), "linear", "conn-1");

        String printed = tokens + " " + adapter.resolveToken(context(NOW)) + " " + settings + " " + target + " "
                + context(NOW, Map.of("secretKey", "org-own-key"));

        assertFalse(printed.contains("lin_oauth_secret"), printed);
        assertFalse(printed.contains(SECRET_KEY), printed);
        assertFalse(printed.contains("signing-secret"), printed);
        assertFalse(printed.contains("org-own-key"), printed);
    }

    @Test
    void skillVariableIsTheFetchedToken() throws Exception {
        connectionAnswers(connection("lin_oauth_1", null));

        Map<String, SecretValue> values = adapter.skillVariableValues(context(NOW), adapter.resolveToken(context(NOW)));

        assertEquals("lin_oauth_1", values.get("LINEAR_ACCESS_TOKEN").reveal());
    }
}
