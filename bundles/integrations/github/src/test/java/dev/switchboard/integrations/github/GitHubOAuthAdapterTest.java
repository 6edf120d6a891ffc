package dev.switchboard.integrations.github;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.switchboard.spi.AccessToken;
import dev.switchboard.spi.SecretValue;
import dev.switchboard.spi.provider.AuthKind;
import dev.switchboard.spi.provider.AuthorizeRequest;
import dev.switchboard.spi.provider.CodeExchange;
import dev.switchboard.spi.provider.OAuth2Settings;
import dev.switchboard.spi.provider.OAuthClient;
import dev.switchboard.spi.provider.ProviderContext;
import dev.switchboard.spi.provider.ProviderException;
import dev.switchboard.spi.provider.ProviderException.Reason;
import dev.switchboard.spi.provider.TokenSet;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The OAuth adapter against WireMock playing github.com/login/oauth and api.github.com. */
class GitHubOAuthAdapterTest {

    @RegisterExtension
    static final WireMockExtension GITHUB = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static final Instant START = Instant.parse("2026-03-01T10:00:00Z");
    static final OAuthClient CLIENT = new OAuthClient("Iv1.8a61f9b3a7aba766", SecretValue.of("client-secret-77"));
    static final URI REDIRECT = URI.create("https://switchboard.example.com/api/v1/integrations/callback");

    private final MutableClock clock = new MutableClock(START);
    private final GitHubOAuthAdapter adapter = new GitHubOAuthAdapter(Map.of());

    private ProviderContext context() {
        return new ProviderContext("org-1", null, null,
                Map.of("apiBaseUrl", GITHUB.baseUrl(), "webBaseUrl", GITHUB.baseUrl()), clock, CLIENT);
    }

    static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json; charset=utf-8").withBody(body);
    }

    private static void stubTokenEndpoint(String body) {
        GITHUB.stubFor(post(urlEqualTo("/login/oauth/access_token")).willReturn(json(200, body)));
    }

    private static Map<String, String> lastTokenForm() {
        String body = GITHUB.findAll(postRequestedFor(urlEqualTo("/login/oauth/access_token"))).get(0).getBodyAsString();
        return Arrays.stream(body.split("&")).map(pair -> pair.split("=", 2)).collect(Collectors.toMap(
                pair -> URLDecoder.decode(pair[0], StandardCharsets.UTF_8),
                pair -> URLDecoder.decode(pair[1], StandardCharsets.UTF_8), (a, b) -> b, LinkedHashMap::new));
    }

    @Test
    void describesItself() throws Exception {
        assertEquals("github", adapter.descriptor().id());
        assertEquals("github", adapter.service());
        assertEquals(AuthKind.OAUTH2, adapter.authKind());
        assertFalse(adapter.handlesLifecycleWebhooks());
        OAuth2Settings oauth2 = adapter.oauth2().orElseThrow();
        assertEquals(URI.create("https://github.com/login/oauth/authorize"), oauth2.authorizeUrl());
        assertEquals(URI.create("https://github.com/login/oauth/access_token"), oauth2.tokenUrl());
        assertEquals(List.of("repo", "read:org"), oauth2.defaultScopes());
        assertTrue(oauth2.pkceSupported());
        new ObjectMapper().readValue(adapter.descriptor().configSchema(), Map.class);
    }

    @Test
    void componentConfigurationMovesTheEndpoints() {
        GitHubOAuthAdapter enterprise = new GitHubOAuthAdapter(
                Map.of("webBaseUrl", "https://ghe.example.com", "scopes", "repo,workflow", "component.name", "x"));

        OAuth2Settings oauth2 = enterprise.oauth2().orElseThrow();

        assertEquals(URI.create("https://ghe.example.com/login/oauth/authorize"), oauth2.authorizeUrl());
        assertEquals(List.of("repo", "workflow"), oauth2.defaultScopes());
    }

    @Test
    void buildsTheAuthorizeUrlWithPkce() throws ProviderException {
        URI url = adapter.authorizeUrl(new AuthorizeRequest("state-123", REDIRECT, List.of(),
                "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"), context());

        assertTrue(url.toString().startsWith(GITHUB.baseUrl() + "/login/oauth/authorize?"));
        Map<String, String> query = query(url);
        assertEquals(CLIENT.clientId(), query.get("client_id"));
        assertEquals(REDIRECT.toString(), query.get("redirect_uri"));
        assertEquals("repo read:org", query.get("scope"));
        assertEquals("state-123", query.get("state"));
        assertEquals("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", query.get("code_challenge"));
        assertEquals("S256", query.get("code_challenge_method"));
        assertFalse(url.toString().contains(CLIENT.clientSecret().reveal()));
    }

    @Test
    void requestedScopesReplaceTheDefaultsAndNoChallengeMeansNoPkce() throws ProviderException {
        Map<String, String> query = query(adapter.authorizeUrl(
                new AuthorizeRequest("s", REDIRECT, List.of("read:user", "user:email"), null), context()));

        assertEquals("read:user user:email", query.get("scope"));
        assertFalse(query.containsKey("code_challenge"));
        assertFalse(query.containsKey("code_challenge_method"));
    }

    @Test
    void exchangesACodeOfAnOAuthApp() throws ProviderException {
        stubTokenEndpoint("""
                {"access_token": "gho_16C7e42F292c6912E7710c838347Ae178B4a", "scope": "repo,gist", "token_type": "bearer"}""");

        TokenSet tokens = adapter.exchangeCode(new CodeExchange(SecretValue.of("the-code"), REDIRECT,
                SecretValue.of("verifier-abc")), context());

        assertEquals("gho_16C7e42F292c6912E7710c838347Ae178B4a", tokens.accessToken().reveal());
        assertNull(tokens.refreshToken());
        assertNull(tokens.expiresAt());
        assertEquals(Set.of("repo", "gist"), tokens.scopes());
        assertEquals("bearer", tokens.extra().get("token_type"));
        GITHUB.verify(postRequestedFor(urlEqualTo("/login/oauth/access_token"))
                .withHeader("Accept", equalTo("application/json"))
                .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded")));
        assertEquals(Map.of("client_id", CLIENT.clientId(), "client_secret", "client-secret-77", "code", "the-code",
                "redirect_uri", REDIRECT.toString(), "code_verifier", "verifier-abc"), lastTokenForm());
    }

    @Test
    void exchangesACodeForAnExpiringGitHubAppUserToken() throws ProviderException {
        stubTokenEndpoint("""
                {"access_token": "ghu_16C7e42F292c6912E7710c838347Ae178B4a", "expires_in": 28800,
                 "refresh_token": "ghr_1B4a2e77838347a7E420ce178F2E7c6912E169246c34E1ccbF66C46812d16D5B1A9Dc86A1498",
                 "refresh_token_expires_in": 15811200, "scope": "", "token_type": "bearer"}""");

        TokenSet tokens = adapter.exchangeCode(new CodeExchange(SecretValue.of("c"), REDIRECT, null), context());

        assertEquals(START.plusSeconds(28800), tokens.expiresAt());
        assertTrue(tokens.refreshToken().reveal().startsWith("ghr_"));
        assertEquals(START.plusSeconds(15811200).toString(), tokens.extra().get("refresh_token_expires_at"));
        assertEquals(Set.of(), tokens.scopes());
        assertFalse(lastTokenForm().containsKey("code_verifier"));
    }

    @Test
    void mapsTokenEndpointErrors() {
        assertExchangeFails("bad_verification_code", Reason.INVALID_GRANT);
        assertExchangeFails("invalid_grant", Reason.INVALID_GRANT);
        assertExchangeFails("incorrect_client_credentials", Reason.UNAUTHORIZED);
        assertExchangeFails("redirect_uri_mismatch", Reason.BAD_RESPONSE);
    }

    private void assertExchangeFails(String error, Reason reason) {
        stubTokenEndpoint("""
                {"error": "%s", "error_description": "The code passed is incorrect or expired.",
                 "error_uri": "https://docs.github.com/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors/#bad-verification-code"}"""
                .formatted(error));

        ProviderException failure = assertThrows(ProviderException.class, () -> adapter.exchangeCode(
                new CodeExchange(SecretValue.of("used-code"), REDIRECT, null), context()));

        assertEquals(reason, failure.reason());
        assertEquals(reason == Reason.INVALID_GRANT, failure.reconnectRequired());
        assertTrue(failure.getMessage().contains(error));
        assertFalse(failure.getMessage().contains("used-code"));
    }

    @Test
    void refreshesAndTakesTheRotatedRefreshToken() throws ProviderException {
        stubTokenEndpoint("""
                {"access_token": "ghu_new", "expires_in": 28800, "refresh_token": "ghr_new",
                 "refresh_token_expires_in": 15811200, "scope": "", "token_type": "bearer"}""");

        TokenSet tokens = adapter.refresh(SecretValue.of("ghr_old"), context());

        assertEquals("ghu_new", tokens.accessToken().reveal());
        assertEquals("ghr_new", tokens.refreshToken().reveal());
        assertEquals(START.plus(Duration.ofHours(8)), tokens.expiresAt());
        assertEquals(Map.of("client_id", CLIENT.clientId(), "client_secret", "client-secret-77",
                "grant_type", "refresh_token", "refresh_token", "ghr_old"), lastTokenForm());
    }

    @Test
    void aRejectedRefreshTokenNeedsReconnecting() {
        stubTokenEndpoint("{\"error\": \"bad_refresh_token\", \"error_description\": \"The refresh token passed is incorrect or expired.\"}");

        ProviderException failure = assertThrows(ProviderException.class,
                () -> adapter.refresh(SecretValue.of("ghr_old"), context()));

        assertEquals(Reason.INVALID_GRANT, failure.reason());
    }

    @Test
    void tokenEndpointOutagesAreUnavailableAndGarbageIsABadResponse() {
        GITHUB.stubFor(post(urlEqualTo("/login/oauth/access_token")).willReturn(aResponse().withStatus(503)));
        assertEquals(Reason.UNAVAILABLE, assertThrows(ProviderException.class,
                () -> adapter.refresh(SecretValue.of("r"), context())).reason());

        GITHUB.stubFor(post(urlEqualTo("/login/oauth/access_token"))
                .willReturn(aResponse().withStatus(200).withBody("access_token=gho_x&scope=repo")));
        assertEquals(Reason.BAD_RESPONSE, assertThrows(ProviderException.class,
                () -> adapter.refresh(SecretValue.of("r"), context())).reason());
    }

    @Test
    void withoutAnOAuthClientNothingIsSent() {
        ProviderContext noClient = new ProviderContext("org-1", null, null, Map.of("webBaseUrl", GITHUB.baseUrl()), clock);

        assertEquals(Reason.BAD_RESPONSE, assertThrows(ProviderException.class, () -> adapter.exchangeCode(
                new CodeExchange(SecretValue.of("c"), REDIRECT, null), noClient)).reason());
        assertTrue(GITHUB.getAllServeEvents().isEmpty());
    }

    @Test
    void revokesTheGrantWithBasicAuth() throws ProviderException {
        String path = "/applications/" + CLIENT.clientId() + "/token";
        GITHUB.stubFor(delete(urlEqualTo(path)).willReturn(aResponse().withStatus(204)));

        adapter.revoke(new TokenSet(SecretValue.of("gho_revoke_me"), null, null, Set.of(), Map.of()), context());

        String basic = Base64.getEncoder().encodeToString(
                (CLIENT.clientId() + ":client-secret-77").getBytes(StandardCharsets.UTF_8));
        GITHUB.verify(deleteRequestedFor(urlEqualTo(path))
                .withHeader("Authorization", equalTo("Basic " + basic))
                .withHeader("Accept", equalTo("application/vnd.github+json"))
                .withRequestBody(equalToJson("{\"access_token\": \"gho_revoke_me\"}")));
    }

    @Test
    void revokingAnUnknownTokenSucceedsAndBadClientCredentialsFail() throws ProviderException {
        String path = "/applications/" + CLIENT.clientId() + "/token";
        TokenSet tokens = new TokenSet(SecretValue.of("gho_gone"), null, null, Set.of(), Map.of());
        GITHUB.stubFor(delete(urlEqualTo(path)).willReturn(json(404, "{\"message\": \"Not Found\"}")));
        adapter.revoke(tokens, context());

        GITHUB.stubFor(delete(urlEqualTo(path)).willReturn(json(401, "{\"message\": \"Bad credentials\"}")));
        assertEquals(Reason.UNAUTHORIZED,
                assertThrows(ProviderException.class, () -> adapter.revoke(tokens, context())).reason());
    }

    @Test
    void looksUpTheUserTheirOrganizationsAndRepositories() throws ProviderException {
        GITHUB.stubFor(get(urlEqualTo("/user")).withHeader("Authorization", equalTo("Bearer gho_user"))
                .willReturn(json(200, """
                        {"login": "octocat", "id": 1, "html_url": "https://github.com/octocat", "type": "User"}""")));
        GITHUB.stubFor(get(urlEqualTo("/user/orgs?per_page=100")).willReturn(json(200, """
                [{"login": "github", "id": 9919, "url": "https://api.github.com/orgs/github"}]""")));
        GITHUB.stubFor(get(urlEqualTo("/user/repos?per_page=100")).willReturn(json(200, """
                [{"id": 1296269, "full_name": "octocat/Hello-World", "private": false, "default_branch": "master"}]""")));
        AccessToken token = AccessToken.bearer("gho_user");

        assertEquals(List.of(Map.of("id", "1", "name", "octocat", "login", "octocat", "url", "https://github.com/octocat")),
                adapter.metadata("user", context(), token));
        assertEquals("github", adapter.metadata("organizations", context(), token).get(0).get("name"));
        assertEquals("octocat/Hello-World", adapter.metadata("repositories", context(), token).get(0).get("name"));
        assertEquals(Reason.UNSUPPORTED, assertThrows(ProviderException.class,
                () -> adapter.metadata("projects", context(), token)).reason());
    }

    @Test
    void mapsApiFailures() {
        AccessToken token = AccessToken.bearer("gho_user");
        long reset = START.getEpochSecond() + 900;
        assertUserFails(json(401, "{\"message\": \"Bad credentials\"}"), Reason.UNAUTHORIZED, token);
        assertUserFails(json(403, "{\"message\": \"API rate limit exceeded\"}")
                .withHeader("x-ratelimit-remaining", "0").withHeader("x-ratelimit-reset", String.valueOf(reset)),
                Reason.RATE_LIMITED, token);
        assertUserFails(json(403, "{\"message\": \"secondary rate limit\"}").withHeader("Retry-After", "60"),
                Reason.RATE_LIMITED, token);
        assertUserFails(json(500, "{}"), Reason.UNAVAILABLE, token);
        assertUserFails(json(200, "[1, 2]"), Reason.BAD_RESPONSE, token);

        GITHUB.stubFor(get(urlEqualTo("/user")).willReturn(json(403, "{}").withHeader("x-ratelimit-remaining", "0")
                .withHeader("x-ratelimit-reset", String.valueOf(reset))));
        ProviderException limited = assertThrows(ProviderException.class, () -> adapter.metadata("user", context(), token));
        assertEquals(Duration.ofSeconds(900), limited.retryAfter().orElseThrow());
    }

    private void assertUserFails(ResponseDefinitionBuilder response, Reason reason, AccessToken token) {
        GITHUB.stubFor(get(urlEqualTo("/user")).willReturn(response));

        assertEquals(reason, assertThrows(ProviderException.class,
                () -> adapter.metadata("user", context(), token)).reason());
    }

    private static Map<String, String> query(URI url) {
        return Arrays.stream(url.getRawQuery().split("&")).map(pair -> pair.split("=", 2)).collect(Collectors.toMap(
                pair -> URLDecoder.decode(pair[0], StandardCharsets.UTF_8),
                pair -> URLDecoder.decode(pair[1], StandardCharsets.UTF_8)));
    }
}
