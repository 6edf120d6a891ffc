package dev.switchboard.integrations.nango;

import dev.switchboard.spi.AccessToken;
import dev.switchboard.spi.provider.ProviderException;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tokens fetched from Nango, reused until {@link NangoConstants#EXPIRY_MARGIN} before they expire (or for a fixed
 * time when Nango names no expiry). Concurrent callers for the same connection wait for one fetch instead of each
 * asking Nango. Not shared between engine nodes; every node fetches once per token lifetime.
 */
final class TokenCache {

    /** Whose token: the organization and the exact Nango connection. */
    record Key(String organizationId, URI baseUrl, String providerConfigKey, String connectionId) {
    }

    @FunctionalInterface
    interface Fetch {
        AccessToken fetch() throws ProviderException;
    }

    /** One connection's token; its monitor serializes fetches for that connection only. */
    private static final class Slot {
        private AccessToken token;
        private Instant reuseUntil = Instant.MIN;
    }

    private final Map<Key, Slot> slots = new ConcurrentHashMap<>();
    private final Duration withoutExpiry;

    TokenCache(Duration withoutExpiry) {
        this.withoutExpiry = withoutExpiry;
    }

    /** The cached token if still good at {@code now} and not {@code force}d, else a fresh one from {@code fetch}. */
    AccessToken get(Key key, Instant now, boolean force, Fetch fetch) throws ProviderException {
        Slot slot = slots.computeIfAbsent(key, k -> new Slot());
        AccessToken fresh;
        synchronized (slot) {
            if (!force && slot.token != null && now.isBefore(slot.reuseUntil)) {
                return slot.token;
            }
            fresh = fetch.fetch();
            slot.token = fresh;
            slot.reuseUntil = fresh.expiresAt() != null ? fresh.expiresAt().minus(NangoConstants.EXPIRY_MARGIN)
                    : now.plus(withoutExpiry);
        }
        sweep(now);
        return fresh;
    }

    /** Forgets every token of {@code connectionId} in {@code providerConfigKey}, e.g. after a re-authorization. */
    void evict(String providerConfigKey, String connectionId) {
        slots.keySet().removeIf(key -> key.providerConfigKey().equals(providerConfigKey)
                && key.connectionId().equals(connectionId));
    }

    int size() {
        return slots.size();
    }

    private void sweep(Instant now) {
        if (slots.size() > NangoConstants.CACHE_SWEEP_SIZE) {
            slots.values().removeIf(slot -> {
                synchronized (slot) {
                    return !now.isBefore(slot.reuseUntil);
                }
            });
        }
    }
}
