package dev.switchboard.integrations.gmail;

import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import dev.switchboard.integrations.oauth2.OAuth2Endpoints;
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
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@WireMockTest
class GmailProviderAdapterTest {

    private static final Instant NOW = Instant.parse("2025-01-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final OAuthClient CLIENT = new OAuthClient("123.apps.googleusercontent.com",
            SecretValue.of("GOCSPX-secret"));
    private static final URI REDIRECT = URI.create("https://switchboard.example/callback");
    private static final AccessToken TOKEN = AccessToken.bearer("ya29.token");

    private String base;
    private GmailProviderAdapter adapter;

    @BeforeEach
    void setUp(WireMockRuntimeInfo wireMock) {
        base = wireMock.getHttpBaseUrl();
        OAuth2Endpoints google = GmailConstants.ENDPOINTS;
        OAuth2Endpoints endpoints = new OAuth2Endpoints(google.authorizeUrl(), URI.create(base + "/token"),
                URI.create(base + "/revoke"), google.defaultScopes(), google.scopeSeparator(), google.pkce(),
                google.clientAuth(), google.authorizeParameters());
        adapter = new GmailProviderAdapter(endpoints, new ProviderHttp());
    }

    private ProviderContext context() {
        return new ProviderContext("org-1", "int-1", null, Map.of("apiBaseUrl", base), CLOCK, CLIENT);
    }

    @Test
    void describesItself() {
        assertEquals("gmail", adapter.descriptor().id());
        assertEquals("gmail", adapter.service());
        assertEquals(Set.of("labels"), adapter.metadataKinds());
        assertEquals(Set.of("gmail"), adapter.satisfiedCapabilities());
        assertEquals("GMAIL_ACCESS_TOKEN", adapter.skillVariables().get(0).name());
        assertTrue(adapter.skillVariables().get(0).secret());
        var settings = new GmailProviderAdapter().oauth2().orElseThrow();
        assertEquals(URI.create("https://accounts.google.com/o/oauth2/v2/auth"), settings.authorizeUrl());
        assertEquals(URI.create("https://oauth2.googleapis.com/token"), settings.tokenUrl());
        assertEquals(URI.create("https://oauth2.googleapis.com/revoke"), GmailConstants.ENDPOINTS.revokeUrl());
    }

    @Test
    void authorizeUrlAsksForOfflineAccessConsentAndReadOnlyGmail() throws ProviderException {
        String verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

        URI url = adapter.authorizeUrl(new AuthorizeRequest("state-1", REDIRECT, List.of(),
                Pkce.challengeS256(verifier)), context());

        assertTrue(url.toString().startsWith("https://accounts.google.com/o/oauth2/v2/auth?"));
        Map<String, String> query = query(url);
        assertEquals("https://www.googleapis.com/auth/gmail.readonly openid email", query.get("scope"));
        assertEquals("offline", query.get("access_type"));
        assertEquals("consent", query.get("prompt"));
        assertEquals("state-1", query.get("state"));
        assertEquals("code", query.get("response_type"));
        assertEquals("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", query.get("code_challenge"));
        assertEquals("S256", query.get("code_challenge_method"));
    }

    @Test
    void exchangesTheCodeForARefreshTokenAndAnIdToken() throws ProviderException {
        stubFor(post("/token").willReturn(okJson("""
                {"access_token": "ya29.token", "expires_in": 3599, "refresh_token": "1//refresh",
                 "scope": "openid https://www.googleapis.com/auth/gmail.readonly https://www.googleapis.com/auth/userinfo.email",
                 "token_type": "Bearer", "id_token": "eyJhbGciOi.payload.sig"}""")));

        TokenSet tokens = adapter.exchangeCode(new CodeExchange(SecretValue.of("4/code"), REDIRECT,
                SecretValue.of("verifier-1")), context());

        assertEquals("1//refresh", tokens.refreshToken().reveal());
        assertEquals(NOW.plusSeconds(3599), tokens.expiresAt());
        assertTrue(tokens.scopes().contains("https://www.googleapis.com/auth/gmail.readonly"));
        assertTrue(tokens.extra().containsKey("id_token"));
        assertFalse(tokens.toString().contains("eyJhbGciOi"));
        verify(postRequestedFor(urlEqualTo("/token"))
                .withFormParam("code", equalTo("4/code"))
                .withFormParam("code_verifier", equalTo("verifier-1"))
                .withFormParam("client_id", equalTo("123.apps.googleusercontent.com")));
    }

    @Test
    void googleDoesNotRotateRefreshTokens() throws ProviderException {
        stubFor(post("/token").willReturn(okJson(
                "{\"access_token\": \"ya29.new\", \"expires_in\": 3599, \"token_type\": \"Bearer\"}")));

        TokenSet tokens = adapter.refresh(SecretValue.of("1//refresh"), context());

        assertEquals("ya29.new", tokens.accessToken().reveal());
        assertNull(tokens.refreshToken());
    }

    @Test
    void aRevokedGrantNeedsReconnecting() {
        stubFor(post("/token").willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withBody("{\"error\": \"invalid_grant\", \"error_description\": \"Token has been expired or revoked.\"}")));

        assertEquals(Reason.INVALID_GRANT, assertThrows(ProviderException.class,
                () -> adapter.refresh(SecretValue.of("1//refresh"), context())).reason());
    }

    @Test
    void revokeTreatsAnAlreadyRevokedTokenAsDone() throws ProviderException {
        stubFor(post("/revoke").willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withBody("{\"error\": \"invalid_token\", \"error_description\": \"Token expired or revoked\"}")));

        adapter.revoke(new TokenSet(SecretValue.of("ya29.token"), SecretValue.of("1//refresh"), null, Set.of(),
                Map.of()), context());

        verify(postRequestedFor(urlEqualTo("/revoke")).withFormParam("token", equalTo("1//refresh")));
    }

    @Test
    void labelsOfTheMailbox() throws ProviderException {
        stubFor(get("/gmail/v1/users/me/labels").willReturn(okJson("""
                {"labels": [{"id": "INBOX", "name": "INBOX", "type": "system"},
                            {"id": "Label_1", "name": "Invoices", "type": "user"}]}""")));

        List<Map<String, Object>> labels = adapter.metadata("labels", context(), TOKEN);

        assertEquals(List.of(Map.of("id", "INBOX", "name", "INBOX", "type", "system"),
                Map.of("id", "Label_1", "name", "Invoices", "type", "user")), labels);
        verify(getRequestedFor(urlEqualTo("/gmail/v1/users/me/labels"))
                .withHeader("Authorization", equalTo("Bearer ya29.token")));
    }

    @Test
    void labelFailuresAreMapped() {
        stubFor(get("/gmail/v1/users/me/labels").willReturn(aResponse().withStatus(401)));
        assertEquals(Reason.UNAUTHORIZED, assertThrows(ProviderException.class,
                () -> adapter.metadata("labels", context(), TOKEN)).reason());

        stubFor(get("/gmail/v1/users/me/labels").willReturn(aResponse().withStatus(503)));
        assertEquals(Reason.UNAVAILABLE, assertThrows(ProviderException.class,
                () -> adapter.metadata("labels", context(), TOKEN)).reason());

        stubFor(get("/gmail/v1/users/me/labels").willReturn(okJson("{\"labels\": \"none\"}")));
        assertEquals(Reason.BAD_RESPONSE, assertThrows(ProviderException.class,
                () -> adapter.metadata("labels", context(), TOKEN)).reason());
    }

    @Test
    void unknownKindsAreUnsupported() {
        assertEquals(Reason.UNSUPPORTED, assertThrows(ProviderException.class,
                () -> adapter.metadata("threads", context(), TOKEN)).reason());
    }

    @Test
    void skillVariableIsTheAccessToken() {
        Map<String, SecretValue> values = adapter.skillVariableValues(context(), TOKEN);

        assertEquals(Map.of("GMAIL_ACCESS_TOKEN", SecretValue.of("ya29.token")), values);
        assertFalse(values.toString().contains("ya29"));
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
