package dev.switchboard.integrations;

import dev.switchboard.spi.AccessToken;
import java.util.UUID;

/**
 * Fresh credentials for an integration at execution time. Tokens are handed to action adapters and trigger
 * sources in the engine only: never log them, never put them into a sandbox.
 *
 * <p>For OAuth 2.0 integrations the stored access token is returned while it is valid for more than
 * {@link #REFRESH_MARGIN_SECONDS} seconds; otherwise it is refreshed first. Refreshes of one integration are
 * serialized across nodes by a row lock, so concurrent callers cause one refresh and all get its result; a
 * rotated refresh token is stored in the same transaction. Adapters that mint or fetch tokens themselves
 * (app installations, brokers) are asked through {@code ProviderAdapter.resolveToken} and their tokens are
 * cached in memory until shortly before they expire.
 *
 * <p>Failures: {@link ReconnectRequiredException} when the provider rejected the grant (the integration is
 * then {@code expired}) or the integration is not active; {@link IntegrationUnavailableException} for
 * transient trouble (status unchanged, retry later); {@link IntegrationNotFoundException} when there is no
 * such integration in the organization.
 */
public interface TokenResolver {

    /** Tokens expiring within this many seconds are refreshed before they are returned. */
    long REFRESH_MARGIN_SECONDS = 300;

    /** A token that is valid for at least a few minutes. */
    AccessToken resolve(UUID organizationId, UUID integrationId);

    /**
     * Called after the provider answered 401 to {@code rejected}: refreshes unless another caller already
     * replaced that token, and returns the new one. Call it once per request; a second 401 is the
     * adapter's error to report.
     */
    AccessToken refreshAfterUnauthorized(UUID organizationId, UUID integrationId, AccessToken rejected);
}
