package dev.switchboard.integrations.linear;

import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import dev.switchboard.integrations.oauth2.OAuth2Endpoints;
import dev.switchboard.integrations.oauth2.Pkce;
import dev.switchboard.integrations.oauth2.ProviderHttp;
import dev.switchboard.spi.AccessToken;
import dev.switchboard.spi.SecretValue;
import dev.switchboard.spi.provider.AuthKind;
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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@WireMockTest
class LinearProviderAdapterTest {

    private static final Instant NOW = Instant.parse("2025-01-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final OAuthClient CLIENT = new OAuthClient("lin-client", SecretValue.of("lin-secret"));
    private static final URI REDIRECT = URI.create("https://switchboard.example/callback");
    private static final AccessToken TOKEN = AccessToken.bearer("lin_oauth_1");

    private String base;
    private LinearProviderAdapter adapter;

    @BeforeEach
    void setUp(WireMockRuntimeInfo wireMock) {
        base = wireMock.getHttpBaseUrl();
        OAuth2Endpoints endpoints = OAuth2Endpoints.builder(LinearConstants.ENDPOINTS.authorizeUrl(),
                        URI.create(base + "/oauth/token"))
                .revokeUrl(URI.create(base + "/oauth/revoke"))
                .defaultScopes(LinearConstants.ENDPOINTS.defaultScopes())
                .scopeSeparator(",")
                .pkce(true)
                .build();
        adapter = new LinearProviderAdapter(endpoints, new ProviderHttp());
    }

    private ProviderContext context(Map<String, Object> extra) {
        Map<String, Object> config = new LinkedHashMap<>(extra);
        config.put("apiBaseUrl", base);
        return new ProviderContext("org-1", "int-1", null, config, CLOCK, CLIENT);
    }

    @Test
    void describesItself() {
        assertEquals("linear", adapter.descriptor().id());
        assertEquals("Linear", adapter.descriptor().displayName());
        assertTrue(adapter.descriptor().configSchema().contains("\"apiBaseUrl\""));
        assertEquals("linear", adapter.service());
        assertEquals(AuthKind.OAUTH2, adapter.authKind());
        assertEquals(Set.of("teams", "states", "labels"), adapter.metadataKinds());
        assertEquals(Set.of("linear"), adapter.satisfiedCapabilities());
        assertEquals(List.of("LINEAR_ACCESS_TOKEN", "LINEAR_API_URL"),
                adapter.skillVariables().stream().map(v -> v.name()).toList());
        assertTrue(adapter.skillVariables().get(0).secret());
    }

    @Test
    void productionEndpointsAreLinears() {
        LinearProviderAdapter production = new LinearProviderAdapter();

        var settings = production.oauth2().orElseThrow();
        assertEquals(URI.create("https://linear.app/oauth/authorize"), settings.authorizeUrl());
        assertEquals(URI.create("https://api.linear.app/oauth/token"), settings.tokenUrl());
        assertEquals(List.of("read", "write"), settings.defaultScopes());
        assertTrue(settings.pkceSupported());
        assertEquals(URI.create("https://api.linear.app/oauth/revoke"), LinearConstants.ENDPOINTS.revokeUrl());
    }

    @Test
    void authorizeUrlHasCommaSeparatedScopesStateAndPkce() throws ProviderException {
        String verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

        URI url = adapter.authorizeUrl(new AuthorizeRequest("state-1", REDIRECT, List.of(),
                Pkce.challengeS256(verifier)), context(Map.of()));

        assertTrue(url.toString().startsWith("https://linear.app/oauth/authorize?"));
        Map<String, String> query = query(url);
        assertEquals("read,write", query.get("scope"));
        assertEquals("state-1", query.get("state"));
        assertEquals("lin-client", query.get("client_id"));
        assertEquals("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", query.get("code_challenge"));
        assertEquals("S256", query.get("code_challenge_method"));
    }

    @Test
    void exchangesTheCodeForExpiringTokens() throws ProviderException {
        stubFor(post("/oauth/token").willReturn(okJson("""
                {"access_token": "lin_oauth_1", "token_type": "Bearer", "expires_in": 86399,
                 "scope": "read,write", "refresh_token": "lin_refresh_1"}""")));

        TokenSet tokens = adapter.exchangeCode(new CodeExchange(SecretValue.of("code-1"), REDIRECT,
                SecretValue.of("verifier-1")), context(Map.of()));

        assertEquals(NOW.plusSeconds(86399), tokens.expiresAt());
        assertEquals(Set.of("read", "write"), tokens.scopes());
        assertEquals("lin_refresh_1", tokens.refreshToken().reveal());
        verify(postRequestedFor(urlEqualTo("/oauth/token"))
                .withFormParam("grant_type", equalTo("authorization_code"))
                .withFormParam("code_verifier", equalTo("verifier-1"))
                .withFormParam("client_secret", equalTo("lin-secret")));
    }

    @Test
    void refreshRotatesTheRefreshToken() throws ProviderException {
        stubFor(post("/oauth/token").willReturn(okJson(
                "{\"access_token\": \"lin_oauth_2\", \"expires_in\": 86399, \"refresh_token\": \"lin_refresh_2\"}")));

        TokenSet tokens = adapter.refresh(SecretValue.of("lin_refresh_1"), context(Map.of()));

        assertEquals("lin_refresh_2", tokens.refreshToken().reveal());
    }

    @Test
    void aReusedRefreshTokenNeedsReconnecting() {
        stubFor(post("/oauth/token").willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json").withBody("{\"error\": \"invalid_grant\"}")));

        assertEquals(Reason.INVALID_GRANT, assertThrows(ProviderException.class,
                () -> adapter.refresh(SecretValue.of("lin_refresh_1"), context(Map.of()))).reason());
    }

    @Test
    void revokeUsesTheRevocationEndpoint() throws ProviderException {
        stubFor(post("/oauth/revoke").willReturn(aResponse().withStatus(200)));

        adapter.revoke(new TokenSet(SecretValue.of("lin_oauth_1"), null, null, Set.of(), Map.of()), context(Map.of()));

        verify(postRequestedFor(urlEqualTo("/oauth/revoke")).withFormParam("token", equalTo("lin_oauth_1")));
    }

    @Test
    void teamsAreReadPageByPageThroughGraphQl() throws ProviderException {
        stubFor(post("/graphql").withRequestBody(matchingJsonPath("$.variables.after", equalTo("c1")))
                .willReturn(okJson("""
                        {"data": {"teams": {"nodes": [{"id": "t2", "name": "Design", "key": "DES"}],
                                            "pageInfo": {"hasNextPage": false, "endCursor": "c2"}}}}""")));
        stubFor(post("/graphql").withRequestBody(equalToJson(
                        "{\"query\": \"${json-unit.any-string}\", \"variables\": {\"first\": 100}}"))
                .willReturn(okJson("""
                        {"data": {"teams": {"nodes": [{"id": "t1", "name": "Engineering", "key": "ENG"}],
                                            "pageInfo": {"hasNextPage": true, "endCursor": "c1"}}}}""")));

        List<Map<String, Object>> teams = adapter.metadata("teams", context(Map.of()), TOKEN);

        assertEquals(List.of(Map.of("id", "t1", "name", "Engineering", "key", "ENG"),
                Map.of("id", "t2", "name", "Design", "key", "DES")), teams);
        verify(2, postRequestedFor(urlEqualTo("/graphql"))
                .withHeader("Authorization", equalTo("Bearer lin_oauth_1"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(matchingJsonPath("$.query", com.github.tomakehurst.wiremock.client.WireMock
                        .containing("teams(first: $first, after: $after)"))));
    }

    @Test
    void statesAreFilteredByTheConfiguredTeam() throws ProviderException {
        stubFor(post("/graphql").willReturn(okJson("""
                {"data": {"workflowStates": {"nodes": [
                   {"id": "s1", "name": "Todo", "type": "unstarted", "color": "#ccc", "position": 1.0,
                    "team": {"id": "t1"}}],
                 "pageInfo": {"hasNextPage": false, "endCursor": null}}}}""")));

        List<Map<String, Object>> states = adapter.metadata("states", context(Map.of("teamId", "t1")), TOKEN);

        assertEquals(1, states.size());
        assertEquals("Todo", states.get(0).get("name"));
        assertEquals("unstarted", states.get(0).get("type"));
        assertEquals("t1", states.get(0).get("teamId"));
        verify(postRequestedFor(urlEqualTo("/graphql")).withRequestBody(equalToJson("""
                {"query": "${json-unit.any-string}",
                 "variables": {"first": 100, "filter": {"team": {"id": {"eq": "t1"}}}}}""")));
        verify(postRequestedFor(urlEqualTo("/graphql")).withRequestBody(matchingJsonPath("$.query",
                com.github.tomakehurst.wiremock.client.WireMock.containing("workflowStates("))));
    }

    @Test
    void labelsWithoutATeamAreAllLabels() throws ProviderException {
        stubFor(post("/graphql").willReturn(okJson("""
                {"data": {"issueLabels": {"nodes": [{"id": "l1", "name": "Bug", "color": "#f00", "team": null}],
                 "pageInfo": {"hasNextPage": false}}}}""")));

        List<Map<String, Object>> labels = adapter.metadata("labels", context(Map.of()), TOKEN);

        assertEquals("Bug", labels.get(0).get("name"));
        assertNull(labels.get(0).get("teamId"));
        verify(postRequestedFor(urlEqualTo("/graphql")).withRequestBody(equalToJson(
                "{\"query\": \"${json-unit.any-string}\", \"variables\": {\"first\": 100}}")));
    }

    @Test
    void aRateLimitedQueryWaitsUntilLinearsReset() {
        stubFor(post("/graphql").willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withHeader("X-RateLimit-Requests-Reset", String.valueOf(NOW.plusSeconds(45).toEpochMilli()))
                .withBody("{\"errors\": [{\"message\": \"Rate limit exceeded\", "
                        + "\"extensions\": {\"code\": \"RATELIMITED\"}}]}")));

        ProviderException failure = assertThrows(ProviderException.class,
                () -> adapter.metadata("teams", context(Map.of()), TOKEN));

        assertEquals(Reason.RATE_LIMITED, failure.reason());
        assertEquals(Optional.of(Duration.ofSeconds(45)), failure.retryAfter());
    }

    @Test
    void http429UsesRetryAfter() {
        stubFor(post("/graphql").willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7")));

        assertEquals(Optional.of(Duration.ofSeconds(7)), assertThrows(ProviderException.class,
                () -> adapter.metadata("teams", context(Map.of()), TOKEN)).retryAfter());
    }

    @Test
    void anAuthenticationErrorIsUnauthorized() {
        stubFor(post("/graphql").willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"errors\": [{\"message\": \"Authentication required\", "
                        + "\"extensions\": {\"code\": \"AUTHENTICATION_ERROR\"}}]}")));

        assertEquals(Reason.UNAUTHORIZED, assertThrows(ProviderException.class,
                () -> adapter.metadata("teams", context(Map.of()), TOKEN)).reason());
    }

    @Test
    void serverErrorsAndMalformedAnswersAreMapped() {
        stubFor(post("/graphql").willReturn(aResponse().withStatus(502)));
        assertEquals(Reason.UNAVAILABLE, assertThrows(ProviderException.class,
                () -> adapter.metadata("teams", context(Map.of()), TOKEN)).reason());

        stubFor(post("/graphql").willReturn(okJson("{\"data\": {\"teams\": {}}}")));
        assertEquals(Reason.BAD_RESPONSE, assertThrows(ProviderException.class,
                () -> adapter.metadata("teams", context(Map.of()), TOKEN)).reason());
    }

    @Test
    void unknownKindsAreUnsupported() {
        assertEquals(Reason.UNSUPPORTED, assertThrows(ProviderException.class,
                () -> adapter.metadata("cycles", context(Map.of()), TOKEN)).reason());
    }

    @Test
    void skillVariablesAreTheTokenAndTheGraphQlUrl() throws ProviderException {
        Map<String, SecretValue> values = adapter.skillVariableValues(
                new ProviderContext("org-1", "int-1", null, Map.of(), CLOCK), TOKEN);

        assertEquals(SecretValue.of("lin_oauth_1"), values.get("LINEAR_ACCESS_TOKEN"));
        assertEquals("https://api.linear.app/graphql", values.get("LINEAR_API_URL").reveal());
        assertFalse(values.toString().contains("lin_oauth_1"));
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
