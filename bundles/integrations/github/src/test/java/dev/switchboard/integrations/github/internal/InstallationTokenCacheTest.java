package dev.switchboard.integrations.github.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.switchboard.spi.AccessToken;
import dev.switchboard.spi.provider.ProviderException;
import dev.switchboard.spi.provider.ProviderException.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InstallationTokenCacheTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    private final InstallationTokenCache cache = new InstallationTokenCache(Duration.ofMinutes(10));
    private final AtomicInteger fetches = new AtomicInteger();

    private AccessToken fetch() {
        return AccessToken.bearer("t" + fetches.incrementAndGet(), NOW.plus(Duration.ofHours(1)));
    }

    @Test
    void reusesATokenUntilTenMinutesBeforeItExpires() throws ProviderException {
        AccessToken first = cache.get("k", NOW, this::fetch);

        assertSame(first, cache.get("k", NOW.plus(Duration.ofMinutes(49)), this::fetch));
        assertSame(first, cache.get("k", NOW.plus(Duration.ofMinutes(50)).minusMillis(1), this::fetch));
        assertEquals("t2", cache.get("k", NOW.plus(Duration.ofMinutes(50)), this::fetch).value().reveal());
        assertEquals(2, fetches.get());
    }

    @Test
    void keysAreIndependentAndCanBeInvalidated() throws ProviderException {
        cache.get("api|1|100", NOW, this::fetch);
        cache.get("api|1|200", NOW, this::fetch);
        cache.invalidateEndingWith("|100");
        cache.get("api|1|100", NOW, this::fetch);
        cache.get("api|1|200", NOW, this::fetch);

        assertEquals(3, fetches.get());
    }

    @Test
    void failuresAreNotCached() throws ProviderException {
        assertThrows(ProviderException.class, () -> cache.get("k", NOW, () -> {
            throw ProviderException.of(Reason.UNAVAILABLE, "down");
        }));

        assertEquals("t1", cache.get("k", NOW, this::fetch).value().reveal());
    }

    @Test
    void concurrentCallersForOneKeyFetchOnce() throws Exception {
        int callers = 16;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<AccessToken>> results = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return cache.get("k", NOW, () -> {
                        sleepQuietly();
                        return fetch();
                    });
                }));
            }
            start.countDown();
            for (Future<AccessToken> result : results) {
                assertEquals("t1", result.get().value().reveal());
            }
            assertEquals(1, fetches.get());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void expiredSlotsArePurgedWhenTheMapGrows() throws ProviderException {
        for (int i = 0; i <= InstallationTokenCache.PURGE_THRESHOLD; i++) {
            cache.get("k" + i, NOW, this::fetch);
        }
        cache.get("fresh", NOW.plus(Duration.ofHours(2)), () -> AccessToken.bearer("x", NOW.plus(Duration.ofHours(3))));

        assertEquals(1, cache.size());
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(200);  // keeps the fetch in flight while the other callers arrive
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
