package dev.switchboard.spi.provider;

import dev.switchboard.spi.SecretValue;
import java.net.URI;
import java.util.Objects;

/**
 * The callback values the engine passes to {@link ProviderAdapter#exchangeCode}.
 * {@link #toString()} does not print the code or the verifier.
 *
 * @param code         the authorization code from the callback
 * @param redirectUri  the same redirect URI that was used in the authorization URL
 * @param codeVerifier the PKCE verifier, or {@code null} when no challenge was sent
 */
public record CodeExchange(SecretValue code, URI redirectUri, SecretValue codeVerifier) {

    public CodeExchange {
        Objects.requireNonNull(code, "code");
        if (code.isEmpty()) {
            throw new IllegalArgumentException("code must not be empty");
        }
        Objects.requireNonNull(redirectUri, "redirectUri");
    }
}
