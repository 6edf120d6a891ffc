package dev.switchboard.integrations.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.switchboard.core.plugins.testing.TestPluginRegistry;
import dev.switchboard.foundation.Transaction;
import dev.switchboard.foundation.internal.CalendarTestSchema;
import dev.switchboard.foundation.internal.UnitOfWorkService;
import dev.switchboard.foundation.testing.TestDatabase;
import dev.switchboard.identity.AuditLog;
import dev.switchboard.integrations.Integration;
import dev.switchboard.integrations.calendar.CalendarProviderAdapter;
import dev.switchboard.rest.ApiProblem;
import dev.switchboard.rest.Caller;
import dev.switchboard.rest.Role;
import dev.switchboard.secrets.internal.TestCiphers;
import dev.switchboard.spi.AccessToken;
import dev.switchboard.spi.SecretValue;
import dev.switchboard.spi.provider.ProviderContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Connecting a calendar through the integrations core with real PostgreSQL: a free/busy feed is stored sealed and
 * renders its variables; a bad feed stores nothing; replacing the URL is checked the same way.
 */
class CalendarConnectFlowTest {

    @RegisterExtension
    static final TestDatabase DB = TestDatabase.create().withSchema(CalendarTestSchema::apply);

    private static final WireMockServer FEEDS = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    private static final String SECRET_PATH = "/calendar/ical/jane%40example.com/private-5ecr3t/basic.ics";

    private final List<String> audited = new CopyOnWriteArrayList<>();
    private final TestPluginRegistry registry = new TestPluginRegistry();
    private CredentialConnections connections;
    private IntegrationService integrations;
    private TokenResolverService resolver;
    private IntegrationLookupService lookup;
    private UUID organizationId;
    private Caller member;
    private Caller otherMember;

    @BeforeAll
    static void startFeeds() {
        FEEDS.start();
    }

    @AfterAll
    static void stopFeeds() {
        FEEDS.stop();
    }

    @BeforeEach
    void setUp() {
        FEEDS.resetAll();
        DB.execute("TRUNCATE integrations, oauth_states, oauth_apps, organizations, users CASCADE");
        organizationId = UUID.randomUUID();
        member = user(Role.MEMBER);
        otherMember = user(Role.MEMBER);
        // tests fetch from WireMock: plain http on localhost
        registry.put("calendar-ical", new CalendarProviderAdapter(Map.of("allowHttp", "true",
                "allowPrivateAddresses", "true", "fetchTimeoutSeconds", "5")));
        IntegrationsStore store = new IntegrationsStore(new UnitOfWorkService(DB.dataSource()));
        var cipher = TestCiphers.cipher("k1:" + TestCiphers.newKey(), "k1");
        Providers providers = new Providers(registry, store, cipher, new IntegrationsSettings(Map.of("stateSigningKey", "0123456789abcdef0123456789abcdef-test")),
                java.time.Clock.systemUTC());
        AdapterCalls calls = new AdapterCalls(Duration.ofSeconds(30));
        AuditLog audit = new AuditLog() {
            @Override
            public void record(Transaction tx, UUID org, Caller actor, String action, String targetType, String targetId,
                               Map<String, Object> details) {
                audited.add(action + " " + details);
            }
        };
        resolver = new TokenResolverService(store, providers, cipher, audit, calls);
        connections = new CredentialConnections(store, providers, cipher, audit, calls, resolver);
        integrations = new IntegrationService(store, providers, cipher, audit, calls, resolver);
        lookup = new IntegrationLookupService(store);
    }

    private Caller user(Role role) {
        UUID userId = UUID.randomUUID();
        DB.execute("INSERT INTO organizations (id, name, slug) VALUES ('" + organizationId + "', 'o', 'o-" + organizationId
                + "') ON CONFLICT DO NOTHING");
        DB.execute("INSERT INTO users (id, email, name) VALUES ('" + userId + "', '" + userId + "@example.com', 'u')");
        DB.execute("INSERT INTO members (organization_id, user_id, role) VALUES ('" + organizationId + "', '" + userId
                + "', '" + role.wireName() + "')");
        return new Caller(Caller.Kind.API_KEY, userId, organizationId, role, null, null, UUID.randomUUID(), false);
    }

    private static void serve(String path, String feed) {
        FEEDS.stubFor(get(urlEqualTo(path)).willReturn(aResponse().withHeader("Content-Type", "text/calendar")
                .withBody(feed)));
    }

    private static String feedUrl(String path) {
        return "http://localhost:" + FEEDS.port() + path;
    }

    private IntegrationView connect(Caller caller, String url, String provider) {
        Map<String, String> credentials = provider == null ? Map.of("url", url) : Map.of("url", url, "provider", provider);
        // no visibility given: what a person enters is private unless they share it
        return connections.create(caller, new CredentialConnections.CreateRequest("calendar-ical", credentials, null,
                null));
    }

    private long rows() {
        return ((Number) DB.queryValue("SELECT count(*) FROM integrations")).longValue();
    }

    private static String text(String name) throws Exception {
        try (var in = CalendarConnectFlowTest.class.getResourceAsStream("/feeds/" + name)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void aFreeBusyFeedIsStoredSealedAndRendersItsVariables() throws Exception {
        serve(SECRET_PATH, text("google-free-busy.ics"));
        IntegrationView view = connect(member, feedUrl(SECRET_PATH), "google");

        assertEquals("calendar", view.service());
        assertEquals("private", view.visibility(), "private unless shared");
        assertEquals("active", view.status());
        assertEquals("Google Calendar (localhost)", view.displayName());
        String json = new ObjectMapper().writeValueAsString(view);
        assertFalse(json.contains("5ecr3t"), json);
        String ciphertext = (String) DB.queryValue("SELECT tokens_ciphertext FROM integrations WHERE id = '" + view.id() + "'");
        assertNotNull(ciphertext);
        assertFalse(ciphertext.contains("5ecr3t"));
        assertTrue(audited.stream().noneMatch(entry -> entry.contains("5ecr3t")));
        assertEquals(1, audited.size());

        AccessToken token = resolver.resolve(organizationId, view.id());
        assertEquals(feedUrl(SECRET_PATH), token.value().reveal());
        assertEquals("ical-google", token.type());
        Integration integration = lookup.get(organizationId, view.id()).orElseThrow();
        ProviderContext context = new ProviderContext(organizationId.toString(), view.id().toString(),
                integration.connectionId(), Map.of(), java.time.Clock.systemUTC());
        Map<String, SecretValue> values = registry.require(dev.switchboard.spi.provider.ProviderAdapter.class,
                "calendar-ical").skillVariableValues(context, token);
        assertEquals(feedUrl(SECRET_PATH), values.get("CALENDAR_ICAL_URL").reveal());
        assertEquals("google", values.get("CALENDAR_PROVIDER").reveal());
        IntegrationView shared = connections.create(member, new CredentialConnections.CreateRequest("calendar-ical",
                Map.of("url", feedUrl(SECRET_PATH)), null, "org"));
        assertEquals("org", shared.visibility(), "shared when the person says so");
    }

    @Test
    void aFeedWithDetailsIsRefusedAndNothingIsStored() throws Exception {
        serve("/full.ics", text("google-full-detail.ics"));
        serve("/bypass.ics", text("busy-dentist.ics"));
        ApiProblem full = assertThrows(ApiProblem.class, () -> connect(member, feedUrl("/full.ics"), null));
        assertEquals(400, full.status());
        assertEquals("calendar_not_free_busy", full.code());
        assertEquals("Calendar contains attendees. Please re-publish with \"free/busy only\" permission.", full.getMessage());
        assertEquals("credentials.url", full.errors().get(0).field());
        ApiProblem bypass = assertThrows(ApiProblem.class, () -> connect(member, feedUrl("/bypass.ics"), null));
        assertEquals("Calendar contains event titles. Please re-publish with \"free/busy only\" permission.",
                bypass.getMessage());
        assertEquals(0, rows());
        assertTrue(audited.isEmpty());
    }

    @Test
    void unreachableOrInvalidFeedsAreRefusedAndNothingIsStored() {
        FEEDS.stubFor(get(urlEqualTo("/slow.ics")).willReturn(aResponse().withBody("BEGIN:VCALENDAR").withFixedDelay(10_000)));
        assertEquals("calendar_fetch_failed", assertThrows(ApiProblem.class,
                () -> connect(member, feedUrl("/slow.ics"), null)).code());
        assertEquals("calendar_url_invalid", assertThrows(ApiProblem.class,
                () -> connect(member, "ftp://calendar.example/x.ics", null)).code());
        assertEquals("calendar_provider_invalid", assertThrows(ApiProblem.class,
                () -> connect(member, feedUrl("/x.ics"), "yahoo")).code());
        assertEquals("invalid_credentials", assertThrows(ApiProblem.class, () -> connections.create(member,
                new CredentialConnections.CreateRequest("calendar-ical", Map.of(), null, null))).code());
        assertEquals(0, rows());
    }

    @Test
    void replacingTheUrlIsCheckedAgainAndOnlyTheCreatorMayDoIt() throws Exception {
        serve(SECRET_PATH, text("google-free-busy.ics"));
        serve("/outlook.ics", text("outlook-free-busy.ics"));
        serve("/full.ics", text("outlook-full-detail.ics"));
        UUID id = connect(member, feedUrl(SECRET_PATH), null).id();
        String before = (String) DB.queryValue("SELECT tokens_ciphertext FROM integrations WHERE id = '" + id + "'");

        ApiProblem refused = assertThrows(ApiProblem.class, () -> connections.replace(member, id,
                new CredentialConnections.CredentialsUpdate(Map.of("url", feedUrl("/full.ics")))));
        assertEquals("calendar_not_free_busy", refused.code());
        assertEquals(before, DB.queryValue("SELECT tokens_ciphertext FROM integrations WHERE id = '" + id + "'"));
        // another member does not even see a private integration
        assertEquals(404, assertThrows(ApiProblem.class, () -> connections.replace(otherMember, id,
                new CredentialConnections.CredentialsUpdate(Map.of("url", feedUrl("/outlook.ics"))))).status());

        IntegrationView replaced = connections.replace(member, id, new CredentialConnections.CredentialsUpdate(
                Map.of("url", feedUrl("/outlook.ics"), "provider", "outlook")));
        assertEquals(id, replaced.id());
        AccessToken token = resolver.resolve(organizationId, id);
        assertEquals(feedUrl("/outlook.ics"), token.value().reveal());
        assertEquals("ical-outlook", token.type());
        assertEquals(1, rows());
    }

    @Test
    void aDisconnectWhileTheNewUrlIsCheckedWinsAndNothingChanges() throws Exception {
        serve(SECRET_PATH, text("google-free-busy.ics"));
        FEEDS.stubFor(get(urlEqualTo("/slow.ics")).willReturn(aResponse().withHeader("Content-Type", "text/calendar")
                .withBody(text("outlook-free-busy.ics")).withFixedDelay(1500)));
        UUID id = connect(member, feedUrl(SECRET_PATH), null).id();
        java.util.concurrent.CompletableFuture<IntegrationView> replacing = java.util.concurrent.CompletableFuture
                .supplyAsync(() -> connections.replace(member, id, new CredentialConnections.CredentialsUpdate(
                        Map.of("url", feedUrl("/slow.ics")))));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() ->
                !FEEDS.findAll(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(urlEqualTo("/slow.ics")))
                        .isEmpty());
        DB.execute("UPDATE integrations SET status = 'revoked' WHERE id = '" + id + "'");

        java.util.concurrent.ExecutionException failed = assertThrows(java.util.concurrent.ExecutionException.class,
                () -> replacing.get(30, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals("integration_changed", ((ApiProblem) failed.getCause()).code());
        assertEquals(409, ((ApiProblem) failed.getCause()).status());
        assertEquals("revoked", DB.queryValue("SELECT status FROM integrations WHERE id = '" + id + "'"));
    }

    @Test
    void theSecretAddressNeverReachesTheLog() throws Exception {
        serve(SECRET_PATH, text("google-free-busy.ics"));
        serve("/bypass-5ecr3t.ics", text("busy-dentist.ics"));
        java.io.PrintStream original = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            UUID id = connect(member, feedUrl(SECRET_PATH), null).id();
            assertThrows(ApiProblem.class, () -> connect(member, feedUrl("/bypass-5ecr3t.ics"), null));
            assertThrows(ApiProblem.class, () -> connect(member, "http://127.0.0.1:1/5ecr3t.ics", null));
            resolver.resolve(organizationId, id);
            connections.replace(member, id, new CredentialConnections.CredentialsUpdate(Map.of("url", feedUrl(SECRET_PATH))));
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(log.contains("calendar feed accepted"), log);
        assertTrue(log.contains("calendar_not_free_busy"), log);
        assertFalse(log.contains("5ecr3t"), log);
    }

    @Test
    void oauthAdaptersDoNotTakeEnteredCredentials() {
        assertEquals("provider_not_found", assertThrows(ApiProblem.class, () -> connections.create(member,
                new CredentialConnections.CreateRequest("nope", Map.of("url", "https://x.example"), null, null))).code());
        registry.put("some-oauth", new dev.switchboard.spi.provider.ProviderAdapter() {
            @Override
            public dev.switchboard.spi.PluginDescriptor descriptor() {
                return new dev.switchboard.spi.PluginDescriptor("some-oauth", "Some OAuth", "1.0.0", "", null,
                        java.util.Set.of());
            }

            @Override
            public String service() {
                return "some";
            }

            @Override
            public dev.switchboard.spi.provider.AuthKind authKind() {
                return dev.switchboard.spi.provider.AuthKind.OAUTH2;
            }
        });
        assertEquals("connect_not_supported", assertThrows(ApiProblem.class, () -> connections.create(member,
                new CredentialConnections.CreateRequest("some-oauth", Map.of("key", "x"), null, null))).code());
        assertTrue(integrations.list(member, null, dev.switchboard.rest.PageRequest.of(null, null)).items().isEmpty());
    }
}
