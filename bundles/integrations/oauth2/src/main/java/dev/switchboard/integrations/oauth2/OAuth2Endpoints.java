package dev.switchboard.integrations.oauth2;

import dev.switchboard.spi.provider.OAuth2Settings;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything {@link OAuth2Client} needs to know about one provider's OAuth 2.0 server.
 *
 * @param authorizeUrl        the authorization endpoint (absolute)
 * @param tokenUrl            the token endpoint (absolute)
 * @param revokeUrl           the RFC 7009 revocation endpoint, or {@code null} when the provider has none
 * @param defaultScopes       scopes requested when the caller asks for none, in order
 * @param scopeSeparator      how scopes are joined in the {@code scope} parameter: {@code " "} (RFC 6749) or
 *                            {@code ","} (e.g. Linear)
 * @param pkce                whether the provider accepts a PKCE {@code S256} challenge
 * @param clientAuth          how the client authenticates at the token and revocation endpoints
 * @param authorizeParameters extra, constant parameters of the authorization URL (e.g. Google's
 *                            {@code access_type=offline}), in order
 */
public record OAuth2Endpoints(
        URI authorizeUrl,
        URI tokenUrl,
        URI revokeUrl,
        List<String> defaultScopes,
        String scopeSeparator,
        boolean pkce,
        ClientAuthMethod clientAuth,
        Map<String, String> authorizeParameters) {

    public OAuth2Endpoints {
        requireAbsolute(authorizeUrl, "authorizeUrl");
        requireAbsolute(tokenUrl, "tokenUrl");
        if (revokeUrl != null) {
            requireAbsolute(revokeUrl, "revokeUrl");
        }
        defaultScopes = defaultScopes == null ? List.of() : List.copyOf(defaultScopes);
        scopeSeparator = scopeSeparator == null ? " " : scopeSeparator;
        if (!scopeSeparator.equals(" ") && !scopeSeparator.equals(",")) {
            throw new IllegalArgumentException("scopeSeparator must be a space or a comma");
        }
        clientAuth = clientAuth == null ? ClientAuthMethod.CLIENT_SECRET_POST : clientAuth;
        authorizeParameters = authorizeParameters == null ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(authorizeParameters));
    }

    /** A builder starting from the two endpoints every provider has. */
    public static Builder builder(URI authorizeUrl, URI tokenUrl) {
        return new Builder(authorizeUrl, tokenUrl);
    }

    /** The SPI view of these endpoints, for {@code ProviderAdapter.oauth2()}. */
    public OAuth2Settings settings() {
        return new OAuth2Settings(authorizeUrl, tokenUrl, defaultScopes, pkce);
    }

    private static void requireAbsolute(URI uri, String name) {
        Objects.requireNonNull(uri, name);
        if (!uri.isAbsolute() || uri.getHost() == null) {
            throw new IllegalArgumentException(name + " must be an absolute URL: " + uri);
        }
    }

    /** Builds an {@link OAuth2Endpoints}; defaults: no revocation, no scopes, space, no PKCE, client_secret_post. */
    public static final class Builder {
        private final URI authorizeUrl;
        private final URI tokenUrl;
        private URI revokeUrl;
        private List<String> defaultScopes = List.of();
        private String scopeSeparator = " ";
        private boolean pkce;
        private ClientAuthMethod clientAuth = ClientAuthMethod.CLIENT_SECRET_POST;
        private final Map<String, String> authorizeParameters = new LinkedHashMap<>();

        private Builder(URI authorizeUrl, URI tokenUrl) {
            this.authorizeUrl = authorizeUrl;
            this.tokenUrl = tokenUrl;
        }

        public Builder revokeUrl(URI revokeUrl) {
            this.revokeUrl = revokeUrl;
            return this;
        }

        public Builder defaultScopes(List<String> defaultScopes) {
            this.defaultScopes = defaultScopes;
            return this;
        }

        public Builder scopeSeparator(String scopeSeparator) {
            this.scopeSeparator = scopeSeparator;
            return this;
        }

        public Builder pkce(boolean pkce) {
            this.pkce = pkce;
            return this;
        }

        public Builder clientAuth(ClientAuthMethod clientAuth) {
            this.clientAuth = clientAuth;
            return this;
        }

        public Builder authorizeParameter(String name, String value) {
            authorizeParameters.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        public OAuth2Endpoints build() {
            return new OAuth2Endpoints(authorizeUrl, tokenUrl, revokeUrl, defaultScopes, scopeSeparator, pkce,
                    clientAuth, authorizeParameters);
        }
    }
}
