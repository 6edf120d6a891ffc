package dev.switchboard.integrations.oauth2;

import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import dev.switchboard.spi.SecretValue;
import dev.switchboard.spi.provider.AuthorizeRequest;
import dev.switchboard.spi.provider.CodeExchange;
import dev.switchboard.spi.provider.OAuthClient;
import dev.switchboard.spi.provider.ProviderException;
import dev.switchboard.spi.provider.ProviderException.Reason;
import dev.switchboard.spi.provider.TokenSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
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
class OAuth2ClientTest {

    private static final Instant NOW = Instant.parse("2025-01-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final OAuthClient CLIENT = new OAuthClient("client-1", SecretValue.of("client-secret-1"));
    private static final URI REDIRECT = URI.create("https://switchboard.example/api/v1/oauth/callback");
    private static final ProviderHttp HTTP = new ProviderHttp();

    private String base;

    @BeforeEach
    void setUp(WireMockRuntimeInfo wireMock) {
        base = wireMock.getHttpBaseUrl();
    }

    private OAuth2Endpoints.Builder endpoints() {
        return OAuth2Endpoints.builder(URI.create("https://provider.example/oauth/authorize"),
                        URI.create(base + "/oauth/token"))
                .revokeUrl(URI.create(base + "/oauth/revoke"))
                .defaultScopes(List.of("read", "write"))
                .pkce(true);
    }

    private OAuth2Client client() {
        return new OAuth2Client(endpoints().build(), HTTP);
    }

    private static CodeExchange exchange(String verifier) {
        return new CodeExchange(SecretValue.of("code-abc"), REDIRECT, verifier == null ? null : SecretValue.of(verifier));
    }

    @Test
    void authorizeUrlCarriesStateScopesAndThePkceChallenge() throws Exception {
        String verifier = Pkce.newVerifier(new SecureRandom());
        String expectedChallenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));

        URI url = client().authorizeUrl(new AuthorizeRequest("state-xyz", REDIRECT, List.of("read", "admin"),
                Pkce.challengeS256(verifier)), CLIENT);

        assertTrue(url.toString().startsWith("https://provider.example/oauth/authorize?"));
        Map<String, String> query = Queries.of(url);
        assertEquals("code", query.get("response_type"));
        assertEquals("client-1", query.get("client_id"));
        assertEquals(REDIRECT.toString(), query.get("redirect_uri"));
        assertEquals("read admin", query.get("scope"));
        assertEquals("state-xyz", query.get("state"));
        assertEquals(expectedChallenge, query.get("code_challenge"));
        assertEquals("S256", query.get("code_challenge_method"));
        assertFalse(url.toString().contains("client-secret-1"));
        assertFalse(url.toString().contains("+"), "spaces are sent as %20");
    }

    @Test
    void authorizeUrlUsesDefaultScopesAndOmitsPkceTheProviderDoesNotSupport() {
        OAuth2Client client = new OAuth2Client(endpoints().pkce(false).scopeSeparator(",")
                .authorizeParameter("prompt", "consent").build(), HTTP);

        Map<String, String> query = Queries.of(client.authorizeUrl(
                new AuthorizeRequest("s", REDIRECT, List.of(), "challenge"), CLIENT));

        assertEquals("read,write", query.get("scope"));
        assertFalse(query.containsKey("code_challenge"));
        assertEquals("consent", query.get("prompt"));
    }

    @Test
    void codeExchangePostsTheFormAndReadsTheTokens() throws ProviderException {
        stubFor(post("/oauth/token").willReturn(okJson("""
                {"access_token": "at-1", "refresh_token": "rt-1", "expires_in": 3600, "token_type": "Bearer",
                 "scope": "read write", "id_token": "jwt", "team": {"id": "t1"}}""")));

        TokenSet tokens = client().exchangeCode(exchange("verifier-1"), CLIENT, CLOCK);

        assertEquals("at-1", tokens.accessToken().reveal());
        assertEquals("rt-1", tokens.refreshToken().reveal());
        assertEquals(NOW.plusSeconds(3600), tokens.expiresAt());
        assertEquals(Set.of("read", "write"), tokens.scopes());
        assertEquals(Map.of("id_token", "jwt", "team", Map.of("id", "t1")), tokens.extra());
        verify(postRequestedFor(urlEqualTo("/oauth/token"))
                .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded"))
                .withHeader("Authorization", absent())
                .withFormParam("grant_type", equalTo("authorization_code"))
                .withFormParam("code", equalTo("code-abc"))
                .withFormParam("redirect_uri", equalTo(REDIRECT.toString()))
                .withFormParam("code_verifier", equalTo("verifier-1"))
                .withFormParam("client_id", equalTo("client-1"))
                .withFormParam("client_secret", equalTo("client-secret-1")));
    }

    @Test
    void clientSecretBasicAuthenticatesWithAHeader() throws ProviderException {
        stubFor(post("/oauth/token").willReturn(okJson("{\"access_token\": \"at-1\"}")));
        OAuth2Client client = new OAuth2Client(endpoints().clientAuth(ClientAuthMethod.CLIENT_SECRET_BASIC).build(), HTTP);

        TokenSet tokens = client.exchangeCode(exchange(null), CLIENT, CLOCK);

        assertNull(tokens.expiresAt());
        assertNull(tokens.refreshToken());
        String basic = Base64.getEncoder().encodeToString("client-1:client-secret-1".getBytes(StandardCharsets.UTF_8));
        verify(postRequestedFor(urlEqualTo("/oauth/token"))
                .withHeader("Authorization", equalTo("Basic " + basic))
                .withFormParam("code_verifier", absent())
                .withFormParam("client_secret", absent()));
    }

    @Test
    void publicClientSendsOnlyItsId() throws ProviderException {
        stubFor(post("/oauth/token").willReturn(okJson("{\"access_token\": \"at-1\"}")));

        client().exchangeCode(exchange("v"), new OAuthClient("public-1", null), CLOCK);

        verify(postRequestedFor(urlEqualTo("/oauth/token"))
                .withFormParam("client_id", equalTo("public-1"))
                .withFormParam("client_secret", absent()));
    }

    @Test
    void aUsedCodeIsAnInvalidGrantWhoseMessageHoldsNoSecret() {
        stubFor(post("/oauth/token").willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\": \"invalid_grant\", \"error_description\": \"code code-abc was used\"}")));

        ProviderException failure = assertThrows(ProviderException.class,
                () -> client().exchangeCode(exchange("verifier-1"), CLIENT, CLOCK));

        assertEquals(Reason.INVALID_GRANT, failure.reason());
        assertTrue(failure.reconnectRequired());
        assertFalse(failure.getMessage().contains("code-abc"));
        assertFalse(failure.getMessage().contains("client-secret-1"));
    }

    @Test
    void refreshStoresARotatedRefreshToken() throws ProviderException {
        stubFor(post("/oauth/token").willReturn(okJson(
                "{\"access_token\": \"at-2\", \"refresh_token\": \"rt-2\", \"expires_in\": \"86399\"}")));

        TokenSet tokens = client().refresh(SecretValue.of("rt-1"), CLIENT, CLOCK);

        assertEquals("at-2", tokens.accessToken().reveal());
        assertEquals("rt-2", tokens.refreshToken().reveal());
        assertEquals(NOW.plusSeconds(86399), tokens.expiresAt());
        verify(postRequestedFor(urlEqualTo("/oauth/token"))
                .withFormParam("grant_type", equalTo("refresh_token"))
                .withFormParam("refresh_token", equalTo("rt-1")));
    }

    @Test
    void refreshWithoutRotationKeepsTheOldRefreshToken() throws ProviderException {
        stubFor(post("/oauth/token").willReturn(okJson(
                "{\"access_token\": \"at-2\", \"expires_in\": 3599, \"scope\": [\"read\"]}")));

        TokenSet tokens = client().refresh(SecretValue.of("rt-1"), CLIENT, CLOCK);

        assertNull(tokens.refreshToken(), "null means: keep the previous refresh token");
        assertEquals(Set.of("read"), tokens.scopes());
    }

    @Test
    void aRevokedRefreshTokenIsAnInvalidGrant() {
        stubFor(post("/oauth/token").willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json").withBody("{\"error\": \"invalid_grant\"}")));

        assertEquals(Reason.INVALID_GRANT, assertThrows(ProviderException.class,
                () -> client().refresh(SecretValue.of("rt-1"), CLIENT, CLOCK)).reason());
    }

    @Test
    void rejectedClientCredentialsAreUnauthorized() {
        stubFor(post("/oauth/token").willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json").withBody("{\"error\": \"invalid_client\"}")));

        ProviderException failure = assertThrows(ProviderException.class,
                () -> client().refresh(SecretValue.of("rt-1"), CLIENT, CLOCK));

        assertEquals(Reason.UNAUTHORIZED, failure.reason());
        assertTrue(failure.getMessage().contains("invalid_client"));
    }

    @Test
    void invalidClientInA400IsUnauthorizedToo() {
        stubFor(post("/oauth/token").willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json").withBody("{\"error\": \"invalid_client\"}")));

        assertEquals(Reason.UNAUTHORIZED, assertThrows(ProviderException.class,
                () -> client().refresh(SecretValue.of("rt-1"), CLIENT, CLOCK)).reason());
    }

    @Test
    void throttlingIsRateLimitedWithRetryAfter() {
        stubFor(post("/oauth/token").willReturn(aResponse().withStatus(429).withHeader("Retry-After", "120")));

        ProviderException failure = assertThrows(ProviderException.class,
                () -> client().refresh(SecretValue.of("rt-1"), CLIENT, CLOCK));

        assertEquals(Reason.RATE_LIMITED, failure.reason());
        assertEquals(Optional.of(Duration.ofSeconds(120)), failure.retryAfter());
    }

    @Test
    void serverErrorsAreUnavailable() {
        stubFor(post("/oauth/token").willReturn(aResponse().withStatus(503)));

        assertEquals(Reason.UNAVAILABLE, assertThrows(ProviderException.class,
                () -> client().refresh(SecretValue.of("rt-1"), CLIENT, CLOCK)).reason());
    }

    @Test
    void aSlowProviderTimesOutAsUnavailable() {
        stubFor(post("/oauth/token").willReturn(okJson("{\"access_token\": \"at\"}").withFixedDelay(1500)));
        ProviderHttp impatient = new ProviderHttp(HttpClient.newHttpClient(), Duration.ofMillis(300));

        ProviderException failure = assertThrows(ProviderException.class, () -> new OAuth2Client(endpoints().build(),
                impatient).refresh(SecretValue.of("rt-1"), CLIENT, CLOCK));

        assertEquals(Reason.UNAVAILABLE, failure.reason());
    }

    @Test
    void anUnreachableProviderIsUnavailable() {
        OAuth2Client client = new OAuth2Client(OAuth2Endpoints.builder(URI.create("https://provider.example/a"),
                URI.create("http://127.0.0.1:1/token")).build(), HTTP);

        assertEquals(Reason.UNAVAILABLE, assertThrows(ProviderException.class,
                () -> client.refresh(SecretValue.of("rt-1"), CLIENT, CLOCK)).reason());
    }

    @Test
    void malformedAnswersAreBadResponses() {
        stubFor(post("/oauth/token").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("<html>at-1</html>")));
        ProviderException notJson = assertThrows(ProviderException.class,
                () -> client().refresh(SecretValue.of("rt-1"), CLIENT, CLOCK));
        assertEquals(Reason.BAD_RESPONSE, notJson.reason());
        assertFalse(notJson.getMessage().contains("at-1"));

        stubFor(post("/oauth/token").willReturn(okJson("{\"token_type\": \"bearer\"}")));
        assertEquals(Reason.BAD_RESPONSE, assertThrows(ProviderException.class,
                () -> client().refresh(SecretValue.of("rt-1"), CLIENT, CLOCK)).reason());

        stubFor(post("/oauth/token").willReturn(okJson("{\"access_token\": \"at\", \"expires_in\": \"soon\"}")));
        assertEquals(Reason.BAD_RESPONSE, assertThrows(ProviderException.class,
                () -> client().refresh(SecretValue.of("rt-1"), CLIENT, CLOCK)).reason());
    }

    @Test
    void anErrorInASuccessfulAnswerIsMapped() {
        stubFor(post("/oauth/token").willReturn(okJson("{\"error\": \"invalid_grant\"}")));

        assertEquals(Reason.INVALID_GRANT, assertThrows(ProviderException.class,
                () -> client().refresh(SecretValue.of("rt-1"), CLIENT, CLOCK)).reason());
    }

    @Test
    void formEncodedAnswersAreReadToo() throws ProviderException {
        stubFor(post("/oauth/token").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/x-www-form-urlencoded")
                .withBody("access_token=at%2D1&scope=repo%2Cuser&token_type=bearer")));

        TokenSet tokens = client().exchangeCode(exchange(null), CLIENT, CLOCK);

        assertEquals("at-1", tokens.accessToken().reveal());
        assertEquals(Set.of("repo", "user"), tokens.scopes());
    }

    @Test
    void revokeRevokesTheRefreshAndTheAccessToken() throws ProviderException {
        stubFor(post("/oauth/revoke").willReturn(aResponse().withStatus(200)));

        client().revoke(tokens(), CLIENT, CLOCK);

        verify(postRequestedFor(urlEqualTo("/oauth/revoke"))
                .withFormParam("token", equalTo("rt-1"))
                .withFormParam("token_type_hint", equalTo("refresh_token"))
                .withFormParam("client_id", equalTo("client-1")));
        verify(postRequestedFor(urlEqualTo("/oauth/revoke"))
                .withFormParam("token", equalTo("at-1"))
                .withFormParam("token_type_hint", equalTo("access_token")));
    }

    @Test
    void revokingAnInvalidTokenCountsAsRevoked() throws ProviderException {
        stubFor(post("/oauth/revoke").willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json").withBody("{\"error\": \"invalid_token\"}")));

        client().revoke(tokens(), CLIENT, CLOCK);
    }

    @Test
    void revokeFailuresAreReported() {
        stubFor(post("/oauth/revoke").willReturn(aResponse().withStatus(500)));

        assertEquals(Reason.UNAVAILABLE, assertThrows(ProviderException.class,
                () -> client().revoke(tokens(), CLIENT, CLOCK)).reason());
    }

    @Test
    void withoutARevocationEndpointRevokeDoesNothing() throws ProviderException {
        OAuth2Client client = new OAuth2Client(endpoints().revokeUrl(null).build(), HTTP);

        client.revoke(tokens(), CLIENT, CLOCK);

        verify(0, postRequestedFor(urlEqualTo("/oauth/revoke")));
    }

    @Test
    void secretsStayOutOfToString() throws ProviderException {
        stubFor(post("/oauth/token").willReturn(okJson(
                "{\"access_token\": \"at-1\", \"refresh_token\": \"rt-1\", \"id_token\": \"idt-1\"}")));

        TokenSet tokens = client().exchangeCode(exchange("verifier-1"), CLIENT, CLOCK);

        String printed = tokens + " " + CLIENT + " " + exchange("verifier-1");
        for (String secret : List.of("at-1", "rt-1", "idt-1", "client-secret-1", "code-abc", "verifier-1")) {
            assertFalse(printed.contains(secret), secret + " printed");
        }
    }

    private static TokenSet tokens() {
        return new TokenSet(SecretValue.of("at-1"), SecretValue.of("rt-1"), null, Set.of(), Map.of());
    }
}
