package dev.switchboard.integrations.github;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.switchboard.integrations.github.internal.WebhookSignature;
import dev.switchboard.spi.AccessToken;
import dev.switchboard.spi.SecretValue;
import dev.switchboard.spi.WebhookRequest;
import dev.switchboard.spi.provider.AuthKind;
import dev.switchboard.spi.provider.AuthorizeRequest;
import dev.switchboard.spi.provider.CodeExchange;
import dev.switchboard.spi.provider.OAuthClient;
import dev.switchboard.spi.provider.IntegrationStatus;
import dev.switchboard.spi.provider.LifecycleEvent;
import dev.switchboard.spi.provider.ProviderContext;
import dev.switchboard.spi.provider.ProviderException;
import dev.switchboard.spi.provider.ProviderException.Reason;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The GitHub App adapter against WireMock playing GitHub's documented responses. */
class GitHubAppAdapterTest {

    @RegisterExtension
    static final WireMockExtension GITHUB = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static final Instant START = Instant.parse("2026-03-01T10:00:00Z");
    static final String INSTALLATION = "1296269";
    static final String WEBHOOK_SECRET = "hook-secret-4f1d";

    private final MutableClock clock = new MutableClock(START);
    private final GitHubAppAdapter adapter = new GitHubAppAdapter(Map.of());

    static Map<String, Object> config(String pem) {
        Map<String, Object> config = new HashMap<>();
        config.put("apiBaseUrl", GITHUB.baseUrl());
        config.put("webBaseUrl", GITHUB.baseUrl());
        config.put("appId", "123456");
        config.put("privateKey", pem);
        config.put("webhookSecret", WEBHOOK_SECRET);
        config.put("slug", "switchboard-test");
        return config;
    }

    private ProviderContext context(String installation) {
        return new ProviderContext("org-1", "int-1", installation, config(TestKeys.PKCS1_PEM), clock);
    }

    /** {@code POST /app/installations/{id}/access_tokens} → 201 as documented. */
    static void stubToken(String installation, String token, Instant expiresAt) {
        GITHUB.stubFor(post(urlEqualTo("/app/installations/" + installation + "/access_tokens"))
                .willReturn(json(201, """
                        {"token": "%s", "expires_at": "%s",
                         "permissions": {"contents": "read", "issues": "write", "metadata": "read"},
                         "repository_selection": "selected"}""".formatted(token, expiresAt))));
    }

    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json; charset=utf-8").withBody(body);
    }

    private List<LoggedRequest> tokenRequests(String installation) {
        return GITHUB.findAll(postRequestedFor(urlEqualTo("/app/installations/" + installation + "/access_tokens")));
    }

    @Test
    void describesItself() throws Exception {
        assertEquals("github-app", adapter.descriptor().id());
        assertEquals("github", adapter.service());
        assertEquals(AuthKind.APP_INSTALLATION, adapter.authKind());
        assertTrue(adapter.oauth2().isEmpty());
        assertTrue(adapter.handlesLifecycleWebhooks());
        assertEquals(java.util.Set.of("repositories", "installation"), adapter.metadataKinds());
        Map<?, ?> schema = new ObjectMapper().readValue(adapter.descriptor().configSchema(), Map.class);
        assertEquals(Boolean.TRUE, ((Map<?, ?>) ((Map<?, ?>) schema.get("properties")).get("privateKey")).get("writeOnly"));
    }

    @Test
    void mintsAnInstallationTokenWithAnRs256AppJwt() throws Exception {
        Instant expiresAt = START.plus(Duration.ofHours(1));
        stubToken(INSTALLATION, "ghs_16C7e42F292c6912E7710c838347Ae178B4a", expiresAt);

        AccessToken token = adapter.resolveToken(context(INSTALLATION));

        assertEquals("ghs_16C7e42F292c6912E7710c838347Ae178B4a", token.value().reveal());
        assertEquals(expiresAt, token.expiresAt());
        assertEquals("Bearer", token.type());
        LoggedRequest request = tokenRequests(INSTALLATION).get(0);
        assertEquals("application/vnd.github+json", request.getHeader("Accept"));
        assertEquals("2022-11-28", request.getHeader("X-GitHub-Api-Version"));
        String authorization = request.getHeader("Authorization");
        assertTrue(authorization.startsWith("Bearer "));
        Map<String, Object> claims = TestKeys.verifiedClaims(authorization.substring(7), TestKeys.PAIR.getPublic());
        assertEquals(123456, claims.get("iss"));
        assertEquals(START.getEpochSecond() - 60, ((Number) claims.get("iat")).longValue());
        assertEquals(START.getEpochSecond() + 9 * 60, ((Number) claims.get("exp")).longValue());
    }

    @Test
    void acceptsPkcs8Keys() throws Exception {
        stubToken(INSTALLATION, "ghs_pkcs8", START.plus(Duration.ofHours(1)));
        ProviderContext context = new ProviderContext("org-1", "int-1", INSTALLATION, config(TestKeys.PKCS8_PEM), clock);

        assertEquals("ghs_pkcs8", adapter.resolveToken(context).value().reveal());
        String jwt = tokenRequests(INSTALLATION).get(0).getHeader("Authorization").substring(7);
        assertEquals(123456, TestKeys.verifiedClaims(jwt, TestKeys.PAIR.getPublic()).get("iss"));
    }

    @Test
    void cachesTheTokenPerInstallation() throws Exception {
        stubToken(INSTALLATION, "ghs_one", START.plus(Duration.ofHours(1)));
        stubToken("42", "ghs_other", START.plus(Duration.ofHours(1)));

        for (int i = 0; i < 5; i++) {
            assertEquals("ghs_one", adapter.resolveToken(context(INSTALLATION)).value().reveal());
        }
        assertEquals("ghs_other", adapter.resolveToken(context("42")).value().reveal());

        GITHUB.verify(1, postRequestedFor(urlEqualTo("/app/installations/" + INSTALLATION + "/access_tokens")));
        GITHUB.verify(1, postRequestedFor(urlEqualTo("/app/installations/42/access_tokens")));
    }

    @Test
    void refetchesTenMinutesBeforeExpiry() throws Exception {
        stubToken(INSTALLATION, "ghs_first", START.plus(Duration.ofHours(1)));
        adapter.resolveToken(context(INSTALLATION));

        clock.advance(Duration.ofMinutes(49).plusSeconds(59));
        assertEquals("ghs_first", adapter.resolveToken(context(INSTALLATION)).value().reveal());
        GITHUB.verify(1, postRequestedFor(urlEqualTo("/app/installations/" + INSTALLATION + "/access_tokens")));

        clock.advance(Duration.ofSeconds(1));
        stubToken(INSTALLATION, "ghs_second", clock.instant().plus(Duration.ofHours(1)));
        assertEquals("ghs_second", adapter.resolveToken(context(INSTALLATION)).value().reveal());
        GITHUB.verify(2, postRequestedFor(urlEqualTo("/app/installations/" + INSTALLATION + "/access_tokens")));
        String jwt = tokenRequests(INSTALLATION).get(1).getHeader("Authorization").substring(7);
        assertEquals(clock.instant().getEpochSecond() - 60,
                ((Number) TestKeys.verifiedClaims(jwt, TestKeys.PAIR.getPublic()).get("iat")).longValue());
    }

    @Test
    void concurrentResolvesForOneInstallationFetchOnce() throws Exception {
        GITHUB.stubFor(post(urlEqualTo("/app/installations/" + INSTALLATION + "/access_tokens"))
                .willReturn(json(201, """
                        {"token": "ghs_shared", "expires_at": "%s", "permissions": {}}"""
                        .formatted(START.plus(Duration.ofHours(1)))).withFixedDelay(300)));
        int callers = 12;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<AccessToken>> results = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return adapter.resolveToken(context(INSTALLATION));
                }));
            }
            start.countDown();
            for (Future<AccessToken> result : results) {
                assertEquals("ghs_shared", result.get().value().reveal());
            }
        } finally {
            pool.shutdownNow();
        }
        GITHUB.verify(1, postRequestedFor(urlEqualTo("/app/installations/" + INSTALLATION + "/access_tokens")));
    }

    @Test
    void contextConfigOverridesComponentConfig() throws Exception {
        Map<String, Object> component = Map.of("apiBaseUrl", "http://127.0.0.1:9", "appId", "999",
                "privateKey", TestKeys.PKCS8_PEM);
        GitHubAppAdapter configured = new GitHubAppAdapter(component);
        stubToken(INSTALLATION, "ghs_merged", START.plus(Duration.ofHours(1)));

        ProviderContext context = new ProviderContext("org-1", "int-1", INSTALLATION,
                Map.of("apiBaseUrl", GITHUB.baseUrl(), "appId", "123456"), clock);

        assertEquals("ghs_merged", configured.resolveToken(context).value().reveal());
        String jwt = tokenRequests(INSTALLATION).get(0).getHeader("Authorization").substring(7);
        assertEquals(123456, TestKeys.verifiedClaims(jwt, TestKeys.PAIR.getPublic()).get("iss"));
    }

    @Test
    void componentConfigAloneIsEnough() throws Exception {
        GitHubAppAdapter configured = new GitHubAppAdapter(config(TestKeys.PKCS1_PEM));
        stubToken(INSTALLATION, "ghs_component", START.plus(Duration.ofHours(1)));

        ProviderContext context = new ProviderContext("org-1", "int-1", INSTALLATION, Map.of(), clock);

        assertEquals("ghs_component", configured.resolveToken(context).value().reveal());
    }

    @Test
    void acceptsTheLegacyConnectionIdPrefixAndRejectsOtherIds() throws Exception {
        stubToken(INSTALLATION, "ghs_legacy", START.plus(Duration.ofHours(1)));

        assertEquals("ghs_legacy", adapter.resolveToken(context("github-app-" + INSTALLATION)).value().reveal());
        for (String bad : new String[] {null, "", "../app", "12/access_tokens"}) {
            assertEquals(Reason.BAD_RESPONSE,
                    assertThrows(ProviderException.class, () -> adapter.resolveToken(context(bad))).reason());
        }
    }

    @Test
    void withoutAppIdOrKeyNothingIsSent() {
        ProviderContext context = new ProviderContext("org-1", "int-1", INSTALLATION,
                Map.of("apiBaseUrl", GITHUB.baseUrl()), clock);

        ProviderException failure = assertThrows(ProviderException.class, () -> adapter.resolveToken(context));

        assertEquals(Reason.BAD_RESPONSE, failure.reason());
        assertTrue(failure.getMessage().contains("appId"));
        assertTrue(GITHUB.getAllServeEvents().isEmpty());
    }

    @Test
    void anInvalidPrivateKeyFailsWithoutQuotingIt() {
        String broken = TestKeys.PKCS1_PEM.replace("RSA PRIVATE KEY", "EC PRIVATE KEY");
        ProviderContext context = new ProviderContext("org-1", "int-1", INSTALLATION, config(broken), clock);

        ProviderException failure = assertThrows(ProviderException.class, () -> adapter.resolveToken(context));

        assertEquals(Reason.BAD_RESPONSE, failure.reason());
        assertFalse(failure.getMessage().contains(TestKeys.keyBody(TestKeys.PKCS1_PEM)));
    }

    @Test
    void mapsGitHubFailures() {
        String path = "/app/installations/" + INSTALLATION + "/access_tokens";
        long reset = START.getEpochSecond() + 120;
        assertFailure(aResponse().withStatus(401).withBody("{\"message\":\"A JSON web token could not be decoded\"}"),
                Reason.UNAUTHORIZED, null);
        assertFailure(aResponse().withStatus(403).withHeader("x-ratelimit-remaining", "0")
                .withHeader("x-ratelimit-reset", String.valueOf(reset)), Reason.RATE_LIMITED, Duration.ofSeconds(120));
        assertFailure(aResponse().withStatus(429).withHeader("Retry-After", "30"), Reason.RATE_LIMITED,
                Duration.ofSeconds(30));
        assertFailure(aResponse().withStatus(403).withHeader("x-ratelimit-remaining", "4999"), Reason.UNAUTHORIZED, null);
        assertFailure(aResponse().withStatus(500).withBody("SECRET-BODY"), Reason.UNAVAILABLE, null);
        assertFailure(aResponse().withStatus(404).withBody("{\"message\":\"Not Found\"}"), Reason.INVALID_GRANT, null);
        assertFailure(aResponse().withStatus(201).withBody("<html>SECRET-BODY</html>"), Reason.BAD_RESPONSE, null);
        assertFailure(json(201, "{\"token\": \"ghs_x\"}"), Reason.BAD_RESPONSE, null);
        assertTrue(GITHUB.findAll(postRequestedFor(urlEqualTo(path))).size() >= 8, "failures are not cached");
    }

    private void assertFailure(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder response,
                               Reason reason, Duration retryAfter) {
        GITHUB.stubFor(post(urlEqualTo("/app/installations/" + INSTALLATION + "/access_tokens")).willReturn(response));

        ProviderException failure = assertThrows(ProviderException.class, () -> adapter.resolveToken(context(INSTALLATION)));

        assertEquals(reason, failure.reason(), failure.getMessage());
        if (retryAfter != null) {
            assertEquals(retryAfter, failure.retryAfter().orElseThrow());
        }
        assertFalse(failure.getMessage().contains("SECRET-BODY"));
    }

    @Test
    void anUnreachableGitHubIsUnavailable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Map<String, Object> config = config(TestKeys.PKCS1_PEM);
        config.put("apiBaseUrl", "http://127.0.0.1:" + closedPort);

        ProviderException failure = assertThrows(ProviderException.class, () -> adapter.resolveToken(
                new ProviderContext("org-1", "int-1", INSTALLATION, config, clock)));

        assertEquals(Reason.UNAVAILABLE, failure.reason());
    }

    @Test
    void aFailedFetchIsRetriedOnTheNextCall() throws Exception {
        GITHUB.stubFor(post(urlEqualTo("/app/installations/" + INSTALLATION + "/access_tokens"))
                .willReturn(aResponse().withStatus(502)));
        assertThrows(ProviderException.class, () -> adapter.resolveToken(context(INSTALLATION)));

        stubToken(INSTALLATION, "ghs_recovered", START.plus(Duration.ofHours(1)));

        assertEquals("ghs_recovered", adapter.resolveToken(context(INSTALLATION)).value().reveal());
    }

    @Test
    void listsInstallationRepositoriesAcrossPages() throws Exception {
        String next = GITHUB.baseUrl() + "/installation/repositories?per_page=100&page=2";
        GITHUB.stubFor(get(urlEqualTo("/installation/repositories?per_page=100"))
                .willReturn(json(200, """
                        {"total_count": 2, "repositories": [
                          {"id": 1296269, "node_id": "MDEwOlJlcG9zaXRvcnkxMjk2MjY5", "name": "Hello-World",
                           "full_name": "octocat/Hello-World", "private": false, "default_branch": "master",
                           "html_url": "https://github.com/octocat/Hello-World",
                           "clone_url": "https://github.com/octocat/Hello-World.git"}]}""")
                        .withHeader("Link", "<" + next + ">; rel=\"next\", <" + next + ">; rel=\"last\"")));
        GITHUB.stubFor(get(urlEqualTo("/installation/repositories?per_page=100&page=2"))
                .willReturn(json(200, """
                        {"total_count": 2, "repositories": [
                          {"id": 42, "name": "secret-repo", "full_name": "octocat/secret-repo", "private": true,
                           "default_branch": "main"}, {"unexpected": true}]}""")));

        List<Map<String, Object>> repositories = adapter.metadata("repositories", context(INSTALLATION),
                AccessToken.bearer("ghs_installation", START.plus(Duration.ofHours(1))));

        assertEquals(List.of("octocat/Hello-World", "octocat/secret-repo"),
                repositories.stream().map(repository -> repository.get("name")).toList());
        assertEquals("1296269", repositories.get(0).get("id"));
        assertEquals("master", repositories.get(0).get("default_branch"));
        assertEquals(true, repositories.get(1).get("private"));
        GITHUB.verify(2, getRequestedFor(urlPathEqualTo("/installation/repositories"))
                .withHeader("Authorization", equalTo("Bearer ghs_installation")));
    }

    @Test
    void neverFollowsANextLinkToAnotherHost() throws Exception {
        GITHUB.stubFor(get(urlEqualTo("/installation/repositories?per_page=100"))
                .willReturn(json(200, "{\"total_count\": 0, \"repositories\": []}")
                        .withHeader("Link", "<https://evil.example.com/steal?page=2>; rel=\"next\"")));

        assertTrue(adapter.metadata("repositories", context(INSTALLATION), AccessToken.bearer("ghs_x")).isEmpty());
        GITHUB.verify(1, getRequestedFor(urlPathEqualTo("/installation/repositories")));
    }

    @Test
    void repositoriesWithoutATokenResolveOne() throws Exception {
        stubToken(INSTALLATION, "ghs_resolved", START.plus(Duration.ofHours(1)));
        GITHUB.stubFor(get(urlEqualTo("/installation/repositories?per_page=100"))
                .willReturn(json(200, "{\"total_count\": 0, \"repositories\": []}")));

        adapter.metadata("repositories", context(INSTALLATION), AccessToken.NONE);

        GITHUB.verify(getRequestedFor(urlPathEqualTo("/installation/repositories"))
                .withHeader("Authorization", equalTo("Bearer ghs_resolved")));
    }

    @Test
    void describesTheInstallationWithTheAppJwt() throws Exception {
        GITHUB.stubFor(get(urlEqualTo("/app/installations/" + INSTALLATION)).willReturn(json(200, """
                {"id": 1296269, "account": {"login": "octocat", "id": 1, "type": "Organization"},
                 "repository_selection": "all", "html_url": "https://github.com/organizations/octocat/settings/installations/1",
                 "app_id": 123456, "target_type": "Organization", "suspended_at": null}""")));

        Map<String, Object> installation = adapter.metadata("installation", context(INSTALLATION), AccessToken.NONE).get(0);

        assertEquals("1296269", installation.get("id"));
        assertEquals("octocat", installation.get("name"));
        assertEquals("Organization", installation.get("account_type"));
        assertEquals(false, installation.get("suspended"));
        String jwt = GITHUB.findAll(getRequestedFor(urlEqualTo("/app/installations/" + INSTALLATION))).get(0)
                .getHeader("Authorization").substring(7);
        assertEquals(123456, TestKeys.verifiedClaims(jwt, TestKeys.PAIR.getPublic()).get("iss"));
    }

    @Test
    void unknownMetadataIsUnsupported() {
        assertEquals(Reason.UNSUPPORTED, assertThrows(ProviderException.class,
                () -> adapter.metadata("teams", context(INSTALLATION), AccessToken.NONE)).reason());
    }

    @Test
    void sendsTheUserToTheAppsInstallationPage() throws Exception {
        URI url = adapter.authorizeUrl(new AuthorizeRequest("st/ate+1", URI.create("https://sb.example.com/cb"),
                List.of(), null), context(INSTALLATION));

        assertEquals(GITHUB.baseUrl() + "/apps/switchboard-test/installations/new?state=st%2Fate%2B1", url.toString());
        Map<String, Object> withoutSlug = config(TestKeys.PKCS1_PEM);
        withoutSlug.remove("slug");
        assertEquals(Reason.BAD_RESPONSE, assertThrows(ProviderException.class, () -> adapter.authorizeUrl(
                new AuthorizeRequest("s", URI.create("https://sb.example.com/cb"), List.of(), null),
                new ProviderContext("org-1", null, null, withoutSlug, clock))).reason());
    }

    // --- lifecycle webhooks -------------------------------------------------------------------------------

    static WebhookRequest delivery(String event, String body, String signature) {
        Map<String, List<String>> headers = new HashMap<>();
        headers.put("X-GitHub-Event", List.of(event));
        headers.put("X-GitHub-Delivery", List.of("72d3162e-cc78-11e3-81ab-4c9367dc0958"));
        if (signature != null) {
            headers.put("x-hub-signature-256", List.of(signature));
        }
        return new WebhookRequest(body.getBytes(StandardCharsets.UTF_8), headers, "/github-app", Map.of());
    }

    static WebhookRequest signed(String event, String body) {
        return delivery(event, body, WebhookSignature.sign(body.getBytes(StandardCharsets.UTF_8),
                SecretValue.of(WEBHOOK_SECRET)));
    }

    static String installationEvent(String action) {
        return """
                {"action": "%s", "installation": {"id": 1296269, "account": {"login": "octocat", "id": 1},
                 "app_id": 123456, "target_type": "Organization"}, "sender": {"login": "octocat", "id": 1}}"""
                .formatted(action);
    }

    private List<LifecycleEvent> lifecycle(WebhookRequest request) throws ProviderException {
        return adapter.lifecycleEvents(request, SecretValue.of(WEBHOOK_SECRET), context(null));
    }

    @Test
    void mapsInstallationLifecycleByInstallationId() throws ProviderException {
        assertEquals(List.of(new LifecycleEvent(INSTALLATION, IntegrationStatus.DELETED)),
                lifecycle(signed("installation", installationEvent("deleted"))));
        assertEquals(List.of(new LifecycleEvent(INSTALLATION, IntegrationStatus.SUSPENDED)),
                lifecycle(signed("installation", installationEvent("suspend"))));
        assertEquals(List.of(new LifecycleEvent(INSTALLATION, IntegrationStatus.ACTIVE)),
                lifecycle(signed("installation", installationEvent("unsuspend"))));
    }

    @Test
    void otherEventsAndActionsChangeNothing() throws ProviderException {
        assertEquals(List.of(), lifecycle(signed("installation", installationEvent("created"))));
        assertEquals(List.of(), lifecycle(signed("installation", installationEvent("new_permissions_accepted"))));
        assertEquals(List.of(), lifecycle(signed("installation_repositories", installationEvent("added"))));
        assertEquals(List.of(), lifecycle(signed("push", "{\"ref\": \"refs/heads/main\"}")));
        assertEquals(List.of(), lifecycle(signed("ping", "not even json")));
    }

    @Test
    void refusesInvalidOrMissingSignatures() {
        String body = installationEvent("deleted");
        String forged = WebhookSignature.sign(body.getBytes(StandardCharsets.UTF_8), SecretValue.of("guess"));

        for (WebhookRequest request : List.of(delivery("installation", body, forged),
                delivery("installation", body, null), delivery("installation", body, "sha256=")) ) {
            assertEquals(Reason.UNAUTHORIZED, assertThrows(ProviderException.class, () -> lifecycle(request)).reason());
        }
    }

    @Test
    void fallsBackToTheConfiguredWebhookSecretAndRefusesWithoutAny() throws ProviderException {
        WebhookRequest request = signed("installation", installationEvent("suspend"));

        assertEquals(1, adapter.lifecycleEvents(request, null, context(null)).size());
        assertEquals(1, adapter.lifecycleEvents(request, SecretValue.EMPTY, context(null)).size());
        ProviderContext noSecret = new ProviderContext("org-1", null, null, Map.of(), clock);
        assertEquals(Reason.UNAUTHORIZED, assertThrows(ProviderException.class,
                () -> adapter.lifecycleEvents(request, null, noSecret)).reason());
    }

    @Test
    void aSignedButMalformedInstallationEventIsABadResponse() {
        assertEquals(Reason.BAD_RESPONSE, assertThrows(ProviderException.class,
                () -> lifecycle(signed("installation", "{\"action\": \"deleted\"}"))).reason());
        assertEquals(Reason.BAD_RESPONSE, assertThrows(ProviderException.class,
                () -> lifecycle(signed("installation", "{oops"))).reason());
    }

    @Test
    void aDeletedInstallationDropsItsCachedToken() throws ProviderException {
        stubToken(INSTALLATION, "ghs_before", START.plus(Duration.ofHours(1)));
        adapter.resolveToken(context(INSTALLATION));

        lifecycle(signed("installation", installationEvent("deleted")));
        adapter.resolveToken(context(INSTALLATION));

        GITHUB.verify(2, postRequestedFor(urlEqualTo("/app/installations/" + INSTALLATION + "/access_tokens")));
    }

    // --- verifyInstallationClaim: the user authorization of the setup redirect ---

    static final String USER_TOKEN = "ghu_UserTokenValue0001";
    static final String APP_CLIENT_SECRET = "app-client-secret-0002";

    private ProviderContext claimContext() {
        return context(INSTALLATION).withClient(new OAuthClient("Iv1.appclient", SecretValue.of(APP_CLIENT_SECRET)));
    }

    private static CodeExchange userCode(String code) {
        return new CodeExchange(SecretValue.of(code), URI.create("https://switchboard.example/api/v1/integrations/oauth/callback"), null);
    }

    private static void stubUserToken() {
        GITHUB.stubFor(post(urlEqualTo("/login/oauth/access_token"))
                .willReturn(json(200, """
                        {"access_token": "%s", "expires_in": 28800, "refresh_token": "ghr_x",
                         "refresh_token_expires_in": 15811200, "scope": "", "token_type": "bearer"}""".formatted(USER_TOKEN))));
    }

    private static void stubUserInstallations(String query, String ids, String nextLink) {
        StringBuilder items = new StringBuilder();
        for (String id : ids.split(",")) {
            if (!id.isEmpty()) {
                items.append(items.length() == 0 ? "" : ", ").append("""
                        {"id": %s, "account": {"login": "octocat", "type": "User"}, "app_id": 123456}""".formatted(id));
            }
        }
        var response = json(200, "{\"total_count\": 3, \"installations\": [" + items + "]}");
        if (nextLink != null) {
            response = response.withHeader("Link", "<" + nextLink + ">; rel=\"next\"");
        }
        GITHUB.stubFor(get(urlEqualTo("/user/installations" + query)).willReturn(response));
    }

    @Test
    void aClaimOfAnInstallationTheUserCanAccessIsVerified() throws Exception {
        stubUserToken();
        stubUserInstallations("?per_page=100", "99," + INSTALLATION, null);

        assertTrue(adapter.verifiesInstallationClaims());
        adapter.verifyInstallationClaim(INSTALLATION, userCode("code-ok"), claimContext());

        LoggedRequest exchange = GITHUB.findAll(postRequestedFor(urlEqualTo("/login/oauth/access_token"))).get(0);
        String form = exchange.getBodyAsString();
        assertTrue(form.contains("client_id=Iv1.appclient"), form);
        assertTrue(form.contains("client_secret=" + APP_CLIENT_SECRET), form);
        assertTrue(form.contains("code=code-ok"), form);
        assertFalse(form.contains("redirect_uri"), form);
        assertEquals("application/json", exchange.getHeader("Accept"));
        GITHUB.verify(1, getRequestedFor(urlPathEqualTo("/user/installations"))
                .withHeader("Authorization", equalTo("Bearer " + USER_TOKEN)));
        assertTrue(tokenRequests(INSTALLATION).isEmpty(), "no installation token is minted to verify a claim");
    }

    @Test
    void aClaimOfAnInstallationTheUserCannotAccessIsUnauthorized() {
        stubUserToken();
        stubUserInstallations("?per_page=100", "99", null);

        ProviderException failure = assertThrows(ProviderException.class,
                () -> adapter.verifyInstallationClaim(INSTALLATION, userCode("code-ok"), claimContext()));

        assertEquals(Reason.UNAUTHORIZED, failure.reason());
        assertFalse(failure.getMessage().contains(USER_TOKEN));
    }

    @Test
    void aBadCodeIsAnInvalidGrantAndListsNothing() {
        GITHUB.stubFor(post(urlEqualTo("/login/oauth/access_token")).willReturn(json(200, """
                {"error": "bad_verification_code", "error_description": "The code passed is incorrect or expired.",
                 "error_uri": "https://docs.github.com/apps/troubleshooting"}""")));

        ProviderException failure = assertThrows(ProviderException.class,
                () -> adapter.verifyInstallationClaim(INSTALLATION, userCode("code-bad"), claimContext()));

        assertEquals(Reason.INVALID_GRANT, failure.reason());
        assertFalse(failure.getMessage().contains("code-bad"));
        GITHUB.verify(0, getRequestedFor(urlPathEqualTo("/user/installations")));
    }

    @Test
    void rejectedClientCredentialsAreAConfigurationProblemNotADenial() {
        GITHUB.stubFor(post(urlEqualTo("/login/oauth/access_token"))
                .willReturn(json(200, "{\"error\": \"incorrect_client_credentials\"}")));

        ProviderException failure = assertThrows(ProviderException.class,
                () -> adapter.verifyInstallationClaim(INSTALLATION, userCode("code-ok"), claimContext()));

        assertEquals(Reason.BAD_RESPONSE, failure.reason());
        assertFalse(failure.getMessage().contains(APP_CLIENT_SECRET));
    }

    @Test
    void withoutAnOAuthClientNothingIsSent() {
        ProviderException failure = assertThrows(ProviderException.class,
                () -> adapter.verifyInstallationClaim(INSTALLATION, userCode("code-ok"), context(INSTALLATION)));

        assertEquals(Reason.BAD_RESPONSE, failure.reason());
        assertTrue(failure.getMessage().contains("oauth.github-app.clientId"), failure.getMessage());
        assertTrue(GITHUB.getAllServeEvents().isEmpty());
    }

    @Test
    void verificationFollowsPagesOnTheApiOriginOnly() throws Exception {
        stubUserToken();
        String page2 = GITHUB.baseUrl() + "/user/installations?per_page=100&page=2";
        stubUserInstallations("?per_page=100", "1,2", page2);
        stubUserInstallations("?per_page=100&page=2", INSTALLATION, null);

        adapter.verifyInstallationClaim(INSTALLATION, userCode("code-ok"), claimContext());
        GITHUB.verify(2, getRequestedFor(urlPathEqualTo("/user/installations"))
                .withHeader("Authorization", equalTo("Bearer " + USER_TOKEN)));

        GITHUB.resetRequests();
        stubUserInstallations("?per_page=100", "1,2", "https://evil.example.com/user/installations?page=2");
        ProviderException failure = assertThrows(ProviderException.class,
                () -> adapter.verifyInstallationClaim(INSTALLATION, userCode("code-ok"), claimContext()));
        assertEquals(Reason.UNAUTHORIZED, failure.reason());
        GITHUB.verify(1, getRequestedFor(urlPathEqualTo("/user/installations")));
    }

    @Test
    void verificationReadsAtMostTenPages() {
        stubUserToken();
        String self = GITHUB.baseUrl() + "/user/installations?per_page=100";
        stubUserInstallations("?per_page=100", "1", self);

        ProviderException failure = assertThrows(ProviderException.class,
                () -> adapter.verifyInstallationClaim(INSTALLATION, userCode("code-ok"), claimContext()));

        assertEquals(Reason.UNAUTHORIZED, failure.reason());
        GITHUB.verify(10, getRequestedFor(urlPathEqualTo("/user/installations")));
    }

    @Test
    void aClaimOfAMalformedInstallationIdSendsNothing() {
        ProviderException failure = assertThrows(ProviderException.class,
                () -> adapter.verifyInstallationClaim("../app", userCode("code-ok"), claimContext()));

        assertEquals(Reason.BAD_RESPONSE, failure.reason());
        assertTrue(GITHUB.getAllServeEvents().isEmpty());
    }
}
