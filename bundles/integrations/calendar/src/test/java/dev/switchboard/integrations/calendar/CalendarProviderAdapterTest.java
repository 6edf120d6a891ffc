package dev.switchboard.integrations.calendar;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.switchboard.spi.AccessToken;
import dev.switchboard.spi.SecretValue;
import dev.switchboard.spi.provider.AuthKind;
import dev.switchboard.spi.provider.CredentialsRejectedException;
import dev.switchboard.spi.provider.ProviderAdapter;
import dev.switchboard.spi.provider.ProviderContext;
import dev.switchboard.spi.provider.TokenSet;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Validation on save against feeds served by WireMock: limits, redirects, addresses, the rules. */
class CalendarProviderAdapterTest {

    private static final WireMockServer SERVER = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    private static final ProviderContext CONTEXT = new ProviderContext("org-1", null, null, Map.of(), Clock.systemUTC());
    /** Tests: plain http to WireMock on localhost, short time limit, small size limit. */
    private static final CalendarSettings TEST = new CalendarSettings(Duration.ofSeconds(8), 64 * 1024, 2, true, true);
    /** For the time-limit tests: a limit well below the server's delay. */
    private static final CalendarSettings QUICK = new CalendarSettings(Duration.ofSeconds(1), 64 * 1024, 2, true, true);

    @BeforeAll
    static void start() {
        SERVER.start();
    }

    @AfterAll
    static void stop() {
        SERVER.stop();
    }

    @BeforeEach
    void reset() {
        SERVER.resetAll();
    }

    private static String url(String path) {
        return "http://localhost:" + SERVER.port() + path;
    }

    private static void serve(String path, String feed) {
        SERVER.stubFor(get(urlEqualTo(path)).willReturn(aResponse().withHeader("Content-Type", "text/calendar; charset=utf-8")
                .withBody(feed)));
    }

    private static TokenSet accept(CalendarProviderAdapter adapter, String url, String provider) throws Exception {
        Map<String, SecretValue> credentials = new HashMap<>();
        credentials.put("url", SecretValue.of(url));
        if (provider != null) {
            credentials.put("provider", SecretValue.of(provider));
        }
        return adapter.acceptCredentials(credentials, CONTEXT);
    }

    private static CredentialsRejectedException refused(CalendarProviderAdapter adapter, String url) {
        return assertThrows(CredentialsRejectedException.class, () -> accept(adapter, url, null));
    }

    @Test
    void aFreeBusyFeedIsAcceptedAndStoredAsTheCredential() throws Exception {
        serve("/calendar/ical/jane/private-abc/basic.ics", Feeds.text("google-free-busy.ics"));
        TokenSet tokens = accept(new CalendarProviderAdapter(TEST), url("/calendar/ical/jane/private-abc/basic.ics"), "google");
        assertEquals(url("/calendar/ical/jane/private-abc/basic.ics"), tokens.accessToken().reveal());
        assertEquals("ical-google", tokens.extra().get(ProviderAdapter.EXTRA_TOKEN_TYPE));
        assertEquals("Google Calendar (localhost)", tokens.extra().get(ProviderAdapter.EXTRA_DISPLAY_NAME));
        assertFalse(tokens.toString().contains("private-abc"));
        SERVER.verify(1, getRequestedFor(urlEqualTo("/calendar/ical/jane/private-abc/basic.ics")));
    }

    @Test
    void theProviderIsInferredFromTheHostWhenNotGiven() throws Exception {
        serve("/owa/calendar/x/reachcalendar.ics", Feeds.text("outlook-free-busy.ics"));
        TokenSet tokens = accept(new CalendarProviderAdapter(TEST), url("/owa/calendar/x/reachcalendar.ics"), null);
        assertEquals("ical-other", tokens.extra().get(ProviderAdapter.EXTRA_TOKEN_TYPE));
        assertEquals(CalendarProvider.GOOGLE, CalendarProvider.inferFrom(java.net.URI.create(
                "https://calendar.google.com/calendar/ical/a%40b.com/private-x/basic.ics")));
        assertEquals(CalendarProvider.OUTLOOK, CalendarProvider.inferFrom(java.net.URI.create(
                "https://outlook.office365.com/owa/calendar/1/2/reachcalendar.ics")));
        assertEquals(CalendarProvider.OUTLOOK, CalendarProvider.inferFrom(java.net.URI.create(
                "https://outlook.live.com/owa/calendar/1/2/calendar.ics")));
    }

    @Test
    void anUnknownProviderIsRefusedBeforeAnyFetch() {
        CredentialsRejectedException e = assertThrows(CredentialsRejectedException.class,
                () -> accept(new CalendarProviderAdapter(TEST), url("/x.ics"), "yahoo"));
        assertEquals(CalendarConstants.PROVIDER_INVALID, e.code());
        SERVER.verify(0, getRequestedFor(urlPathMatching(".*")));
    }

    @Test
    void fullDetailAndBypassFeedsAreRefusedWithTheSeedsMessage() {
        serve("/full.ics", Feeds.text("google-full-detail.ics"));
        serve("/bypass.ics", Feeds.text("busy-dentist.ics"));
        CalendarProviderAdapter adapter = new CalendarProviderAdapter(TEST);
        CredentialsRejectedException full = refused(adapter, url("/full.ics"));
        assertEquals("calendar_not_free_busy", full.code());
        assertEquals("url", full.field());
        assertEquals("Calendar contains attendees. Please re-publish with \"free/busy only\" permission.", full.getMessage());
        CredentialsRejectedException bypass = refused(adapter, url("/bypass.ics"));
        assertEquals("Calendar contains event titles. Please re-publish with \"free/busy only\" permission.",
                bypass.getMessage());
    }

    @Test
    void anHtmlPageIsNotACalendar() {
        serve("/login", "<html><body>Sign in to see this calendar</body></html>");
        assertEquals(CalendarConstants.NOT_A_CALENDAR, refused(new CalendarProviderAdapter(TEST), url("/login")).code());
    }

    @Test
    void errorStatusesFailTheFetch() {
        SERVER.stubFor(get(urlEqualTo("/gone.ics")).willReturn(aResponse().withStatus(404).withBody("secret-echo")));
        CredentialsRejectedException e = refused(new CalendarProviderAdapter(TEST), url("/gone.ics"));
        assertEquals(CalendarConstants.FETCH_FAILED, e.code());
        assertTrue(e.getMessage().contains("404"));
        assertFalse(e.getMessage().contains("secret-echo"));
        assertFalse(e.getMessage().contains("gone.ics"));
    }

    @Test
    void anOversizedFeedIsRefusedWhetherDeclaredOrStreamed() {
        String big = Feeds.calendar("SUMMARY:Busy") + "X-PAD:" + "x".repeat(70 * 1024) + "\r\n";
        serve("/big.ics", big);
        CalendarProviderAdapter adapter = new CalendarProviderAdapter(TEST);
        CredentialsRejectedException declared = refused(adapter, url("/big.ics"));
        assertEquals(CalendarConstants.TOO_LARGE, declared.code(), declared.getMessage());
        SERVER.stubFor(get(urlEqualTo("/chunked.ics")).willReturn(aResponse().withBody(big)
                .withChunkedDribbleDelay(20, 200)));
        assertEquals(CalendarConstants.TOO_LARGE, refused(adapter, url("/chunked.ics")).code());
    }

    @Test
    void aSlowServerRunsIntoTheTimeLimit() {
        SERVER.stubFor(get(urlEqualTo("/slow.ics")).willReturn(aResponse().withBody(Feeds.calendar("SUMMARY:Busy"))
                .withFixedDelay(10_000)));
        long start = System.nanoTime();
        CredentialsRejectedException e = refused(new CalendarProviderAdapter(QUICK), url("/slow.ics"));
        assertEquals(CalendarConstants.FETCH_FAILED, e.code());
        assertTrue(e.getMessage().contains("did not answer within 1 second."), e.getMessage());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofMillis(8_000)) < 0);
    }

    @Test
    void aBodyThatDribblesPastTheTimeLimitIsCutOff() {
        SERVER.stubFor(get(urlEqualTo("/dribble.ics")).willReturn(aResponse().withBody(Feeds.calendar("SUMMARY:Busy"))
                .withChunkedDribbleDelay(10, 10_000)));
        long start = System.nanoTime();
        assertEquals(CalendarConstants.FETCH_FAILED, refused(new CalendarProviderAdapter(QUICK), url("/dribble.ics")).code());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofMillis(8_000)) < 0);
    }

    @Test
    void redirectsAreFollowedUpToTheLimit() throws Exception {
        SERVER.stubFor(get(urlEqualTo("/a.ics")).willReturn(aResponse().withStatus(302).withHeader("Location", "/b.ics")));
        SERVER.stubFor(get(urlEqualTo("/b.ics")).willReturn(aResponse().withStatus(301).withHeader("Location", url("/c.ics"))));
        serve("/c.ics", Feeds.text("google-free-busy.ics"));
        CalendarProviderAdapter adapter = new CalendarProviderAdapter(TEST);
        TokenSet tokens = accept(adapter, url("/a.ics"), null);
        assertEquals(url("/a.ics"), tokens.accessToken().reveal());
        SERVER.stubFor(get(urlEqualTo("/loop.ics")).willReturn(aResponse().withStatus(302).withHeader("Location", "/loop.ics")));
        assertEquals(CalendarConstants.FETCH_FAILED, refused(adapter, url("/loop.ics")).code());
        SERVER.verify(3, getRequestedFor(urlEqualTo("/loop.ics")));
    }

    @Test
    void aRedirectToARefusedAddressIsCheckedAgainAndNotFollowed() {
        SERVER.stubFor(get(urlEqualTo("/hop.ics")).willReturn(aResponse().withStatus(302)
                .withHeader("Location", "http://127.0.0.1:" + SERVER.port() + "/internal.ics")));
        serve("/internal.ics", Feeds.text("google-free-busy.ics"));
        // "localhost" stands in for a public host; the literal loopback address of the redirect is refused
        AddressPolicy onlyTheNamedHost = (host, address) -> host.equals("localhost");
        CalendarProviderAdapter adapter = new CalendarProviderAdapter(new FeedFetcher(FeedFetcher.newClient(TEST), TEST,
                onlyTheNamedHost, InetAddress::getAllByName));
        assertEquals(CalendarConstants.URL_REFUSED, refused(adapter, url("/hop.ics")).code());
        SERVER.verify(0, getRequestedFor(urlEqualTo("/internal.ics")));
    }

    @Test
    void aDowngradeToHttpIsRefusedWhenOnlyHttpsIsAllowed() throws Exception {
        CalendarSettings httpsOnly = new CalendarSettings(Duration.ofSeconds(8), 64 * 1024, 2, false, true);
        FeedFetcher fetcher = new FeedFetcher(FeedFetcher.newClient(httpsOnly), httpsOnly);
        CalendarFeedException e = assertThrows(CalendarFeedException.class, () -> fetcher.parse(url("/x.ics")));
        assertEquals(CalendarConstants.URL_INVALID, e.code());
        assertEquals("https://calendar.example/x.ics", fetcher.parse("webcal://calendar.example/x.ics").toString());
        assertEquals("https://calendar.google.com/calendar/ical/jane%40example.com/private-1/basic.ics", fetcher.parse(
                "webcal://calendar.google.com/calendar/ical/jane%40example.com/private-1/basic.ics").toString());
        for (String bad : List.of("", "not a url", "ftp://calendar.example/x.ics", "https://user:pw@calendar.example/x",
                "https:///x.ics", "mailto:a@b.c", "https://" + "a".repeat(3000) + ".example/")) {
            assertEquals(CalendarConstants.URL_INVALID,
                    assertThrows(CalendarFeedException.class, () -> fetcher.parse(bad)).code(), bad);
        }
    }

    @Test
    void privateAddressesAreRefusedWithTheSwitchOffAndNothingIsRequested() {
        CalendarSettings publicOnly = new CalendarSettings(Duration.ofSeconds(8), 64 * 1024, 2, true, false);
        serve("/feed.ics", Feeds.text("google-free-busy.ics"));
        CalendarProviderAdapter adapter = new CalendarProviderAdapter(publicOnly);
        for (String url : List.of(url("/feed.ics"), "http://127.0.0.1:" + SERVER.port() + "/feed.ics",
                "http://[::1]:" + SERVER.port() + "/feed.ics", "http://0.0.0.0:" + SERVER.port() + "/feed.ics",
                "http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/x.ics", "http://192.168.1.1/x.ics",
                "http://[fd00::1]/x.ics", "http://[::ffff:127.0.0.1]/x.ics")) {
            CredentialsRejectedException e = refused(adapter, url);
            assertEquals(CalendarConstants.URL_REFUSED, e.code(), url);
            assertFalse(e.getMessage().contains("127.0.0.1"));
        }
        SERVER.verify(0, getRequestedFor(urlPathMatching(".*")));
    }

    @Test
    void addressClassification() throws Exception {
        for (String refused : List.of("127.0.0.1", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.0.1",
                "169.254.169.254", "0.0.0.0", "100.64.0.1", "224.0.0.1", "255.255.255.255", "198.18.0.1", "::1", "::",
                "fe80::1", "fc00::1", "fd12:3456::1", "fec0::1", "ff02::1", "::ffff:10.0.0.1", "64:ff9b::a00:1",
                "2002:c0a8:101::1", "2001:db8::1")) {
            assertFalse(AddressPolicy.isPublic(InetAddress.getByName(refused)), refused);
        }
        for (String allowed : List.of("8.8.8.8", "142.250.74.46", "172.32.0.1", "100.128.0.1", "2a00:1450:4001:80b::200e",
                "64:ff9b::808:808")) {
            assertTrue(AddressPolicy.isPublic(InetAddress.getByName(allowed)), allowed);
        }
    }

    @Test
    void skillVariablesCarryTheUrlAndTheRememberedProvider() throws Exception {
        CalendarProviderAdapter adapter = new CalendarProviderAdapter(TEST);
        assertEquals(AuthKind.API_KEY, adapter.authKind());
        assertEquals(Set.of("calendar"), adapter.satisfiedCapabilities());
        assertEquals(List.of("CALENDAR_ICAL_URL", "CALENDAR_PROVIDER"),
                adapter.skillVariables().stream().map(v -> v.name()).toList());
        String feed = "https://calendar.example/private.ics";
        Map<String, SecretValue> values = adapter.skillVariableValues(CONTEXT,
                new AccessToken(SecretValue.of(feed), "ical-outlook", null));
        assertEquals(feed, values.get("CALENDAR_ICAL_URL").reveal());
        assertEquals("outlook", values.get("CALENDAR_PROVIDER").reveal());
        Map<String, SecretValue> inferred = adapter.skillVariableValues(CONTEXT, AccessToken.bearer(
                "https://calendar.google.com/calendar/ical/x/private-y/basic.ics"));
        assertEquals("google", inferred.get("CALENDAR_PROVIDER").reveal());
        assertEquals(Map.of(), adapter.skillVariableValues(CONTEXT, AccessToken.NONE));
    }

    @Test
    void settingsComeFromConfigurationWithSafeDefaults() {
        assertEquals(CalendarSettings.DEFAULTS, CalendarSettings.from(Map.of()));
        assertEquals(Duration.ofSeconds(10), CalendarSettings.DEFAULTS.fetchTimeout());
        assertEquals(2 * 1024 * 1024, CalendarSettings.DEFAULTS.maxFeedBytes());
        assertFalse(CalendarSettings.DEFAULTS.allowHttp());
        assertFalse(CalendarSettings.DEFAULTS.allowPrivateAddresses());
        CalendarSettings custom = CalendarSettings.from(Map.of("fetchTimeoutSeconds", "5", "allowPrivateAddresses", "true"));
        assertEquals(Duration.ofSeconds(5), custom.fetchTimeout());
        assertTrue(custom.allowPrivateAddresses());
        assertThrows(IllegalArgumentException.class, () -> CalendarSettings.from(Map.of("fetchTimeoutSeconds", "600")));
    }
}
