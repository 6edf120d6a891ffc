package dev.switchboard.spi.provider;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * The OAuth 2.0 endpoints and defaults of a provider whose {@link AuthKind} is {@link AuthKind#OAUTH2}.
 *
 * @param authorizeUrl  the authorization endpoint (absolute https URL)
 * @param tokenUrl      the token endpoint (absolute https URL)
 * @param defaultScopes scopes requested when the caller asks for none, in the order they are sent
 * @param pkceSupported whether the provider accepts a PKCE {@code S256} code challenge; when {@code true}
 *                      the engine always sends one
 */
public record OAuth2Settings(URI authorizeUrl, URI tokenUrl, List<String> defaultScopes, boolean pkceSupported) {

    public OAuth2Settings {
        requireAbsolute(authorizeUrl, "authorizeUrl");
        requireAbsolute(tokenUrl, "tokenUrl");
        defaultScopes = defaultScopes == null ? List.of() : List.copyOf(defaultScopes);
    }

    private static void requireAbsolute(URI uri, String name) {
        Objects.requireNonNull(uri, name);
        if (!uri.isAbsolute()) {
            throw new IllegalArgumentException(name + " must be an absolute URL: " + uri);
        }
    }
}
