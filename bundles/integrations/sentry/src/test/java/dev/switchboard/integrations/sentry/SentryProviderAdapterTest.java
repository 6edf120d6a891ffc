package dev.switchboard.integrations.sentry;

import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import dev.switchboard.integrations.oauth2.Pkce;
import dev.switchboard.integrations.oauth2.ProviderHttp;
import dev.switchboard.spi.AccessToken;
import dev.switchboard.spi.SecretValue;
import dev.switchboard.spi.provider.AuthorizeRequest;
import dev.switchboard.spi.provider.CodeExchange;
import dev.switchboard.spi.provider.OAuthClient;
import dev.switchboard.spi.provider.ProviderContext;
import dev.switchboard.spi.provider.ProviderException;
import dev.switchboard.spi.provider.ProviderException.Reason;
import dev.switchboard.spi.provider.TokenSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.verify;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@WireMockTest
class SentryProviderAdapterTest {

    private static final Instant NOW = Instant.parse("2025-01-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final OAuthClient CLIENT = new OAuthClient("sentry-client", SecretValue.of("sentry-secret"));
    private static final URI REDIRECT = URI.create("https://switchboard.example/callback");
    private static final AccessToken TOKEN = AccessToken.bearer("sntrys_1");

    private final SentryProviderAdapter adapter = new SentryProviderAdapter(new ProviderHttp());
    private String base;

    @BeforeEach
    void setUp(WireMockRuntimeInfo wireMock) {
        base = wireMock.getHttpBaseUrl();
    }

    private ProviderContext context(Map<String, Object> extra) {
        Map<String, Object> config = new LinkedHashMap<>(extra);
        config.put("baseUrl", base);
        return new ProviderContext("org-1", "int-1", null, config, CLOCK, CLIENT);
    }

    @Test
    void describesItself() {
        assertEquals("sentry", adapter.descriptor().id());
        assertTrue(adapter.descriptor().configSchema().contains("\"baseUrl\""));
        assertEquals("sentry", adapter.service());
        assertEquals(Set.of("projects", "environments"), adapter.metadataKinds());
        assertEquals(Set.of("sentry"), adapter.satisfiedCapabilities());
        assertEquals(List.of("SENTRY_AUTH_TOKEN", "SENTRY_URL", "SENTRY_ORG"),
                adapter.skillVariables().stream().map(v -> v.name()).toList());
        var settings = adapter.oauth2().orElseThrow();
        assertEquals(URI.create("https://sentry.io/oauth/authorize/"), settings.authorizeUrl());
        assertEquals(URI.create("https://sentry.io/oauth/token/"), settings.tokenUrl());
        assertTrue(settings.pkceSupported());
    }

    @Test
    void authorizeUrlFollowsTheConfiguredBaseUrl() throws ProviderException {
        URI url = adapter.authorizeUrl(new AuthorizeRequest("state-1", REDIRECT, List.of(),
                Pkce.challengeS256("verifier-verifier-verifier-verifier-verifier")), context(Map.of()));

        assertTrue(url.toString().startsWith(base + "/oauth/authorize/?"), url.toString());
        Map<String, String> query = query(url);
        assertEquals("org:read project:read event:read", query.get("scope"));
        assertEquals("state-1", query.get("state"));
        assertEquals(Pkce.challengeS256("verifier-verifier-verifier-verifier-verifier"), query.get("code_challenge"));
    }

    @Test
    void exchangesTheCodeAtTheConfiguredServer() throws ProviderException {
        stubFor(post("/oauth/token/").willReturn(okJson("""
                {"access_token": "sntrys_1", "refresh_token": "rt-1", "expires_in": 2591999,
                 "expires_at": "2025-01-31T11:59:59Z", "token_type": "bearer", "scope": "org:read project:read",
                 "user": {"id": "123", "name": "Jane Doe", "email": "jane@example.com"}}""")));

        TokenSet tokens = adapter.exchangeCode(new CodeExchange(SecretValue.of("code-1"), REDIRECT,
                SecretValue.of("verifier-1")), context(Map.of()));

        assertEquals(NOW.plusSeconds(2591999), tokens.expiresAt());
        assertEquals(Set.of("org:read", "project:read"), tokens.scopes());
        assertEquals("123", ((Map<?, ?>) tokens.extra().get("user")).get("id"));
        verify(postRequestedFor(urlEqualTo("/oauth/token/"))
                .withFormParam("client_id", equalTo("sentry-client"))
                .withFormParam("client_secret", equalTo("sentry-secret"))
                .withFormParam("code_verifier", equalTo("verifier-1")));
    }

    @Test
    void refreshKeepsTheRefreshTokenWhenSentryDoesNotRotateIt() throws ProviderException {
        stubFor(post("/oauth/token/").willReturn(okJson("{\"access_token\": \"sntrys_2\", \"expires_in\": 2591999}")));

        TokenSet tokens = adapter.refresh(SecretValue.of("rt-1"), context(Map.of()));

        assertEquals("sntrys_2", tokens.accessToken().reveal());
        assertEquals(null, tokens.refreshToken());
    }

    @Test
    void projectsOfTheConfiguredOrganizationFollowPagination() throws ProviderException {
        stubFor(get("/api/0/organizations/acme/projects/").willReturn(okJson("""
                [{"id": "1", "slug": "backend", "name": "Backend", "platform": "python"}]""")
                .withHeader("Link", "<" + base + "/api/0/organizations/acme/projects/?&cursor=0:0:1>; "
                        + "rel=\"previous\"; results=\"false\"; cursor=\"0:0:1\", <" + base
                        + "/api/0/organizations/acme/projects/?&cursor=0:100:0>; rel=\"next\"; results=\"true\"; "
                        + "cursor=\"0:100:0\"")));
        stubFor(get("/api/0/organizations/acme/projects/?&cursor=0:100:0").willReturn(okJson("""
                [{"id": "2", "slug": "web", "name": "Web", "platform": "javascript"}]""")
                .withHeader("Link", "<" + base + "/api/0/organizations/acme/projects/?&cursor=0:200:0>; "
                        + "rel=\"next\"; results=\"false\"; cursor=\"0:200:0\"")));

        List<Map<String, Object>> projects = adapter.metadata("projects", context(Map.of("organization", "acme")), TOKEN);

        assertEquals(List.of("Backend", "Web"), projects.stream().map(p -> p.get("name")).toList());
        assertEquals("backend", projects.get(0).get("slug"));
        verify(getRequestedFor(urlEqualTo("/api/0/organizations/acme/projects/"))
                .withHeader("Authorization", equalTo("Bearer sntrys_1")));
    }

    @Test
    void withoutAConfiguredOrganizationTheFirstOneIsUsed() throws ProviderException {
        stubFor(get("/api/0/organizations/").willReturn(okJson("[{\"id\": \"9\", \"slug\": \"first-org\"}]")));
        stubFor(get("/api/0/organizations/first-org/projects/").willReturn(okJson("[]")));

        assertEquals(List.of(), adapter.metadata("projects", context(Map.of()), TOKEN));
        verify(getRequestedFor(urlEqualTo("/api/0/organizations/first-org/projects/")));
    }

    @Test
    void environmentsOfTheConfiguredProject() throws ProviderException {
        stubFor(get("/api/0/projects/acme/backend/environments/").willReturn(okJson("""
                [{"id": "1", "name": "production", "isHidden": false},
                 {"id": "2", "name": "staging", "isHidden": false}]""")));

        List<Map<String, Object>> environments = adapter.metadata("environments",
                context(Map.of("organization", "acme", "project", "backend")), TOKEN);

        assertEquals(List.of(Map.of("id", "1", "name", "production"), Map.of("id", "2", "name", "staging")),
                environments);
    }

    @Test
    void withoutAProjectTheOrganizationsEnvironmentsAreListed() throws ProviderException {
        stubFor(get("/api/0/organizations/acme/environments/").willReturn(okJson("[{\"id\": \"1\", \"name\": \"prod\"}]")));

        assertEquals("prod", adapter.metadata("environments", context(Map.of("organization", "acme")), TOKEN)
                .get(0).get("name"));
    }

    @Test
    void apiFailuresAreMapped() {
        stubFor(get("/api/0/organizations/acme/projects/").willReturn(aResponse().withStatus(401)));
        assertEquals(Reason.UNAUTHORIZED, assertThrows(ProviderException.class,
                () -> adapter.metadata("projects", context(Map.of("organization", "acme")), TOKEN)).reason());

        stubFor(get("/api/0/organizations/acme/projects/").willReturn(aResponse().withStatus(429)
                .withHeader("Retry-After", "30")));
        ProviderException limited = assertThrows(ProviderException.class,
                () -> adapter.metadata("projects", context(Map.of("organization", "acme")), TOKEN));
        assertEquals(Reason.RATE_LIMITED, limited.reason());
        assertEquals(Optional.of(Duration.ofSeconds(30)), limited.retryAfter());

        stubFor(get("/api/0/organizations/acme/projects/").willReturn(okJson("{\"detail\": \"odd\"}")));
        assertEquals(Reason.BAD_RESPONSE, assertThrows(ProviderException.class,
                () -> adapter.metadata("projects", context(Map.of("organization", "acme")), TOKEN)).reason());
    }

    @Test
    void paginationNeverLeavesTheConfiguredServer() throws ProviderException {
        stubFor(get("/api/0/organizations/acme/projects/").willReturn(okJson("[{\"id\": \"1\", \"name\": \"A\"}]")
                .withHeader("Link", "<https://evil.example/steal>; rel=\"next\"; results=\"true\"")));

        assertEquals(1, adapter.metadata("projects", context(Map.of("organization", "acme")), TOKEN).size());
    }

    @Test
    void unknownKindsAreUnsupported() {
        assertEquals(Reason.UNSUPPORTED, assertThrows(ProviderException.class,
                () -> adapter.metadata("levels", context(Map.of()), TOKEN)).reason());
    }

    @Test
    void skillVariablesAreTheTokenTheUrlAndTheOrganization() throws ProviderException {
        Map<String, SecretValue> values = adapter.skillVariableValues(new ProviderContext("org-1", "int-1", null,
                Map.of("baseUrl", "https://sentry.acme.internal/", "organization", "acme"), CLOCK), TOKEN);

        assertEquals(SecretValue.of("sntrys_1"), values.get("SENTRY_AUTH_TOKEN"));
        assertEquals("https://sentry.acme.internal", values.get("SENTRY_URL").reveal());
        assertEquals("acme", values.get("SENTRY_ORG").reveal());
        assertFalse(values.toString().contains("sntrys_1"));
    }

    @Test
    void aMalformedBaseUrlIsReportedByKey() {
        ProviderContext context = new ProviderContext("org-1", null, null, Map.of("baseUrl", "sentry"), CLOCK, CLIENT);

        ProviderException failure = assertThrows(ProviderException.class, () -> adapter.authorizeUrl(
                new AuthorizeRequest("s", REDIRECT, List.of(), null), context));

        assertTrue(failure.getMessage().contains("baseUrl"));
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            String[] parts = pair.split("=", 2);
            values.put(parts[0], URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
        }
        return values;
    }
}
