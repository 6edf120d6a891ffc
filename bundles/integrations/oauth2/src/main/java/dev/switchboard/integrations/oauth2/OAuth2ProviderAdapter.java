package dev.switchboard.integrations.oauth2;

import dev.switchboard.spi.SecretValue;
import dev.switchboard.spi.provider.AuthKind;
import dev.switchboard.spi.provider.AuthorizeRequest;
import dev.switchboard.spi.provider.CodeExchange;
import dev.switchboard.spi.provider.OAuth2Settings;
import dev.switchboard.spi.provider.OAuthClient;
import dev.switchboard.spi.provider.ProviderAdapter;
import dev.switchboard.spi.provider.ProviderContext;
import dev.switchboard.spi.provider.ProviderException;
import dev.switchboard.spi.provider.ProviderException.Reason;
import dev.switchboard.spi.provider.TokenSet;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * Base class of {@link AuthKind#OAUTH2} provider adapters: the authorization URL, code exchange, refresh and
 * revocation are done by an {@link OAuth2Client} on the subclass's {@link OAuth2Endpoints}, with the OAuth client
 * the engine resolved ({@link ProviderContext#client()}). A subclass adds its descriptor, service, metadata and
 * skill variables. Keeps no per-organization state.
 */
public abstract class OAuth2ProviderAdapter implements ProviderAdapter {

    private final ProviderHttp http;

    protected OAuth2ProviderAdapter(ProviderHttp http) {
        this.http = Objects.requireNonNull(http, "http");
    }

    /** The endpoints advertised by {@link #oauth2()}: the provider's public ones. Constant. */
    protected abstract OAuth2Endpoints defaultEndpoints();

    /**
     * The endpoints for one call; override when they depend on configuration (e.g. a self-hosted server).
     * Default: {@link #defaultEndpoints()}.
     */
    protected OAuth2Endpoints endpoints(ProviderContext context) throws ProviderException {
        return defaultEndpoints();
    }

    protected final ProviderHttp http() {
        return http;
    }

    @Override
    public final AuthKind authKind() {
        return AuthKind.OAUTH2;
    }

    @Override
    public Optional<OAuth2Settings> oauth2() {
        return Optional.of(defaultEndpoints().settings());
    }

    @Override
    public URI authorizeUrl(AuthorizeRequest request, ProviderContext context) throws ProviderException {
        return client(context).authorizeUrl(request, requireClient(context));
    }

    @Override
    public TokenSet exchangeCode(CodeExchange exchange, ProviderContext context) throws ProviderException {
        return client(context).exchangeCode(exchange, requireClient(context), context.clock());
    }

    @Override
    public TokenSet refresh(SecretValue refreshToken, ProviderContext context) throws ProviderException {
        return client(context).refresh(refreshToken, requireClient(context), context.clock());
    }

    @Override
    public void revoke(TokenSet tokens, ProviderContext context) throws ProviderException {
        client(context).revoke(tokens, requireClient(context), context.clock());
    }

    /** The OAuth client for {@code context}'s call. */
    protected OAuth2Client client(ProviderContext context) throws ProviderException {
        return new OAuth2Client(endpoints(context), http);
    }

    /**
     * The OAuth client the engine resolved; without one the provider cannot be asked, which is reported as
     * {@link Reason#UNAUTHORIZED} (no credentials to present).
     */
    protected final OAuthClient requireClient(ProviderContext context) throws ProviderException {
        if (context.client() == null) {
            throw ProviderException.of(Reason.UNAUTHORIZED,
                    "no OAuth client (client id and secret) is configured for " + service());
        }
        return context.client();
    }
}
