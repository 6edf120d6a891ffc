package dev.switchboard.spi.provider;

import dev.switchboard.spi.SecretValue;
import java.util.Objects;

/**
 * The OAuth application credentials an adapter authenticates with at the provider's token endpoint.
 *
 * @param clientId     public client id
 * @param clientSecret the client secret; {@code null} for public clients (PKCE only)
 */
public record OAuthClient(String clientId, SecretValue clientSecret) {

    public OAuthClient {
        Objects.requireNonNull(clientId, "clientId");
        if (clientId.isBlank()) {
            throw new IllegalArgumentException("clientId must not be blank");
        }
    }

    @Override
    public String toString() {
        return "OAuthClient[clientId=" + clientId + ", clientSecret=" + (clientSecret == null ? "none" : "***") + "]";
    }
}
