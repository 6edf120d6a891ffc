package dev.switchboard.foundation.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.switchboard.foundation.IdempotencyStore;
import dev.switchboard.foundation.IdempotencyStore.Begin;
import dev.switchboard.foundation.IdempotencyStore.StoredResponse;
import dev.switchboard.foundation.testing.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresIdempotencyStoreTest {

    @RegisterExtension
    static final TestDatabase DB = TestDatabase.create().withSchema(FoundationSchema::apply);

    private static final Duration DAY = Duration.ofDays(1);
    private static final StoredResponse CREATED = new StoredResponse(201, "application/json", "{\"id\":\"run-1\"}");

    private IdempotencyStore store;
    private UUID organization;

    @BeforeEach
    void setUp() {
        DB.execute("TRUNCATE idempotency_keys");
        store = new PostgresIdempotencyStore(new UnitOfWorkService(DB.dataSource()), Clock.systemUTC());
        organization = UUID.randomUUID();
    }

    @Test
    void aFreeKeyIsStarted() {
        assertEquals(new Begin.Started(), store.begin(organization, "key-1", "hash-a", DAY));
    }

    @Test
    void aCompletedKeyWithTheSameHashReplaysTheStoredResponse() {
        store.begin(organization, "key-1", "hash-a", DAY);
        store.complete(organization, "key-1", CREATED);

        assertEquals(new Begin.Replay(CREATED), store.begin(organization, "key-1", "hash-a", DAY));
        assertEquals(new Begin.Replay(CREATED), store.begin(organization, "key-1", "hash-a", DAY));
    }

    @Test
    void aCompletedKeyWithAnotherHashIsAMismatch() {
        store.begin(organization, "key-1", "hash-a", DAY);
        store.complete(organization, "key-1", CREATED);

        assertEquals(new Begin.Mismatch(), store.begin(organization, "key-1", "hash-b", DAY));
        assertEquals(new Begin.Replay(CREATED), store.begin(organization, "key-1", "hash-a", DAY),
                "a mismatching request leaves the stored response alone");
    }

    @Test
    void aKeyInProgressWithAnotherHashIsAMismatch() {
        store.begin(organization, "key-1", "hash-a", DAY);

        assertEquals(new Begin.Mismatch(), store.begin(organization, "key-1", "hash-b", DAY));
    }

    @Test
    void theSameRequestWhileTheFirstIsRunningIsInProgress() {
        store.begin(organization, "key-1", "hash-a", DAY);

        assertEquals(new Begin.InProgress(), store.begin(organization, "key-1", "hash-a", DAY));
    }

    @Test
    void abandonFreesTheKeyForARetry() {
        store.begin(organization, "key-1", "hash-a", DAY);
        store.abandon(organization, "key-1");

        assertEquals(new Begin.Started(), store.begin(organization, "key-1", "hash-b", DAY));
    }

    @Test
    void abandonKeepsACompletedResponse() {
        store.begin(organization, "key-1", "hash-a", DAY);
        store.complete(organization, "key-1", CREATED);
        store.abandon(organization, "key-1");

        assertEquals(new Begin.Replay(CREATED), store.begin(organization, "key-1", "hash-a", DAY));
    }

    @Test
    void anExpiredKeyInProgressCanBeClaimedAgain() {
        store.begin(organization, "key-1", "hash-a", DAY);
        expire(organization, "key-1");

        assertEquals(new Begin.Started(), store.begin(organization, "key-1", "hash-b", DAY));
        assertEquals(new Begin.InProgress(), store.begin(organization, "key-1", "hash-b", DAY),
                "the new claim holds the key with its own hash");
    }

    @Test
    void anExpiredCompletedKeyIsNotReplayed() {
        store.begin(organization, "key-1", "hash-a", DAY);
        store.complete(organization, "key-1", CREATED);
        expire(organization, "key-1");

        assertEquals(new Begin.Started(), store.begin(organization, "key-1", "hash-a", DAY));
    }

    @Test
    void aKeyExpiresAfterItsTtl() {
        store.begin(organization, "key-1", "hash-a", Duration.ofMillis(300));

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> store.begin(organization, "key-1", "hash-b", DAY) instanceof Begin.Started);
    }

    @Test
    void theTtlSetsTheExpiry() {
        store.begin(organization, "key-1", "hash-a", Duration.ofHours(2));

        double secondsLeft = ((Number) DB.queryValue("SELECT extract(epoch FROM expires_at - now()) FROM idempotency_keys"
                + " WHERE organization_id = '" + organization + "' AND idempotency_key = 'key-1'")).doubleValue();
        assertEquals(7200, secondsLeft, 60);
    }

    @Test
    void purgeExpiredDeletesOnlyExpiredKeys() {
        store.begin(organization, "old", "hash-a", DAY);
        store.begin(organization, "live", "hash-a", DAY);
        expire(organization, "old");

        assertEquals(1, store.purgeExpired());
        assertEquals(0, store.purgeExpired());
        assertEquals(1L, DB.queryValue("SELECT count(*) FROM idempotency_keys"));
        assertEquals(new Begin.InProgress(), store.begin(organization, "live", "hash-a", DAY));
    }

    @Test
    void keysAreScopedByOrganization() {
        UUID other = UUID.randomUUID();

        assertEquals(new Begin.Started(), store.begin(organization, "key-1", "hash-a", DAY));
        assertEquals(new Begin.Started(), store.begin(other, "key-1", "hash-b", DAY));

        store.complete(organization, "key-1", CREATED);
        assertEquals(new Begin.InProgress(), store.begin(other, "key-1", "hash-b", DAY));

        store.abandon(other, "key-1");
        assertEquals(new Begin.Replay(CREATED), store.begin(organization, "key-1", "hash-a", DAY));
        assertEquals(new Begin.Started(), store.begin(other, "key-1", "hash-c", DAY));
    }

    @Test
    void rejectsBlankAndOverlongKeys() {
        for (String key : new String[] {null, "", "   ", "k".repeat(256)}) {
            IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
                    () -> store.begin(organization, key, "hash-a", DAY));
            assertEquals("Idempotency-Key must be 1 to 255 characters", thrown.getMessage());
        }
        assertEquals(0L, DB.queryValue("SELECT count(*) FROM idempotency_keys"));
    }

    @Test
    void acceptsAKeyOfTheMaximumLength() {
        assertEquals(new Begin.Started(), store.begin(organization, "k".repeat(255), "hash-a", DAY));
    }

    @Test
    void rejectsANonPositiveTtl() {
        assertThrows(IllegalArgumentException.class, () -> store.begin(organization, "key-1", "hash-a", Duration.ZERO));
        assertThrows(IllegalArgumentException.class,
                () -> store.begin(organization, "key-1", "hash-a", Duration.ofSeconds(-1)));
    }

    @Test
    void exactlyOneOfEightConcurrentCallersStarts() throws Exception {
        int callers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            CountDownLatch ready = new CountDownLatch(callers);
            CountDownLatch go = new CountDownLatch(1);
            List<Callable<Begin>> attempts = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                attempts.add(() -> {
                    ready.countDown();
                    go.await();
                    return store.begin(organization, "race", "hash-a", DAY);
                });
            }
            List<Future<Begin>> futures = new ArrayList<>();
            attempts.forEach(attempt -> futures.add(pool.submit(attempt)));
            ready.await(10, TimeUnit.SECONDS);
            go.countDown();

            List<Begin> outcomes = new ArrayList<>();
            for (Future<Begin> future : futures) {
                outcomes.add(future.get(30, TimeUnit.SECONDS));
            }
            Map<Class<?>, Long> byOutcome = outcomes.stream()
                    .collect(Collectors.groupingBy(Object::getClass, Collectors.counting()));
            assertEquals(Map.of(Begin.Started.class, 1L, Begin.InProgress.class, 7L), byOutcome);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theTableRejectsAnUnknownState() {
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> DB.execute(
                "INSERT INTO idempotency_keys (organization_id, idempotency_key, request_hash, state, expires_at)"
                        + " VALUES ('" + organization + "', 'k', 'h', 'bogus', now())"));
        assertInstanceOf(java.sql.SQLException.class, thrown.getCause());
    }

    private static void expire(UUID organization, String key) {
        DB.execute("UPDATE idempotency_keys SET expires_at = now() - interval '1 second'"
                + " WHERE organization_id = '" + organization + "' AND idempotency_key = '" + key + "'");
    }
}
