package dev.switchboard.integrations.internal;

import dev.switchboard.foundation.Transaction;
import dev.switchboard.identity.AuditLog;
import dev.switchboard.integrations.IntegrationNotFoundException;
import dev.switchboard.integrations.IntegrationUnavailableException;
import dev.switchboard.integrations.ReconnectRequiredException;
import dev.switchboard.integrations.TokenResolver;
import dev.switchboard.secrets.Ciphertext;
import dev.switchboard.secrets.SecretCipher;
import dev.switchboard.spi.AccessToken;
import dev.switchboard.spi.SecretValue;
import dev.switchboard.spi.provider.AuthKind;
import dev.switchboard.spi.provider.IntegrationStatus;
import dev.switchboard.spi.provider.OAuthClient;
import dev.switchboard.spi.provider.ProviderAdapter;
import dev.switchboard.spi.provider.ProviderContext;
import dev.switchboard.spi.provider.ProviderException;
import dev.switchboard.spi.provider.TokenSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's {@link TokenResolver}.
 *
 * <p>OAuth 2.0: a refresh runs inside one transaction that holds {@code SELECT ... FOR UPDATE} on the
 * integration row (waiting at most 45 s for another node's refresh; the adapter call itself is cut off
 * after 30 s by {@link AdapterCalls}). A caller that waited finds the token already replaced and returns it
 * without calling the provider. The new access token and the rotated refresh token are sealed together
 * and written in that transaction, so a crash never keeps one without the other. A rejected grant marks the
 * integration {@code expired} (and audits it) in the same transaction, which commits before
 * {@link ReconnectRequiredException} is thrown. A transient failure while the old token is still valid
 * returns the old token.
 *
 * <p>Credentials a person entered ({@code API_KEY} adapters with stored credentials): the stored token, never
 * refreshed.
 *
 * <p>Other auth kinds: {@code ProviderAdapter.resolveToken} with an in-memory cache per integration until
 * one minute before the token's expiry (five minutes for tokens without expiry).
 */
@Component(service = {TokenResolver.class, TokenResolverService.class})
public class TokenResolverService implements TokenResolver {

    private static final Logger LOG = LoggerFactory.getLogger(TokenResolverService.class);
    static final Duration REFRESH_MARGIN = Duration.ofSeconds(REFRESH_MARGIN_SECONDS);
    static final Duration CACHE_MARGIN = Duration.ofMinutes(1);
    static final Duration NO_EXPIRY_CACHE = Duration.ofMinutes(5);

    private final IntegrationsStore store;
    private final Providers providers;
    private final SecretCipher cipher;
    private final AuditLog audit;
    private final AdapterCalls calls;
    private final Map<UUID, CachedToken> cache = new ConcurrentHashMap<>();

    @Activate
    public TokenResolverService(@Reference IntegrationsStore store, @Reference Providers providers,
                                @Reference SecretCipher cipher, @Reference AuditLog audit, @Reference AdapterCalls calls) {
        this.store = store;
        this.providers = providers;
        this.cipher = cipher;
        this.audit = audit;
        this.calls = calls;
    }

    @Override
    public AccessToken resolve(UUID organizationId, UUID integrationId) {
        Rows.IntegrationRow row = activeRow(organizationId, integrationId);
        ProviderAdapter adapter = adapter(row);
        if (adapter.authKind() == AuthKind.API_KEY && row.sealedTokens() != null) {
            return entered(row);
        }
        if (adapter.authKind() != AuthKind.OAUTH2) {
            return delegated(row, adapter, false);
        }
        if (row.sealedTokens() == null) {
            throw new ReconnectRequiredException(integrationId, row.service(), IntegrationStatus.EXPIRED);
        }
        if (!expiresSoon(row.tokenExpiresAt())) {
            return open(row).toAccessToken();
        }
        return refresh(organizationId, integrationId, null);
    }

    @Override
    public AccessToken refreshAfterUnauthorized(UUID organizationId, UUID integrationId, AccessToken rejected) {
        Rows.IntegrationRow row = activeRow(organizationId, integrationId);
        ProviderAdapter adapter = adapter(row);
        if (adapter.authKind() == AuthKind.API_KEY && row.sealedTokens() != null) {
            return entered(row); // nothing to refresh: a person has to enter new credentials
        }
        if (adapter.authKind() != AuthKind.OAUTH2) {
            cache.remove(integrationId);
            return delegated(row, adapter, true);
        }
        return refresh(organizationId, integrationId, rejected == null ? SecretValue.EMPTY : rejected.value());
    }

    /** Forgets cached tokens of {@code integrationId} (disconnect, status change). */
    void evict(UUID integrationId) {
        cache.remove(integrationId);
    }

    private Rows.IntegrationRow activeRow(UUID organizationId, UUID integrationId) {
        Rows.IntegrationRow row = store.unitOfWork().inTransaction(tx -> store.integrations(tx).get(organizationId, integrationId));
        if (row == null) {
            throw new IntegrationNotFoundException(integrationId);
        }
        requireActive(row);
        return row;
    }

    private static void requireActive(Rows.IntegrationRow row) {
        if (row.integrationStatus() != IntegrationStatus.ACTIVE) {
            throw new ReconnectRequiredException(row.id(), row.service(), row.integrationStatus());
        }
    }

    private ProviderAdapter adapter(Rows.IntegrationRow row) {
        return providers.find(row.providerAdapterId()).orElseThrow(() -> new IntegrationUnavailableException(row.id(),
                "provider adapter '" + row.providerAdapterId() + "' is not available", null, null));
    }

    private boolean expiresSoon(Instant expiresAt) {
        return expiresAt != null && !expiresAt.isAfter(providers.clock().instant().plus(REFRESH_MARGIN));
    }

    private TokenSet open(Rows.IntegrationRow row) {
        return SealedTokens.open(cipher, row.sealedTokens(), row.tokenExpiresAt(), Rows.scopes(row.scopesText()));
    }

    /** {@code rejected} null: proactive refresh; else the token the provider answered 401 to. */
    private AccessToken refresh(UUID organizationId, UUID integrationId, SecretValue rejected) {
        return store.unitOfWork().inTransaction(tx -> refreshLocked(tx, organizationId, integrationId, rejected)).get();
    }

    private Outcome refreshLocked(Transaction tx, UUID organizationId, UUID integrationId, SecretValue rejected) {
        IntegrationMapper mapper = store.integrations(tx);
        mapper.limitLockWait();
        Rows.IntegrationRow row = mapper.lock(organizationId, integrationId);
        if (row == null) {
            throw new IntegrationNotFoundException(integrationId);
        }
        requireActive(row);
        if (row.sealedTokens() == null) {
            return Outcome.reconnect(new ReconnectRequiredException(integrationId, row.service(), IntegrationStatus.EXPIRED));
        }
        TokenSet current = open(row);
        boolean replacedMeanwhile = rejected != null ? !current.accessToken().equals(rejected) : !expiresSoon(row.tokenExpiresAt());
        if (replacedMeanwhile) {
            return Outcome.of(current.toAccessToken());
        }
        Instant now = providers.clock().instant();
        boolean stillValid = rejected == null && (row.tokenExpiresAt() == null || row.tokenExpiresAt().isAfter(now));
        if (current.refreshToken() == null) {
            return stillValid ? Outcome.of(current.toAccessToken()) : markExpired(tx, row, "no_refresh_token");
        }
        ProviderAdapter adapter = adapter(row);
        OAuthClient client = providers.client(tx, organizationId, row.providerAdapterId(), row.oauthClientId()).orElse(null);
        ProviderContext context = providers.context(row.providerAdapterId(), organizationId, integrationId,
                row.connectionId(), client);
        TokenSet fresh;
        try {
            fresh = calls.call("refresh", () -> adapter.refresh(current.refreshToken(), context));
        } catch (ProviderException e) {
            if (e.reconnectRequired()) {
                return markExpired(tx, row, "invalid_grant");
            }
            LOG.warn("refreshing integration {} (organization {}, provider {}) failed: {} ({})", integrationId,
                    organizationId, row.providerAdapterId(), e.reason(), e.getMessage());
            if (stillValid) {
                return Outcome.of(current.toAccessToken());
            }
            return Outcome.unavailable(new IntegrationUnavailableException(integrationId,
                    row.service() + " is unavailable (" + e.reason().name().toLowerCase(java.util.Locale.ROOT) + ")",
                    e.retryAfter().orElse(null), e));
        }
        boolean rotated = fresh.refreshToken() != null;
        boolean scopesNamed = !fresh.scopes().isEmpty();
        TokenSet merged = new TokenSet(fresh.accessToken(), rotated ? fresh.refreshToken() : current.refreshToken(),
                fresh.expiresAt(), scopesNamed ? fresh.scopes() : current.scopes(),
                fresh.extra().isEmpty() ? current.extra() : fresh.extra());
        Ciphertext sealed = SealedTokens.seal(cipher, merged);
        // a provider that names the granted scopes on refresh may have narrowed (or widened) them
        mapper.storeTokens(organizationId, integrationId, sealed.keyId(), sealed.value(), merged.expiresAt(),
                scopesNamed ? Rows.scopesText(fresh.scopes().stream().sorted().toList()) : null, now);
        LOG.info("refreshed integration {} (organization {}, provider {}, refresh token rotated: {}, after 401: {})",
                integrationId, organizationId, row.providerAdapterId(), rotated, rejected != null);
        return Outcome.of(merged.toAccessToken());
    }

    private Outcome markExpired(Transaction tx, Rows.IntegrationRow row, String reason) {
        store.integrations(tx).setStatus(row.organizationId(), row.id(), "expired", providers.clock().instant());
        audit.record(tx, row.organizationId(), null, "integration.expired", "integration", row.id().toString(),
                Map.of("service", row.service(), "providerAdapterId", row.providerAdapterId(), "reason", reason));
        LOG.warn("integration {} (organization {}, provider {}) expired: {}; a person must reconnect it", row.id(),
                row.organizationId(), row.providerAdapterId(), reason);
        cache.remove(row.id());
        return Outcome.reconnect(new ReconnectRequiredException(row.id(), row.service(), IntegrationStatus.EXPIRED));
    }

    /**
     * Credentials a person entered ({@code ProviderAdapter.acceptCredentials}): the stored token as it is, its type
     * the one the adapter named ({@code token_type} in the sealed extras, default {@code Bearer}).
     */
    private AccessToken entered(Rows.IntegrationRow row) {
        TokenSet tokens = open(row);
        Object type = tokens.extra().get(ProviderAdapter.EXTRA_TOKEN_TYPE);
        return new AccessToken(tokens.accessToken(), type instanceof String text && !text.isBlank() ? text : "Bearer",
                tokens.expiresAt());
    }

    private AccessToken delegated(Rows.IntegrationRow row, ProviderAdapter adapter, boolean skipCache) {
        Instant now = providers.clock().instant();
        CachedToken cached = cache.get(row.id());
        if (!skipCache && cached != null && cached.validUntil().isAfter(now)) {
            return cached.token();
        }
        OAuthClient client = store.unitOfWork().inTransaction(tx ->
                providers.client(tx, row.organizationId(), row.providerAdapterId(), row.oauthClientId()).orElse(null));
        ProviderContext context = providers.context(row.providerAdapterId(), row.organizationId(), row.id(),
                row.connectionId(), client);
        AccessToken token;
        try {
            token = calls.call("resolveToken", () -> adapter.resolveToken(context));
        } catch (ProviderException e) {
            if (e.reconnectRequired()) {
                store.unitOfWork().inTransaction(tx -> markExpired(tx, row, "invalid_grant")).get();
            }
            throw new IntegrationUnavailableException(row.id(), row.service() + " is unavailable ("
                    + e.reason().name().toLowerCase(java.util.Locale.ROOT) + ")", e.retryAfter().orElse(null), e);
        }
        Instant until = token.expiresAt() != null ? token.expiresAt().minus(CACHE_MARGIN) : now.plus(NO_EXPIRY_CACHE);
        cache.put(row.id(), new CachedToken(token, until));
        return token;
    }

    private record CachedToken(AccessToken token, Instant validUntil) {
    }

    /** What a refresh transaction decided; thrown only after it committed. */
    private record Outcome(AccessToken token, RuntimeException failure) {
        static Outcome of(AccessToken token) {
            return new Outcome(token, null);
        }

        static Outcome reconnect(ReconnectRequiredException failure) {
            return new Outcome(null, failure);
        }

        static Outcome unavailable(IntegrationUnavailableException failure) {
            return new Outcome(null, failure);
        }

        AccessToken get() {
            if (failure != null) {
                throw failure;
            }
            return token;
        }
    }
}
