/**
 * Provider adapters: how Switchboard obtains, refreshes and revokes credentials for an outside service,
 * and the {@link dev.switchboard.spi.provider.SecretValue secret-safe} value types that carry them
 * ({@link dev.switchboard.spi.provider.AccessToken}, {@link dev.switchboard.spi.provider.TokenSet}).
 * Action adapters and trigger sources receive their credentials as {@code AccessToken}s from here.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.3.0")
package dev.switchboard.spi.provider;
