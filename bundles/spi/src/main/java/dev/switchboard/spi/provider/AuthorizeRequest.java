package dev.switchboard.spi.provider;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * What the engine asks {@link ProviderAdapter#authorizeUrl} to put into an authorization URL.
 *
 * @param state         opaque, unguessable value the engine verifies on the callback (CSRF protection)
 * @param redirectUri   the engine's callback URL
 * @param scopes        scopes to request; empty means the provider's {@link OAuth2Settings#defaultScopes()}
 * @param codeChallenge PKCE {@code S256} challenge (base64url of SHA-256 of the verifier), or {@code null}
 *                      when the provider does not support PKCE
 */
public record AuthorizeRequest(String state, URI redirectUri, List<String> scopes, String codeChallenge) {

    /** The only PKCE method the engine uses. */
    public static final String CODE_CHALLENGE_METHOD = "S256";

    public AuthorizeRequest {
        Objects.requireNonNull(state, "state");
        if (state.isBlank()) {
            throw new IllegalArgumentException("state must not be blank");
        }
        Objects.requireNonNull(redirectUri, "redirectUri");
        if (!redirectUri.isAbsolute()) {
            throw new IllegalArgumentException("redirectUri must be absolute: " + redirectUri);
        }
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
        if (codeChallenge != null && codeChallenge.isBlank()) {
            throw new IllegalArgumentException("codeChallenge must be null or non-blank");
        }
    }
}
