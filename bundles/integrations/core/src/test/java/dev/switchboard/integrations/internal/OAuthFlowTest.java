package dev.switchboard.integrations.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.core.plugins.testing.TestPluginRegistry;
import dev.switchboard.foundation.internal.IntegrationsTestSchema;
import dev.switchboard.foundation.internal.UnitOfWorkService;
import dev.switchboard.foundation.testing.TestDatabase;
import dev.switchboard.integrations.Integration;
import dev.switchboard.integrations.IntegrationNotFoundException;
import dev.switchboard.integrations.ReconnectRequiredException;
import dev.switchboard.rest.ApiProblem;
import dev.switchboard.rest.Caller;
import dev.switchboard.rest.PageRequest;
import dev.switchboard.rest.Role;
import dev.switchboard.secrets.SecretCipher;
import dev.switchboard.secrets.internal.TestCiphers;
import dev.switchboard.spi.AccessToken;
import dev.switchboard.spi.WebhookRequest;
import dev.switchboard.spi.provider.IntegrationStatus;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The authorization-code flow end to end against mock-oauth2-server on a loopback port: connect, callback,
 * sealed storage, resolution, proactive and after-401 refresh with rotation, single-flight refresh,
 * expiry on a rejected grant, disconnect, bad states, own OAuth apps, organization isolation.
 */
class OAuthFlowTest {

    @RegisterExtension
    static final TestDatabase DB = TestDatabase.create().withSchema(IntegrationsTestSchema::apply);

    static MockOAuth2Server oauth;
    static final String KEY1 = "k1:" + TestCiphers.newKey();

    final Fixtures.FakeAuditLog audit = new Fixtures.FakeAuditLog();
    final TestPluginRegistry registry = new TestPluginRegistry();
    final Fixtures.MutableClock clock = new Fixtures.MutableClock();
    final HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    SecretCipher cipher = TestCiphers.cipher(KEY1, "k1");
    MockOAuthAdapter adapter;
    IntegrationsStore store;
    TokenResolverService resolver;
    OAuthFlowService flows;
    IntegrationService integrations;
    OAuthAppService apps;
    IntegrationLookupService lookup;
    LifecycleWebhooks webhooks;
    UUID orgA;
    UUID orgB;
    Caller memberA;
    Caller otherMemberA;
    Caller adminA;
    Caller adminB;

    @BeforeAll
    static void startOAuthServer() throws Exception {
        oauth = new MockOAuth2Server();
        oauth.start(java.net.InetAddress.getLoopbackAddress(), 0);
    }

    @AfterAll
    static void stopOAuthServer() {
        oauth.shutdown();
    }

    @BeforeEach
    void setUp() {
        DB.execute("TRUNCATE integrations, oauth_states, oauth_apps, organizations, users CASCADE");
        orgA = UUID.randomUUID();
        orgB = UUID.randomUUID();
        memberA = user(orgA, Role.MEMBER);
        otherMemberA = user(orgA, Role.MEMBER);
        adminA = user(orgA, Role.ADMIN);
        adminB = user(orgB, Role.ADMIN);
        adapter = new MockOAuthAdapter(oauth.authorizationEndpointUrl("default").uri(),
                oauth.tokenEndpointUrl("default").uri(), oauth.revocationEndpointUrl("default").uri());
        registry.put("mock-oauth", adapter);
        Map<String, Object> config = new HashMap<>();
        config.put("publicUrl", "https://switchboard.example");
        config.put("consoleUrl", "https://console.example/integrations");
        config.put("stateSigningKey", "0123456789abcdef0123456789abcdef-test");
        config.put("oauth.mock-oauth.clientId", "deployment-client");
        config.put("oauth.mock-oauth.clientSecret", "deployment-secret");
        config.put("webhook.mock-oauth.secret", "hook-secret");
        build(config, Duration.ofSeconds(30));
    }

    private void build(Map<String, Object> config, Duration timeout) {
        store = new IntegrationsStore(new UnitOfWorkService(DB.dataSource()));
        IntegrationsSettings settings = new IntegrationsSettings(config);
        Providers providers = new Providers(registry, store, cipher, settings, clock);
        AdapterCalls calls = new AdapterCalls(timeout);
        resolver = new TokenResolverService(store, providers, cipher, audit, calls);
        flows = new OAuthFlowService(store, providers, cipher, audit, calls, resolver);
        integrations = new IntegrationService(store, providers, cipher, audit, calls, resolver);
        apps = new OAuthAppService(store, cipher, audit, providers);
        lookup = new IntegrationLookupService(store);
        webhooks = new LifecycleWebhooks(store, providers, audit, calls, resolver);
    }

    private Caller user(UUID organizationId, Role role) {
        UUID userId = UUID.randomUUID();
        DB.execute("INSERT INTO organizations (id, name, slug) VALUES ('" + organizationId + "', 'o', 'o-" + organizationId
                + "') ON CONFLICT DO NOTHING");
        DB.execute("INSERT INTO users (id, email, name) VALUES ('" + userId + "', '" + userId + "@example.com', 'u')");
        DB.execute("INSERT INTO members (organization_id, user_id, role) VALUES ('" + organizationId + "', '" + userId
                + "', '" + role.wireName() + "')");
        return Fixtures.caller(organizationId, userId, role);
    }

    private OAuthFlowService.ConnectRequest request(UUID reconnect) {
        return new OAuthFlowService.ConnectRequest("mock-oauth", null, "My mock", null, reconnect, null);
    }

    /** Plays the browser: follows the authorize URL to the provider's redirect and returns code and state. */
    private Map<String, String> authorize(String authorizeUrl) throws Exception {
        HttpResponse<String> response = browser.send(HttpRequest.newBuilder(URI.create(authorizeUrl)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(302, response.statusCode(), response.body());
        URI location = URI.create(response.headers().firstValue("Location").orElseThrow());
        assertTrue(location.toString().startsWith("https://switchboard.example/api/v1/integrations/oauth/callback"));
        return query(location);
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> values = new HashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            String[] parts = pair.split("=", 2);
            values.put(parts[0], URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
        }
        return values;
    }

    private UUID connect(Caller caller) throws Exception {
        OAuthFlowService.ConnectResponse response = flows.connect(caller, request(null));
        Map<String, String> callback = authorize(response.authorizeUrl());
        URI redirect = flows.callback(callback.get("code"), callback.get("state"), null);
        Map<String, String> result = query(redirect);
        assertNull(result.get("error"), redirect.toString());
        return UUID.fromString(result.get("integration"));
    }

    private long count(String sql) {
        return ((Number) DB.queryValue(sql)).longValue();
    }

    @Test
    void connectStoresSealedTokensWithPkceAndResolvesThem() throws Exception {
        OAuthFlowService.ConnectResponse response = flows.connect(memberA, request(null));
        Map<String, String> authorizeQuery = query(URI.create(response.authorizeUrl()));
        assertEquals("deployment-client", authorizeQuery.get("client_id"));
        assertEquals("S256", authorizeQuery.get("code_challenge_method"));
        assertEquals("openid read", authorizeQuery.get("scope"));
        assertNotNull(DB.queryValue("SELECT verifier_ciphertext FROM oauth_states"));
        Map<String, String> callback = authorize(response.authorizeUrl());

        URI redirect = flows.callback(callback.get("code"), callback.get("state"), null);

        assertTrue(redirect.toString().startsWith("https://console.example/integrations?integration="), redirect.toString());
        UUID id = UUID.fromString(query(redirect).get("integration"));
        AccessToken token = resolver.resolve(orgA, id);
        String sealed = (String) DB.queryValue("SELECT tokens_ciphertext FROM integrations");
        assertFalse(sealed.contains(token.value().reveal()));
        assertFalse(sealed.contains(token.value().reveal().substring(0, 20)));
        assertEquals("k1", DB.queryValue("SELECT tokens_key_id FROM integrations"));
        assertEquals(0, adapter.refreshes.get());
        Integration integration = lookup.findActive(orgA, "mockservice").orElseThrow();
        assertEquals(id, integration.id());
        assertEquals("mock-oauth", integration.providerAdapterId());
        assertEquals("My mock", integration.displayName());
        assertEquals(id.toString(), integration.connectionId());
        assertEquals(List.of("integration.connected"), audit.actions());
        assertEquals(memberA.userId(), audit.entries.get(0).actor().userId());
    }

    @Test
    void expiringTokenIsRefreshedProactivelyAndTheRotatedRefreshTokenIsKept() throws Exception {
        adapter.rotate = true;
        UUID id = connect(memberA);
        AccessToken first = resolver.resolve(orgA, id);
        clock.advance(Duration.ofMinutes(56));

        AccessToken second = resolver.resolve(orgA, id);
        assertNotEquals(first.value(), second.value());
        assertEquals(1, adapter.refreshes.get());
        assertEquals(second.value(), resolver.resolve(orgA, id).value());
        assertEquals(1, adapter.refreshes.get());

        clock.advance(Duration.ofMinutes(56));
        AccessToken third = resolver.resolve(orgA, id);
        assertNotEquals(second.value(), third.value());
        assertEquals(2, adapter.refreshes.get());
        // the second refresh presented the refresh token the first refresh returned (persisted rotation)
        assertNotEquals(adapter.presentedRefreshTokens.get(0), adapter.presentedRefreshTokens.get(1));
        assertTrue(adapter.presentedRefreshTokens.get(1).startsWith("rotated-1-"));
        assertFalse(((String) DB.queryValue("SELECT tokens_ciphertext FROM integrations"))
                .contains(adapter.presentedRefreshTokens.get(1)));
    }

    @Test
    void concurrentResolvesRefreshExactlyOnce() throws Exception {
        UUID id = connect(memberA);
        clock.advance(Duration.ofMinutes(58));
        adapter.refreshDelay = Duration.ofMillis(300);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<AccessToken>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(() -> resolver.resolve(orgA, id));
            }
            Set<String> tokens = new HashSet<>();
            for (Future<AccessToken> future : pool.invokeAll(calls)) {
                tokens.add(future.get().value().reveal());
            }
            assertEquals(1, adapter.refreshes.get());
            assertEquals(1, tokens.size());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void refreshAfterUnauthorizedReplacesTheRejectedTokenOnce() throws Exception {
        UUID id = connect(memberA);
        AccessToken rejected = resolver.resolve(orgA, id);

        AccessToken fresh = resolver.refreshAfterUnauthorized(orgA, id, rejected);
        AccessToken again = resolver.refreshAfterUnauthorized(orgA, id, rejected);

        assertNotEquals(rejected.value(), fresh.value());
        assertEquals(fresh.value(), again.value());
        assertEquals(1, adapter.refreshes.get());
    }

    @Test
    void aRejectedRefreshMarksTheIntegrationExpiredAndAsksToReconnect() throws Exception {
        UUID id = connect(memberA);
        clock.advance(Duration.ofMinutes(61));
        adapter.rejectGrants = true;

        ReconnectRequiredException failure = assertThrows(ReconnectRequiredException.class, () -> resolver.resolve(orgA, id));

        assertTrue(failure.getMessage().startsWith("reconnect mockservice"), failure.getMessage());
        assertEquals("expired", DB.queryValue("SELECT status FROM integrations"));
        assertTrue(audit.actions().contains("integration.expired"));
        assertThrows(ReconnectRequiredException.class, () -> resolver.resolve(orgA, id));
        assertEquals(1, adapter.refreshes.get());
        assertTrue(lookup.findActive(orgA, "mockservice").isEmpty());

        // reconnect updates the same row and makes it active again
        adapter.rejectGrants = false;
        OAuthFlowService.ConnectResponse response = flows.connect(memberA, request(id));
        Map<String, String> callback = authorize(response.authorizeUrl());
        URI redirect = flows.callback(callback.get("code"), callback.get("state"), null);
        assertEquals(id.toString(), query(redirect).get("integration"));
        assertEquals(1L, count("SELECT count(*) FROM integrations"));
        assertEquals("active", DB.queryValue("SELECT status FROM integrations"));
        assertNotNull(resolver.resolve(orgA, id));
        assertTrue(audit.actions().contains("integration.reconnected"));
    }

    @Test
    void disconnectRevokesRemotelyAndDeletesTheTokens() throws Exception {
        UUID id = connect(memberA);
        AccessToken token = resolver.resolve(orgA, id);

        integrations.disconnect(memberA, id);

        assertEquals(List.of(token.value().reveal()), adapter.revoked);
        assertNull(DB.queryValue("SELECT tokens_ciphertext FROM integrations"));
        assertEquals("revoked", DB.queryValue("SELECT status FROM integrations"));
        assertThrows(ReconnectRequiredException.class, () -> resolver.resolve(orgA, id));
        assertTrue(audit.actions().contains("integration.disconnected"));
    }

    @Test
    void disconnectIsForTheCreatorOrAnAdmin() throws Exception {
        UUID id = connect(memberA);
        ApiProblem problem = assertThrows(ApiProblem.class, () -> integrations.disconnect(otherMemberA, id));
        assertEquals(403, problem.status());
        integrations.disconnect(adminA, id);
        assertEquals("revoked", DB.queryValue("SELECT status FROM integrations"));
    }

    @Test
    void forgedReplayedAndExpiredStatesAreRefusedAndStoreNothing() throws Exception {
        OAuthFlowService.ConnectResponse response = flows.connect(memberA, request(null));
        Map<String, String> callback = authorize(response.authorizeUrl());
        String code = callback.get("code");
        String state = callback.get("state");

        URI forged = flows.callback(code, state.substring(0, state.indexOf('.')) + ".AAAA", null);
        assertEquals("https://console.example/integrations?error=oauth_state_invalid", forged.toString());
        URI unsigned = flows.callback(code, "garbage", null);
        assertEquals("oauth_state_invalid", query(unsigned).get("error"));
        assertEquals(0L, count("SELECT count(*) FROM integrations"));

        assertNotNull(query(flows.callback(code, state, null)).get("integration"));
        URI replayed = flows.callback(code, state, null);
        assertEquals("oauth_state_invalid", query(replayed).get("error"));
        assertEquals(1L, count("SELECT count(*) FROM integrations"));

        OAuthFlowService.ConnectResponse late = flows.connect(memberA, request(null));
        Map<String, String> lateCallback = authorize(late.authorizeUrl());
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        URI expired = flows.callback(lateCallback.get("code"), lateCallback.get("state"), null);
        assertEquals("oauth_state_expired", query(expired).get("error"));
        assertEquals(1L, count("SELECT count(*) FROM integrations"));
    }

    @Test
    void aProviderErrorOnTheCallbackStoresNothingAndBurnsTheState() throws Exception {
        OAuthFlowService.ConnectResponse response = flows.connect(memberA, request(null));
        String state = query(URI.create(response.authorizeUrl())).get("state");

        URI denied = flows.callback(null, state, "access_denied");

        assertEquals("https://console.example/integrations?error=provider_denied", denied.toString());
        assertEquals(0L, count("SELECT count(*) FROM integrations"));
        assertEquals("oauth_state_invalid", query(flows.callback("code", state, null)).get("error"));
    }

    @Test
    void aCodeTheProviderRejectsStoresNothing() throws Exception {
        OAuthFlowService.ConnectResponse response = flows.connect(memberA, request(null));
        String state = query(URI.create(response.authorizeUrl())).get("state");
        adapter.rejectGrants = true;

        URI failed = flows.callback("made-up-code", state, null);

        assertEquals("provider_error", query(failed).get("error"));
        assertEquals(0L, count("SELECT count(*) FROM integrations"));
    }

    @Test
    void anUnknownProviderIsNotFound() {
        ApiProblem problem = assertThrows(ApiProblem.class, () -> flows.connect(memberA,
                new OAuthFlowService.ConnectRequest("nope", null, null, null, null, null)));
        assertEquals(404, problem.status());
        assertEquals("provider_not_found", problem.code());
        assertEquals(0L, count("SELECT count(*) FROM oauth_states"));
        assertEquals(404, assertThrows(ApiProblem.class, () -> apps.put(adminA, "nope",
                new OAuthAppService.OAuthAppRequest("id", "secret"))).status());
    }

    @Test
    void returnToMustStayOnThisDeployment() {
        ApiProblem problem = assertThrows(ApiProblem.class, () -> flows.connect(memberA,
                new OAuthFlowService.ConnectRequest("mock-oauth", null, null, null, null, "//evil.example/x")));
        assertEquals("invalid_return_to", problem.code());
    }

    @Test
    void withoutAnyOAuthAppConnectingIsAConflict() {
        Map<String, Object> config = new HashMap<>();
        config.put("stateSigningKey", "0123456789abcdef0123456789abcdef-test");
        build(config, Duration.ofSeconds(30));
        ApiProblem problem = assertThrows(ApiProblem.class, () -> flows.connect(memberA, request(null)));
        assertEquals(409, problem.status());
        assertEquals("oauth_client_missing", problem.code());
    }

    @Test
    void theOrganizationsOwnOAuthAppIsUsedAndItsSecretNeverShown() throws Exception {
        OAuthAppService.OAuthAppView view = apps.put(adminA, "mock-oauth",
                new OAuthAppService.OAuthAppRequest("byo-client", "byo-secret-value"));
        assertTrue(view.clientSecretSet());
        assertFalse(view.toString().contains("byo-secret-value"));
        assertFalse(((String) DB.queryValue("SELECT secret_ciphertext FROM oauth_apps")).contains("byo-secret-value"));

        OAuthFlowService.ConnectResponse response = flows.connect(memberA, request(null));
        assertEquals("byo-client", query(URI.create(response.authorizeUrl())).get("client_id"));
        UUID id = UUID.fromString(query(flows.callback(authorize(response.authorizeUrl()).get("code"),
                query(URI.create(response.authorizeUrl())).get("state"), null)).get("integration"));
        assertEquals(List.of("byo-client"), adapter.clientIds);
        assertEquals("byo-client", DB.queryValue("SELECT oauth_client_id FROM integrations"));

        // other organizations keep the deployment's app
        OAuthFlowService.ConnectResponse other = flows.connect(adminB, request(null));
        assertEquals("deployment-client", query(URI.create(other.authorizeUrl())).get("client_id"));
        assertEquals(404, assertThrows(ApiProblem.class, () -> apps.get(adminB, "mock-oauth")).status());
        assertTrue(audit.actions().contains("oauth_app.saved"));
        resolver.refreshAfterUnauthorized(orgA, id, resolver.resolve(orgA, id));
        assertEquals("byo-client", adapter.clientIds.get(adapter.clientIds.size() - 1));
        apps.delete(adminA, "mock-oauth");
        assertEquals(0L, count("SELECT count(*) FROM oauth_apps"));
    }

    @Test
    void anotherOrganizationsIntegrationIsNotFoundAnywhere() throws Exception {
        UUID id = connect(memberA);

        assertEquals(404, assertThrows(ApiProblem.class, () -> integrations.get(adminB, id)).status());
        assertEquals(404, assertThrows(ApiProblem.class, () -> integrations.patch(adminB, id, "x", null)).status());
        assertEquals(404, assertThrows(ApiProblem.class, () -> integrations.disconnect(adminB, id)).status());
        assertEquals(404, assertThrows(ApiProblem.class, () -> integrations.metadata(adminB, id, "teams")).status());
        assertEquals(404, assertThrows(ApiProblem.class, () -> flows.connect(adminB, request(id))).status());
        assertTrue(integrations.list(adminB, null, PageRequest.of(null, null)).items().isEmpty());
        assertTrue(lookup.get(orgB, id).isEmpty());
        assertThrows(IntegrationNotFoundException.class, () -> resolver.resolve(orgB, id));
        assertEquals("active", DB.queryValue("SELECT status FROM integrations"));
        assertEquals(1, integrations.list(memberA, null, PageRequest.of(null, null)).items().size());
        assertEquals(1, integrations.metadata(memberA, id, "teams").size());
    }

    @Test
    void privateIntegrationsAreSeenByTheirCreatorAndAdminsOnly() throws Exception {
        UUID id = connect(memberA);
        integrations.patch(memberA, id, "Renamed", "private");

        assertEquals("Renamed", integrations.get(memberA, id).displayName());
        assertEquals("private", integrations.get(adminA, id).visibility());
        assertEquals(404, assertThrows(ApiProblem.class, () -> integrations.get(otherMemberA, id)).status());
        assertTrue(integrations.list(otherMemberA, null, PageRequest.of(null, null)).items().isEmpty());
        assertEquals(1, integrations.list(adminA, null, PageRequest.of(null, null)).items().size());
    }

    @Test
    void reencryptionMovesTokensAndAppSecretsToTheNewKey() throws Exception {
        UUID id = connect(memberA);
        apps.put(adminA, "mock-oauth", new OAuthAppService.OAuthAppRequest("byo", "s3cret"));
        AccessToken before = resolver.resolve(orgA, id);
        SecretCipher rotated = TestCiphers.cipher(KEY1 + ",k2:" + TestCiphers.newKey(), "k2");

        long moved = new IntegrationsReencryption(store, 1).reencrypt(rotated);

        assertEquals(3, moved); // tokens, the pending state's PKCE verifier, the app secret
        assertEquals("k2", DB.queryValue("SELECT verifier_key_id FROM oauth_states"));
        assertEquals("k2", DB.queryValue("SELECT tokens_key_id FROM integrations"));
        assertEquals("k2", DB.queryValue("SELECT secret_key_id FROM oauth_apps"));
        cipher = rotated;
        build(Map.of("stateSigningKey", "0123456789abcdef0123456789abcdef-test"), Duration.ofSeconds(30));
        assertEquals(before.value(), resolver.resolve(orgA, id).value());
        assertEquals(0, new IntegrationsReencryption(store, 1).reencrypt(rotated));
    }

    @Test
    void deletingAnOrganizationRemovesItsRowsOnly() throws Exception {
        connect(memberA);
        UUID other = connect(adminB);
        apps.put(adminA, "mock-oauth", new OAuthAppService.OAuthAppRequest("byo", null));
        flows.connect(memberA, request(null));

        store.unitOfWork().run(tx -> new IntegrationsOrganizationDeletion(store).deleteOrganizationData(tx, orgA));

        assertEquals(1L, count("SELECT count(*) FROM integrations"));
        assertEquals(other, DB.queryValue("SELECT id FROM integrations"));
        assertEquals(0L, count("SELECT count(*) FROM oauth_apps"));
        assertEquals(0L, count("SELECT count(*) FROM oauth_states WHERE organization_id = '" + orgA + "'"));
    }

    @Test
    void lifecycleWebhooksChangeTheStatusByConnectionId() throws Exception {
        UUID id = connect(memberA);
        WebhookRequest request = new WebhookRequest((id + "=suspended").getBytes(StandardCharsets.UTF_8),
                Map.of("X-Secret", List.of("hook-secret")), "", Map.of());

        assertEquals(1, webhooks.receive("mock-oauth", request).body().get("accepted"));

        assertEquals("suspended", DB.queryValue("SELECT status FROM integrations"));
        assertThrows(ReconnectRequiredException.class, () -> resolver.resolve(orgA, id));
        assertEquals(1, webhooks.receive("mock-oauth", request).body().get("accepted"));
        assertEquals(IntegrationStatus.SUSPENDED, lookup.get(orgA, id).orElseThrow().status());
        WebhookRequest forged = new WebhookRequest((id + "=active").getBytes(StandardCharsets.UTF_8),
                Map.of("X-Secret", List.of("wrong")), "", Map.of());
        assertEquals(401, assertThrows(ApiProblem.class, () -> webhooks.receive("mock-oauth", forged)).status());
        assertEquals(404, assertThrows(ApiProblem.class, () -> webhooks.receive("nope", request)).status());
        assertEquals("suspended", DB.queryValue("SELECT status FROM integrations"));
    }

    @Test
    void appLevelEventsReachListenersWithTheActiveIntegrationsOfTheirConnection() throws Exception {
        UUID id = connect(memberA);
        List<List<UUID>> received = new java.util.ArrayList<>();
        dev.switchboard.integrations.AppWebhookListener listener = (adapterId, integrations, request) -> {
            received.add(integrations.stream().map(dev.switchboard.integrations.Integration::id).toList());
            return integrations.size();
        };
        webhooks.addListener(listener);
        WebhookRequest event = new WebhookRequest((id + ":event").getBytes(StandardCharsets.UTF_8),
                Map.of("X-Secret", List.of("hook-secret")), "", Map.of());
        WebhookRequest forged = new WebhookRequest((id + ":event").getBytes(StandardCharsets.UTF_8),
                Map.of("X-Secret", List.of("nope")), "", Map.of());

        assertEquals(1, webhooks.receive("mock-oauth", event).body().get("events"));
        assertEquals(List.of(List.of(id)), received);
        assertEquals(401, assertThrows(ApiProblem.class, () -> webhooks.receive("mock-oauth", forged)).status());
        assertEquals(1, received.size());

        store.unitOfWork().run(tx -> store.integrations(tx).setStatus(orgA, id, "suspended", java.time.Instant.now()));
        assertEquals(0, webhooks.receive("mock-oauth", event).body().get("events"));
        assertEquals(1, received.size());
        webhooks.removeListener(listener);
    }

    @Test
    void aHandshakeIsAnsweredOnlyWhenSigned() throws Exception {
        WebhookRequest challenge = new WebhookRequest("challenge:3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"
                .getBytes(StandardCharsets.UTF_8), Map.of("X-Secret", List.of("hook-secret")), "", Map.of());
        assertEquals(Map.of("challenge", "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"),
                webhooks.receive("mock-oauth", challenge).body());
        WebhookRequest forged = new WebhookRequest("challenge:x".getBytes(StandardCharsets.UTF_8),
                Map.of("X-Secret", List.of("nope")), "", Map.of());
        assertEquals(401, assertThrows(ApiProblem.class, () -> webhooks.receive("mock-oauth", forged)).status());
    }

    @Test
    void theWebhookIngressRoutesOtherPrefixesToTheirHandlers() throws Exception {
        WebhookIngress ingress = new WebhookIngress(webhooks);
        List<String> keys = new java.util.ArrayList<>();
        dev.switchboard.integrations.WebhookHandler handler = (key, request) -> {
            keys.add(key + ":" + request.bodyAsString().length());
            return dev.switchboard.integrations.WebhookReply.ok(Map.of("events", 1));
        };
        ingress.addHandler(handler, Map.of(dev.switchboard.integrations.WebhookHandler.PREFIX_PROPERTY, "t"));
        WebhookIngress.Reply ok = ingress.handle("t", "t_abc", -1,
                new java.io.ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8)), Map.of(), Map.of());
        assertEquals(200, ok.status());
        assertEquals(List.of("t_abc:2"), keys);
        assertEquals(404, ingress.handle("x", "y", -1, null, Map.of(), Map.of()).status());
        assertEquals(413, ingress.handle("t", "t_abc", WebhookIngress.MAX_BODY + 1L, null, Map.of(), Map.of()).status());
        assertEquals(List.of("t_abc:2"), keys);
        ingress.removeHandler(handler, Map.of());
        assertEquals(404, ingress.handle("t", "t_abc", -1, null, Map.of(), Map.of()).status());
    }

    @Test
    void theWebhookIngressAnswersAcceptedOrAProblemAndLimitsTheBody() throws Exception {
        UUID id = connect(memberA);
        WebhookIngress ingress = new WebhookIngress(webhooks);
        Map<String, List<String>> headers = Map.of("X-Secret", List.of("hook-secret"));

        WebhookIngress.Reply ok = ingress.provider("mock-oauth", -1,
                new java.io.ByteArrayInputStream((id + "=deleted").getBytes(StandardCharsets.UTF_8)), headers, Map.of());
        assertEquals(200, ok.status());
        assertEquals("{\"accepted\":1,\"events\":0,\"duplicate\":false}", ok.body());
        assertEquals("deleted", DB.queryValue("SELECT status FROM integrations"));

        WebhookIngress.Reply large = ingress.provider("mock-oauth", -1,
                new java.io.ByteArrayInputStream(new byte[WebhookIngress.MAX_BODY + 1]), headers, Map.of());
        assertEquals(413, large.status());
        assertEquals(413, ingress.provider("mock-oauth", WebhookIngress.MAX_BODY + 1L, null, headers, Map.of()).status());
        WebhookIngress.Reply forged = ingress.provider("mock-oauth", -1,
                new java.io.ByteArrayInputStream("PLANTED-payload=active".getBytes(StandardCharsets.UTF_8)),
                Map.of("X-Secret", List.of("nope")), Map.of());
        assertEquals(401, forged.status());
        assertFalse(forged.body().contains("PLANTED"));
        assertEquals("application/problem+json", forged.contentType());
    }

    @Test
    void aHangingAdapterIsCutOff() throws Exception {
        UUID id = connect(memberA);
        build(Map.of("stateSigningKey", "0123456789abcdef0123456789abcdef-test",
                "oauth.mock-oauth.clientId", "deployment-client"), Duration.ofMillis(300));
        adapter.refreshDelay = Duration.ofSeconds(5);
        clock.advance(Duration.ofMinutes(61));

        long started = System.nanoTime();
        assertThrows(dev.switchboard.integrations.IntegrationUnavailableException.class, () -> resolver.resolve(orgA, id));
        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(3)) < 0);
        assertEquals("active", DB.queryValue("SELECT status FROM integrations"));
    }

    @Test
    void aRefreshThatNamesScopesUpdatesTheStoredScopes() throws Exception {
        UUID id = connect(memberA);
        adapter.refreshScopes = Set.of("write", "read");
        clock.advance(Duration.ofMinutes(58));

        resolver.resolve(orgA, id);

        assertEquals(1, adapter.refreshes.get());
        assertEquals(List.of("read", "write"), lookup.get(orgA, id).orElseThrow().scopes());

        adapter.refreshScopes = Set.of();
        clock.advance(Duration.ofMinutes(58));
        resolver.resolve(orgA, id);
        assertEquals(2, adapter.refreshes.get());
        assertEquals(List.of("read", "write"), lookup.get(orgA, id).orElseThrow().scopes());
    }

    @Test
    void aConnectionIdNamedByTheProviderIsStoredAndConnectingItAgainReusesTheRow() throws Exception {
        adapter.connectionId = "T0123ABC";
        UUID id = connect(memberA);
        assertEquals("T0123ABC", lookup.get(orgA, id).orElseThrow().connectionId());

        assertEquals(id, connect(memberA));
        assertEquals(1L, count("SELECT count(*) FROM integrations WHERE organization_id = '" + orgA + "'"));
        assertEquals(List.of("integration.connected", "integration.reconnected"), audit.actions());

        // the lifecycle webhook names the provider's connection id and so finds the integration
        WebhookRequest revoked = new WebhookRequest("T0123ABC=revoked".getBytes(StandardCharsets.UTF_8),
                Map.of("X-Secret", List.of("hook-secret")), "", Map.of());
        assertEquals(1, webhooks.receive("mock-oauth", revoked).body().get("accepted"));
        assertEquals(IntegrationStatus.REVOKED, lookup.get(orgA, id).orElseThrow().status());

        // another organization connecting the same account gets its own row
        UUID other = connect(adminB);
        assertNotEquals(id, other);
        assertEquals("T0123ABC", lookup.get(orgB, other).orElseThrow().connectionId());
    }

    private static javax.ws.rs.core.SecurityContext security(Caller caller) {
        return dev.switchboard.rest.testing.TestSecurity.of(caller);
    }

    @Test
    void connectWithAnIdempotencyKeyAnswersTheSameUrlAgain() {
        DB.execute("TRUNCATE idempotency_keys");
        IntegrationsResource resource = new IntegrationsResource(integrations, flows,
                IntegrationsTestSchema.idempotencyStore(DB.dataSource()));

        javax.ws.rs.core.Response first = resource.connect(security(memberA), "connect-1", request(null));
        javax.ws.rs.core.Response again = resource.connect(security(memberA), "connect-1", request(null));

        assertEquals(200, again.getStatus());
        assertEquals("true", again.getHeaderString("Idempotent-Replayed"));
        assertTrue(again.getHeaderString("Cache-Control").contains("no-store"), again.getHeaderString("Cache-Control"));
        String url = ((OAuthFlowService.ConnectResponse) first.getEntity()).authorizeUrl();
        assertTrue(((String) again.getEntity()).contains("\"authorizeUrl\":\"" + url + "\""), (String) again.getEntity());
        assertEquals(1L, count("SELECT count(*) FROM oauth_states"));

        ApiProblem reused = assertThrows(ApiProblem.class, () -> resource.connect(security(memberA), "connect-1",
                new OAuthFlowService.ConnectRequest("mock-oauth", null, "Other name", null, null, null)));
        assertEquals(422, reused.status());
        assertEquals("idempotency_key_reused", reused.code());
        // another member of the organization cannot pick up this member's flow with the same key
        assertEquals(422, assertThrows(ApiProblem.class,
                () -> resource.connect(security(otherMemberA), "connect-1", request(null))).status());
        // without a key every call starts a flow
        resource.connect(security(memberA), null, request(null));
        assertEquals(2L, count("SELECT count(*) FROM oauth_states"));
    }
}
