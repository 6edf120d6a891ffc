package dev.switchboard.integrations.github.internal;

import dev.switchboard.spi.AccessToken;
import dev.switchboard.spi.provider.ProviderException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Installation tokens by key (API host, app, installation), reused until {@code margin} before they expire.
 * Callers for one key that find no fresh token queue on that key's lock, so one fetch serves them all;
 * other keys are not held up. A failed fetch is not cached. Memory: one small slot per installation; slots
 * whose token has expired are dropped when the map grows past {@link #PURGE_THRESHOLD}.
 */
public final class InstallationTokenCache {

    static final int PURGE_THRESHOLD = 1_000;

    /** Fetches a new token; called with the key's lock held. */
    @FunctionalInterface
    public interface Fetcher {
        AccessToken fetch() throws ProviderException;
    }

    private final Map<String, Slot> slots = new ConcurrentHashMap<>();
    private final Duration margin;

    public InstallationTokenCache(Duration margin) {
        this.margin = margin;
    }

    /** The cached token for {@code key} if it is fresh at {@code now}, else one from {@code fetcher}. */
    public AccessToken get(String key, Instant now, Fetcher fetcher) throws ProviderException {
        Slot slot = slots.computeIfAbsent(key, k -> new Slot());
        AccessToken cached = slot.token;
        if (fresh(cached, now)) {
            return cached;
        }
        try {
            slot.lock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ProviderException.of(ProviderException.Reason.UNAVAILABLE, "interrupted waiting for a token");
        }
        try {
            cached = slot.token;
            if (fresh(cached, now)) {
                return cached;
            }
            AccessToken fetched = fetcher.fetch();
            slot.token = fetched;
            return fetched;
        } finally {
            slot.lock.unlock();
            purgeIfLarge(now);
        }
    }

    /** Forgets the tokens of every key that ends with {@code suffix} (e.g. an uninstalled installation). */
    public void invalidateEndingWith(String suffix) {
        slots.keySet().removeIf(key -> key.endsWith(suffix));
    }

    int size() {
        return slots.size();
    }

    private boolean fresh(AccessToken token, Instant now) {
        return token != null && !token.expiresWithin(margin, now) && token.expiresAt() != null;
    }

    private void purgeIfLarge(Instant now) {
        if (slots.size() > PURGE_THRESHOLD) {
            slots.values().removeIf(slot -> !slot.lock.isLocked()
                    && (slot.token == null || slot.token.expiresWithin(Duration.ZERO, now)));
        }
    }

    private static final class Slot {
        final ReentrantLock lock = new ReentrantLock();
        volatile AccessToken token;
    }
}
