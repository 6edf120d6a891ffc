/**
 * A reusable OAuth 2.0 authorization-code client for provider adapters: authorization URLs with state, scopes
 * and PKCE ({@link dev.switchboard.integrations.oauth2.OAuth2Client}), code exchange, refresh with rotation and
 * RFC 7009 revocation, time-limited HTTP with the provider failures mapped onto
 * {@link dev.switchboard.spi.provider.ProviderException.Reason}s
 * ({@link dev.switchboard.integrations.oauth2.ProviderHttp}), and a base class that turns an
 * {@link dev.switchboard.integrations.oauth2.OAuth2Endpoints} into a provider adapter
 * ({@link dev.switchboard.integrations.oauth2.OAuth2ProviderAdapter}).
 * Provider bundles (Linear, Sentry, Gmail, ...) import this package; their feature must install this bundle.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package dev.switchboard.integrations.oauth2;
