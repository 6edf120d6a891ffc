package dev.switchboard.triggers.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.foundation.internal.TriggersTestSchema;
import dev.switchboard.foundation.testing.TestDatabase;
import dev.switchboard.integrations.Integration;
import dev.switchboard.integrations.TokenResolver;
import dev.switchboard.spi.AccessToken;
import dev.switchboard.spi.PluginDescriptor;
import dev.switchboard.spi.trigger.ParsedContext;
import dev.switchboard.spi.trigger.PollResult;
import dev.switchboard.spi.trigger.TriggerContext;
import dev.switchboard.spi.trigger.TriggerEvent;
import dev.switchboard.spi.trigger.TriggerMode;
import dev.switchboard.spi.trigger.TriggerSource;
import dev.switchboard.spi.trigger.TriggerSourceException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PollerTest {

    @RegisterExtension
    static final TestDatabase DB = TestDatabase.create().withSchema(TriggersTestSchema::apply);

    private TriggersFixture fx;
    private FeedSource feed;
    private Tokens tokens;
    private Poller poller;
    private UUID org;
    private UUID automation;
    private Integration integration;

    @BeforeEach
    void setUp() throws Exception {
        fx = new TriggersFixture(DB);
        feed = new FeedSource();
        fx.registry.add(feed);
        tokens = new Tokens();
        TriggersConfig config = new TriggersConfig("http://localhost", true, 1, Duration.ofSeconds(5), Duration.ofSeconds(1),
                "*/5 * * * *", Duration.ofMillis(800), Duration.ofMillis(50), Duration.ofSeconds(30), Duration.ofSeconds(60));
        poller = new Poller(fx.store, fx.registry, tokens, fx.intake, config, fx.clock);
        org = fx.organization();
        automation = fx.automation(org, true);
        integration = fx.integration(org, "feed");
    }

    @AfterEach
    void tearDown() {
        poller.deactivate();
    }

    private Rows.TriggerRow polling(String config) {
        return fx.trigger(org, automation, "feed", "polling", config, "0123456789abcdef0123456789abcdef", integration.id(),
                true);
    }

    private String cursor(Rows.TriggerRow trigger) {
        return (String) DB.queryValue("SELECT polling_cursor FROM triggers WHERE id = '" + trigger.id() + "'");
    }

    private long events(Rows.TriggerRow trigger) {
        return fx.count("SELECT count(*) FROM trigger_events WHERE trigger_id = '" + trigger.id() + "'");
    }

    @Test
    void theFirstPollSeedsTheCursorAndReplaysNoHistory() {
        feed.items.add("old-1");
        Rows.TriggerRow trigger = polling("{}");

        assertEquals(Poller.Result.SEEDED, poller.poll(trigger.id()));
        assertEquals("1", cursor(trigger));
        assertEquals(0, events(trigger));

        feed.items.add("new-2");
        feed.items.add("new-3");
        assertEquals(Poller.Result.POLLED, poller.poll(trigger.id()));
        assertEquals(2, events(trigger));
        assertEquals(2, fx.count("SELECT count(*) FROM automation_runs WHERE trigger_id = '" + trigger.id() + "'"));
        assertEquals("3", cursor(trigger));
        assertNull(DB.queryValue("SELECT last_poll_error FROM triggers WHERE id = '" + trigger.id() + "'"));
    }

    @Test
    void aCursorIsNeverSavedPastEventsThatWereNotRecorded() {
        Rows.TriggerRow trigger = polling("{}");
        poller.poll(trigger.id());
        feed.items.add("fine");
        feed.items.add("poison");
        // the database refuses that item's row (a fault injected for this test): recording fails
        DB.execute("CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                + " IF NEW.external_event_id = 'poison' THEN RAISE EXCEPTION 'refused by the test'; END IF;"
                + " RETURN NEW; END $$");
        DB.execute("CREATE TRIGGER refuse_poison BEFORE INSERT ON trigger_events FOR EACH ROW"
                + " EXECUTE FUNCTION refuse_poison()");
        try {
            assertEquals(Poller.Result.FAILED, poller.poll(trigger.id()));
        } finally {
            DB.execute("DROP TRIGGER refuse_poison ON trigger_events");
            DB.execute("DROP FUNCTION refuse_poison()");
        }
        assertEquals("0", cursor(trigger), "the next poll brings both again (the one recorded is a duplicate then)");
        assertEquals(0, fx.count("SELECT count(*) FROM trigger_events WHERE trigger_id = '" + trigger.id() + "'"
                + " AND external_event_id = 'poison'"));
    }

    @Test
    void aNulCharacterInAPolledItemIsStoredAsTheReplacementCharacter() {
        Rows.TriggerRow trigger = polling("{}");
        poller.poll(trigger.id());
        feed.items.add("nul\u0000byte");   // PostgreSQL cannot store U+0000, in text or in jsonb
        assertEquals(Poller.Result.POLLED, poller.poll(trigger.id()));
        assertEquals(1, fx.count("SELECT count(*) FROM trigger_events WHERE trigger_id = '" + trigger.id() + "'"
                + " AND external_event_id = 'nul\ufffdbyte'"));
        assertEquals("1", cursor(trigger));
    }

    @Test
    void aRejectedTokenIsRefreshedOnceAndThePollSucceeds() {
        Rows.TriggerRow trigger = polling("{}");
        poller.poll(trigger.id());
        feed.items.add("x");
        feed.rejectToken = "token-1";
        assertEquals(Poller.Result.POLLED, poller.poll(trigger.id()));
        assertEquals(1, tokens.refreshes.get());
        assertEquals(1, events(trigger));
    }

    @Test
    void anUnavailableServiceIsTriedTwiceThenTheFailureIsKeptAndTheCursorStays() {
        Rows.TriggerRow trigger = polling("{}");
        poller.poll(trigger.id());
        feed.items.add("x");
        feed.failures.set(2);
        assertEquals(Poller.Result.FAILED, poller.poll(trigger.id()));
        assertEquals(2, feed.polls.get());
        assertEquals("0", cursor(trigger));
        assertTrue(((String) DB.queryValue("SELECT last_poll_error FROM triggers WHERE id = '" + trigger.id() + "'"))
                .startsWith("UNAVAILABLE"));

        feed.failures.set(1);
        assertEquals(Poller.Result.POLLED, poller.poll(trigger.id()));
        assertEquals(1, events(trigger));
        assertNull(DB.queryValue("SELECT last_poll_error FROM triggers WHERE id = '" + trigger.id() + "'"));
    }

    @Test
    void aThrottledSourceIsLeftAloneForAsLongAsItAsked() {
        Rows.TriggerRow trigger = polling("{}");
        poller.poll(trigger.id());
        feed.rateLimitedFor = Duration.ofMinutes(2);
        assertEquals(Poller.Result.FAILED, poller.poll(trigger.id()));
        assertEquals(1, feed.polls.get(), "a rate limit is not retried at once");
        assertEquals(Poller.Result.SKIPPED_BUSY, poller.poll(trigger.id()));
        fx.clock.advance(Duration.ofMinutes(3));
        feed.items.add("later");
        assertEquals(Poller.Result.POLLED, poller.poll(trigger.id()));
        assertEquals(1, events(trigger));
    }

    @Test
    void aHangingSourceIsCutOffByTheTimeLimit() {
        Rows.TriggerRow trigger = polling("{}");
        poller.poll(trigger.id());
        feed.hang = Duration.ofSeconds(5);
        long started = System.nanoTime();
        assertEquals(Poller.Result.FAILED, poller.poll(trigger.id()));
        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(4)) < 0);
    }

    @Test
    void anUnreadableCursorIsSeededAgain() {
        Rows.TriggerRow trigger = polling("{}");
        DB.execute("UPDATE triggers SET polling_cursor = 'garbage' WHERE id = '" + trigger.id() + "'");
        feed.items.add("x");
        assertEquals(Poller.Result.SEEDED, poller.poll(trigger.id()));
        assertEquals("1", cursor(trigger));
    }

    @Test
    void filtersApplyToPolledEvents() {
        Rows.TriggerRow trigger = polling("{\"prefix\":\"keep\"}");
        poller.poll(trigger.id());
        feed.items.add("keep-1");
        feed.items.add("drop-2");
        poller.poll(trigger.id());
        assertEquals(1, fx.count("SELECT count(*) FROM trigger_events WHERE status = 'skipped' AND skip_reason ="
                + " 'filter_mismatch' AND trigger_id = '" + trigger.id() + "'"));
        assertEquals(1, fx.count("SELECT count(*) FROM automation_runs WHERE trigger_id = '" + trigger.id() + "'"));
    }

    @Test
    void concurrentPollsOfOneTriggerNeverOverlap() throws Exception {
        Rows.TriggerRow trigger = polling("{}");
        poller.poll(trigger.id());
        feed.hang = Duration.ofMillis(300);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Poller.Result>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return poller.poll(trigger.id());
                }));
            }
            start.countDown();
            int polled = 0;
            int busy = 0;
            for (Future<Poller.Result> result : results) {
                Poller.Result outcome = result.get(10, TimeUnit.SECONDS);
                polled += outcome == Poller.Result.POLLED ? 1 : 0;
                busy += outcome == Poller.Result.SKIPPED_BUSY ? 1 : 0;
            }
            assertEquals(4, polled + busy);
            assertTrue(polled >= 1);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, feed.maxInFlight.get());
    }

    @Test
    void aLongPollKeepsItsLeaseAliveAndADeadNodesLeaseLapses() throws Exception {
        TriggersConfig shortLease = new TriggersConfig("http://localhost", true, 1, Duration.ofSeconds(5),
                Duration.ofSeconds(1), "*/5 * * * *", Duration.ofSeconds(10), Duration.ofMillis(50), Duration.ofSeconds(3), Duration.ofSeconds(60));
        Poller realTime = new Poller(fx.store, fx.registry, tokens, fx.intake, shortLease, java.time.Clock.systemUTC());
        try {
            Rows.TriggerRow trigger = polling("{}");
            realTime.poll(trigger.id());
            feed.hang = Duration.ofMillis(4500);
            Future<Poller.Result> slow = Executors.newSingleThreadExecutor().submit(() -> realTime.poll(trigger.id()));
            String lease = "SELECT poll_lease_until FROM triggers WHERE id = '" + trigger.id() + "'";
            Object taken = await().atMost(Duration.ofSeconds(5)).until(() -> DB.queryValue(lease), until -> until != null);
            // past the lease the poll took: only its renewal keeps others out
            await().atMost(Duration.ofSeconds(10)).until(() -> Boolean.TRUE.equals(DB.queryValue(
                    "SELECT now() > '" + taken + "'::timestamptz")));
            assertEquals(Poller.Result.SKIPPED_BUSY, realTime.poll(trigger.id()), "the running poll renewed its lease");
            assertEquals(Poller.Result.POLLED, slow.get(10, TimeUnit.SECONDS));
            feed.hang = Duration.ZERO;

            DB.execute("UPDATE triggers SET poll_lease_owner = 'dead-node', poll_lease_until = now() + interval '1 second'"
                    + " WHERE id = '" + trigger.id() + "'");
            assertEquals(Poller.Result.SKIPPED_BUSY, realTime.poll(trigger.id()));
            // a busy answer changes nothing, so asking again until the dead node's lease lapses is harmless
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                    .until(() -> realTime.poll(trigger.id()) == Poller.Result.POLLED);
        } finally {
            realTime.deactivate();
        }
    }

    @Test
    void aMissingSourceSkipsThePollWithoutRecordingAnError() {
        Rows.TriggerRow trigger = polling("{}");
        fx.registry.remove("feed");
        assertEquals(Poller.Result.SKIPPED_GONE, poller.poll(trigger.id()));
        assertNull(DB.queryValue("SELECT last_poll_error FROM triggers WHERE id = '" + trigger.id() + "'"));
        assertNull(DB.queryValue("SELECT poll_lease_owner FROM triggers WHERE id = '" + trigger.id() + "'"));
    }

    @Test
    void aDisabledTriggerIsNotPolled() {
        Rows.TriggerRow trigger = fx.trigger(org, automation, "feed", "polling", "{}", "0123456789abcdef0123456789abcdef",
                integration.id(), false);
        assertEquals(Poller.Result.SKIPPED_GONE, poller.poll(trigger.id()));
        assertEquals(0, feed.polls.get());
    }

    /** A feed whose items are numbered from 1; the cursor is the count of items seen. */
    static final class FeedSource implements TriggerSource {
        final Deque<String> items = new ConcurrentLinkedDeque<>();
        final AtomicInteger polls = new AtomicInteger();
        final AtomicInteger failures = new AtomicInteger();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();
        volatile String rejectToken;
        volatile Duration rateLimitedFor;
        volatile Duration hang = Duration.ZERO;

        @Override
        public PluginDescriptor descriptor() {
            return new PluginDescriptor("feed", "Feed", "1", "test feed",
                    "{\"type\":\"object\",\"properties\":{\"prefix\":{\"type\":\"string\"}},\"additionalProperties\":false}",
                    Set.of());
        }

        @Override
        public String service() {
            return "feed";
        }

        @Override
        public Set<TriggerMode> modes() {
            return Set.of(TriggerMode.POLLING);
        }

        @Override
        public String seedCursor(TriggerContext context, AccessToken token) {
            return String.valueOf(items.size());
        }

        @Override
        public PollResult poll(TriggerContext context, String cursor, AccessToken token) throws TriggerSourceException {
            polls.incrementAndGet();
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                if (!hang.isZero()) {
                    Thread.sleep(hang.toMillis());
                }
                if (token.value().reveal().equals(rejectToken)) {
                    throw TriggerSourceException.of(TriggerSourceException.Kind.UNAUTHORIZED, "token rejected");
                }
                if (rateLimitedFor != null) {
                    Duration wait = rateLimitedFor;
                    rateLimitedFor = null;
                    throw TriggerSourceException.rateLimited(wait);
                }
                if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    throw TriggerSourceException.of(TriggerSourceException.Kind.UNAVAILABLE, "down");
                }
                int seen;
                try {
                    seen = Integer.parseInt(cursor);
                } catch (NumberFormatException e) {
                    throw TriggerSourceException.of(TriggerSourceException.Kind.BAD_CURSOR, "not a number");
                }
                List<String> all = new ArrayList<>(items);
                List<TriggerEvent> events = new ArrayList<>();
                for (String item : all.subList(Math.min(seen, all.size()), all.size())) {
                    events.add(new TriggerEvent("item", item, "feed:" + item, Instant.EPOCH, Map.of("id", item),
                            ParsedContext.titled(item)));
                }
                return new PollResult(events, String.valueOf(all.size()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw TriggerSourceException.of(TriggerSourceException.Kind.UNAVAILABLE, "interrupted");
            } finally {
                inFlight.decrementAndGet();
            }
        }

        @Override
        public boolean matches(TriggerEvent event, Map<String, Object> config) {
            return !(config.get("prefix") instanceof String prefix) || event.externalId().startsWith(prefix);
        }
    }

    /** Tokens token-1, token-2, ... counting refreshes. */
    static final class Tokens implements TokenResolver {
        final AtomicInteger refreshes = new AtomicInteger();

        @Override
        public AccessToken resolve(UUID organizationId, UUID integrationId) {
            return AccessToken.bearer("token-" + (refreshes.get() + 1));
        }

        @Override
        public AccessToken refreshAfterUnauthorized(UUID organizationId, UUID integrationId, AccessToken rejected) {
            return AccessToken.bearer("token-" + (refreshes.incrementAndGet() + 1));
        }
    }
}
