package dev.switchboard.integrations.posthog;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.switchboard.spi.AccessToken;
import dev.switchboard.spi.SecretValue;
import dev.switchboard.spi.provider.ProviderContext;
import dev.switchboard.spi.provider.ProviderException;
import dev.switchboard.spi.provider.ProviderException.Reason;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
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

class PostHogProviderAdapterTest {

    private static final String KEY = "phx_secretPersonalKey123";
    private static final WireMockServer POSTHOG = new WireMockServer(WireMockConfiguration.options().dynamicPort());

    private final PostHogProviderAdapter adapter = new PostHogProviderAdapter(HttpClient.newHttpClient());

    @BeforeAll
    static void start() {
        POSTHOG.start();
    }

    @AfterAll
    static void stop() {
        POSTHOG.stop();
    }

    @BeforeEach
    void reset() {
        POSTHOG.resetAll();
    }

    private static ProviderContext context(Object apiKey, String baseUrl) {
        Map<String, Object> config = new HashMap<>();
        if (apiKey != null) {
            config.put("apiKey", apiKey);
        }
        if (baseUrl != null) {
            config.put("apiBaseUrl", baseUrl);
        }
        return new ProviderContext("org-1", "int-1", null, config,
                Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC));
    }

    private static ProviderContext local() {
        return context(SecretValue.of(KEY), POSTHOG.baseUrl() + "/");
    }

    @Test
    void resolveTokenReturnsTheConfiguredSecretKey() throws Exception {
        AccessToken token = adapter.resolveToken(context(SecretValue.of(KEY), null));

        assertEquals(KEY, token.value().reveal());
        assertEquals("Bearer", token.type());
        assertNull(token.expiresAt());
        assertFalse(token.toString().contains(KEY));
    }

    @Test
    void resolveTokenAcceptsAPlainStringKey() throws Exception {
        assertEquals(KEY, adapter.resolveToken(context(" " + KEY + " ", null)).value().reveal());
    }

    @Test
    void missingKeyNeedsTheUserToEnterOne() {
        ProviderException failure = assertThrows(ProviderException.class, () -> adapter.resolveToken(context(null, null)));

        assertEquals(Reason.INVALID_GRANT, failure.reason());
    }

    @Test
    void projectsCheckTheKeyAgainstTheConfiguredHost() throws Exception {
        POSTHOG.stubFor(get(urlPathEqualTo("/api/projects/")).willReturn(okJson("""
                {"count": 2, "next": null, "previous": null, "results": [
                  {"id": 1, "uuid": "0188-a", "name": "Web", "api_token": "phc_public"},
                  {"id": 2, "uuid": "0188-b", "name": "Mobile", "api_token": "phc_public2"}]}""")));

        List<Map<String, Object>> projects = adapter.metadata("projects", local(), adapter.resolveToken(local()));

        assertEquals(List.of(Map.of("id", "1", "name", "Web", "uuid", "0188-a"),
                Map.of("id", "2", "name", "Mobile", "uuid", "0188-b")), projects);
        POSTHOG.verify(getRequestedFor(urlPathEqualTo("/api/projects/")).withHeader("Authorization", equalTo("Bearer " + KEY)));
    }

    @Test
    void projectsFollowNextOnTheSameInstance() throws Exception {
        POSTHOG.stubFor(get(urlPathEqualTo("/api/projects/")).withQueryParam("offset", equalTo("1"))
                .willReturn(okJson("{\"next\": null, \"results\": [{\"id\": 2, \"name\": \"Mobile\"}]}")));
        POSTHOG.stubFor(get(urlPathEqualTo("/api/projects/")).atPriority(10).willReturn(okJson(
                "{\"next\": \"" + POSTHOG.baseUrl() + "/api/projects/?limit=1&offset=1\", \"results\": [{\"id\": 1, \"name\": \"Web\"}]}")));

        List<Map<String, Object>> projects = adapter.metadata("projects", local(), adapter.resolveToken(local()));

        assertEquals(List.of("1", "2"), projects.stream().map(p -> p.get("id")).toList());
    }

    @Test
    void nextLinkToAnotherHostIsNotFollowed() throws Exception {
        POSTHOG.stubFor(get(urlPathEqualTo("/api/projects/")).willReturn(okJson(
                "{\"next\": \"https://evil.example/api/projects/?offset=1\", \"results\": [{\"id\": 1, \"name\": \"Web\"}]}")));

        List<Map<String, Object>> projects = adapter.metadata("projects", local(), adapter.resolveToken(local()));

        assertEquals(1, projects.size());
        POSTHOG.verify(1, getRequestedFor(urlPathEqualTo("/api/projects/")));
    }

    @Test
    void invalidKeyIsUnauthorized() {
        POSTHOG.stubFor(get(urlPathEqualTo("/api/projects/")).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"type\": \"authentication_error\", \"code\": \"authentication_failed\", "
                        + "\"detail\": \"Personal API key found in request Authorization header is invalid.\"}")));

        ProviderException failure = assertThrows(ProviderException.class,
                () -> adapter.metadata("projects", local(), adapter.resolveToken(local())));

        assertEquals(Reason.UNAUTHORIZED, failure.reason());
        assertFalse(failure.getMessage().contains(KEY));
        assertFalse(failure.getMessage().contains("authentication_failed"));
    }

    @Test
    void keyWithoutScopeIsUnauthorized() {
        POSTHOG.stubFor(get(urlPathEqualTo("/api/users/@me/")).willReturn(aResponse().withStatus(403)
                .withBody("{\"type\": \"authentication_error\", \"code\": \"permission_denied\"}")));

        ProviderException failure = assertThrows(ProviderException.class,
                () -> adapter.metadata("user", local(), adapter.resolveToken(local())));

        assertEquals(Reason.UNAUTHORIZED, failure.reason());
    }

    @Test
    void userNamesTheKeysOwner() throws Exception {
        POSTHOG.stubFor(get(urlPathEqualTo("/api/users/@me/")).willReturn(okJson("""
                {"id": 7, "uuid": "017f-user", "first_name": "Ada", "email": "ada@example.com"}""")));

        List<Map<String, Object>> user = adapter.metadata("user", local(), adapter.resolveToken(local()));

        assertEquals(List.of(Map.of("id", "017f-user", "name", "Ada", "email", "ada@example.com")), user);
        POSTHOG.verify(getRequestedFor(urlPathEqualTo("/api/users/@me/")).withHeader("Authorization", equalTo("Bearer " + KEY)));
    }

    @Test
    void throttlingCarriesRetryAfter() {
        POSTHOG.stubFor(get(urlPathEqualTo("/api/projects/")).willReturn(aResponse().withStatus(429)
                .withHeader("Retry-After", "12")));

        ProviderException failure = assertThrows(ProviderException.class,
                () -> adapter.metadata("projects", local(), adapter.resolveToken(local())));

        assertEquals(Reason.RATE_LIMITED, failure.reason());
        assertEquals(Duration.ofSeconds(12), failure.retryAfter().orElseThrow());
    }

    @Test
    void serverErrorIsUnavailable() {
        POSTHOG.stubFor(get(urlPathEqualTo("/api/projects/")).willReturn(aResponse().withStatus(502)));

        ProviderException failure = assertThrows(ProviderException.class,
                () -> adapter.metadata("projects", local(), adapter.resolveToken(local())));

        assertEquals(Reason.UNAVAILABLE, failure.reason());
    }

    @Test
    void redirectIsNotFollowed() {
        POSTHOG.stubFor(get(urlPathEqualTo("/api/projects/")).willReturn(aResponse().withStatus(301)
                .withHeader("Location", "https://elsewhere.example/api/projects/")));

        ProviderException failure = assertThrows(ProviderException.class,
                () -> adapter.metadata("projects", local(), adapter.resolveToken(local())));

        assertEquals(Reason.BAD_RESPONSE, failure.reason());
    }

    @Test
    void badBaseUrlIsRejected() {
        ProviderException failure = assertThrows(ProviderException.class, () -> adapter.metadata("projects",
                context(KEY, "ftp://posthog.example"), AccessToken.bearer(KEY)));

        assertEquals(Reason.BAD_RESPONSE, failure.reason());
    }

    @Test
    void unknownKindIsUnsupported() {
        ProviderException failure = assertThrows(ProviderException.class,
                () -> adapter.metadata("dashboards", local(), AccessToken.bearer(KEY)));

        assertEquals(Reason.UNSUPPORTED, failure.reason());
    }

    @Test
    void skillVariablesAreTheKeyAndTheHost() throws Exception {
        ProviderContext eu = context(SecretValue.of(KEY), "https://eu.posthog.com/");

        Map<String, SecretValue> values = adapter.skillVariableValues(eu, adapter.resolveToken(eu));

        assertEquals(KEY, values.get("POSTHOG_API_KEY").reveal());
        assertEquals("https://eu.posthog.com", values.get("POSTHOG_HOST").reveal());
        assertEquals(Set.of("posthog"), adapter.satisfiedCapabilities());
        assertTrue(adapter.skillVariables().stream().anyMatch(v -> v.name().equals("POSTHOG_API_KEY") && v.secret()));
        assertFalse(values.toString().contains(KEY));
    }

    @Test
    void defaultHostIsUsCloud() throws Exception {
        Map<String, SecretValue> values = adapter.skillVariableValues(context(KEY, null), AccessToken.bearer(KEY));

        assertEquals("https://us.posthog.com", values.get("POSTHOG_HOST").reveal());
    }

    @Test
    void secretsStayOutOfToString() throws Exception {
        ProviderContext context = context(KEY, null);
        String printed = context + " " + PostHogConfig.from(context.config()) + " " + adapter.resolveToken(context);

        assertFalse(printed.contains(KEY), printed);
    }

    @Test
    void descriptorDeclaresTheKeyAsWriteOnly() {
        assertEquals("posthog", adapter.descriptor().id());
        assertTrue(adapter.descriptor().configSchema().contains("\"writeOnly\": true"));
    }
}
