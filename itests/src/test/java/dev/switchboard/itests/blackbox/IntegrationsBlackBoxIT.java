package dev.switchboard.itests.blackbox;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.itests.support.Http;
import dev.switchboard.itests.support.Installation;
import dev.switchboard.itests.support.Node;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The OAuth connect flow through the running distribution against a real OAuth2 server in the test JVM
 * (mock-oauth2-server on loopback), with a generic OAuth2 provider adapter configured in etc/; and the
 * provider webhook ingress on the HTTP whiteboard.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IntegrationsBlackBoxIT {

    private final HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private MockOAuth2Server oauth;
    private Installation installation;
    private Node node;
    private Http owner;

    @BeforeAll
    void start() throws Exception {
        oauth = new MockOAuth2Server();
        oauth.start(java.net.InetAddress.getLoopbackAddress(), 0);
        String authorize = oauth.authorizationEndpointUrl("it").toString();
        String token = oauth.tokenEndpointUrl("it").toString();
        installation = Installation.start("integrations", configured -> configured
                .env("SWITCHBOARD_PUBLIC_URL", "http://127.0.0.1:" + configured.httpPort())
                .env("SWITCHBOARD_CONSOLE_URL", "http://console.example/integrations")
                .env("SWITCHBOARD_INTEGRATIONS_STATE_KEY", "integration-test-state-signing-key-0123456789")
                .etcFile("dev.switchboard.integrations.oauth2-mock.cfg", String.join("\n",
                        "id = mock", "service = mock", "displayName = Mock OAuth",
                        "authorizeUrl = " + authorize.replace("127.0.0.1", "localhost"),
                        "tokenUrl = " + token.replace("127.0.0.1", "localhost"),
                        // mock-oauth2-server reads authorize requests as OpenID ones: they need the openid scope
                        "scopes = openid read", "pkce = true", ""))
                .appendEtc("dev.switchboard.integrations.cfg",
                        "oauth.mock.clientId = it-client\noauth.mock.clientSecret = it-client-secret\n"));
        node = installation.node();
        owner = node.ownerHttp();
        await("mock provider listed").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> owner.get("/api/v1/providers").body().contains("\"mock\""));
    }

    @AfterAll
    void stop() throws InterruptedException {
        if (installation != null) {
            installation.close();
        }
        if (oauth != null) {
            oauth.shutdown();
        }
    }

    @Test
    void providersAreListedWithTheirAuthKinds() {
        JsonNode providers = owner.get("/api/v1/providers").json();
        String body = providers.toString();
        for (String id : new String[] {"github", "github-app", "linear", "sentry", "gmail", "slack", "posthog", "mock"}) {
            assertTrue(body.contains("\"" + id + "\""), id + " missing from " + body);
        }
        assertEquals(401, node.http().get("/api/v1/providers").status());
    }

    @Test
    void authorizationCodeFlowStoresEncryptedTokensAndDisconnectRevokes() throws Exception {
        Http.Response connect = owner.post("/api/v1/integrations/connect", "{\"providerAdapterId\":\"mock\"}");
        assertEquals(200, connect.status(), connect.body());
        String authorizeUrl = connect.json().path("authorizeUrl").asText();
        assertTrue(authorizeUrl.contains("code_challenge="), "PKCE is used: " + authorizeUrl);

        HttpResponse<String> provider = browser.send(HttpRequest.newBuilder(URI.create(authorizeUrl)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        String callback = provider.headers().firstValue("Location").orElseThrow(
                () -> new AssertionError("the provider did not redirect: " + provider.statusCode()));
        HttpResponse<String> landed = browser.send(HttpRequest.newBuilder(URI.create(callback)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(303, landed.statusCode(), landed.body());
        String console = landed.headers().firstValue("Location").orElseThrow();
        assertTrue(console.startsWith("http://console.example/integrations?integration="), console);
        String integrationId = console.substring(console.indexOf('=') + 1);

        JsonNode integration = owner.get("/api/v1/integrations/" + integrationId).json();
        assertEquals("active", integration.path("status").asText(), integration.toString());
        assertEquals("mock", integration.path("service").asText());
        assertFalse(integration.toString().contains("token\""), "no token in the API: " + integration);

        HttpResponse<String> replay = browser.send(HttpRequest.newBuilder(URI.create(callback)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(replay.headers().firstValue("Location").orElse("").contains("error=oauth_state_invalid"),
                "a state is single use");

        try (Connection connection = installation.database().connect();
             ResultSet row = connection.createStatement().executeQuery(
                     "SELECT tokens_ciphertext FROM integrations WHERE id = '" + integrationId + "'")) {
            row.next();
            assertFalse(row.getString(1).contains("eyJ"), "tokens are stored encrypted, not as JWTs in clear");
        }

        assertEquals(204, owner.post("/api/v1/integrations/" + integrationId + "/disconnect", "{}").status());
        assertEquals("revoked", owner.get("/api/v1/integrations/" + integrationId).json().path("status").asText());
        Http outsider = installation.signUp("outsider@it.example", "outsider-password-1", "Outsider");
        assertEquals(404, outsider.get("/api/v1/integrations/" + integrationId).status());
    }

    @Test
    void badStatesAndUnknownProvidersChangeNothing() throws Exception {
        HttpResponse<String> forged = browser.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + node.httpPort() + "/api/v1/integrations/oauth/callback?code=abc&state=forged")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(303, forged.statusCode());
        assertTrue(forged.headers().firstValue("Location").orElse("").contains("error=oauth_state_invalid"));
        Http.Response unknown = owner.post("/api/v1/integrations/connect", "{\"providerAdapterId\":\"nope\"}");
        assertEquals(404, unknown.status());
        assertEquals("provider_not_found", unknown.json().path("code").asText());
        try (Connection connection = installation.database().connect();
             ResultSet row = connection.createStatement().executeQuery(
                     "SELECT count(*) FROM integrations WHERE status = 'active'")) {
            row.next();
            assertEquals(0, row.getInt(1));
        }
    }

    @Test
    void providerWebhooksAreVerifiedOnTheIngress() {
        Http anonymous = node.http();
        Http.Response unsigned = anonymous.post("/webhooks/p/github-app", "{\"action\":\"deleted\"}");
        assertTrue(unsigned.status() == 401 || unsigned.status() == 503, unsigned.status() + " " + unsigned.body());
        assertFalse(unsigned.body().contains("deleted"), "the payload is never echoed");
        Http.Response unknown = anonymous.post("/webhooks/p/no-such-provider", "{}");
        assertEquals(404, unknown.status(), unknown.body());
        String big = "{\"pad\":\"" + "x".repeat(1024 * 1024 + 10) + "\"}";
        assertEquals(413, anonymous.post("/webhooks/p/github-app", big).status());
    }
}
