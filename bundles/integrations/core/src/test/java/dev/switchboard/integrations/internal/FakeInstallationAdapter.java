package dev.switchboard.integrations.internal;

import dev.switchboard.spi.AccessToken;
import dev.switchboard.spi.PluginDescriptor;
import dev.switchboard.spi.SecretValue;
import dev.switchboard.spi.provider.AuthKind;
import dev.switchboard.spi.provider.AuthorizeRequest;
import dev.switchboard.spi.provider.CodeExchange;
import dev.switchboard.spi.provider.ProviderAdapter;
import dev.switchboard.spi.provider.ProviderContext;
import dev.switchboard.spi.provider.ProviderException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An adapter of kind app_installation playing a GitHub-App-like provider: installations it knows give
 * tokens, others are "not found for this app" (INVALID_GRANT). In verifying mode (the default) it verifies
 * installation claims like GitHub's "Request user authorization during installation": {@link #users} maps a
 * user authorization code to the installations that user may access; an unknown code is INVALID_GRANT, an
 * installation the user cannot access UNAUTHORIZED. Not verifying, it keeps the SPI defaults (UNSUPPORTED).
 */
class FakeInstallationAdapter implements ProviderAdapter {

    static final String ID = "fake-app";

    final Set<String> installations = ConcurrentHashMap.newKeySet();
    final List<ProviderContext> resolved = new CopyOnWriteArrayList<>();
    volatile boolean unavailable;
    volatile boolean verifying = true;
    final Map<String, Set<String>> users = new ConcurrentHashMap<>();
    final List<String> verifiedCodes = new CopyOnWriteArrayList<>();

    @Override
    public PluginDescriptor descriptor() {
        return new PluginDescriptor(ID, "Fake App", "1.0.0", "test", "{\"type\":\"object\"}", Set.of());
    }

    @Override
    public String service() {
        return "fakeservice";
    }

    @Override
    public AuthKind authKind() {
        return AuthKind.APP_INSTALLATION;
    }

    @Override
    public URI authorizeUrl(AuthorizeRequest request, ProviderContext context) {
        return URI.create("https://provider.example/apps/fake/installations/new?state="
                + URLEncoder.encode(request.state(), StandardCharsets.UTF_8));
    }

    @Override
    public AccessToken resolveToken(ProviderContext context) throws ProviderException {
        resolved.add(context);
        if (unavailable) {
            throw ProviderException.of(ProviderException.Reason.UNAVAILABLE, "provider down");
        }
        if (!installations.contains(context.connectionId())) {
            throw ProviderException.of(ProviderException.Reason.INVALID_GRANT, "installation not found for this app");
        }
        return new AccessToken(SecretValue.of("inst-token-" + context.connectionId()), "Bearer",
                context.clock().instant().plus(Duration.ofHours(1)));
    }

    @Override
    public boolean verifiesInstallationClaims() {
        return verifying;
    }

    @Override
    public void verifyInstallationClaim(String connectionId, CodeExchange userAuthorization, ProviderContext context)
            throws ProviderException {
        if (!verifying) {
            throw ProviderException.unsupported("verifyInstallationClaim");
        }
        if (!connectionId.equals(context.connectionId())) {
            throw new AssertionError("the context names another connection: " + context.connectionId());
        }
        String code = userAuthorization.code().reveal();
        verifiedCodes.add(code);
        if (unavailable) {
            throw ProviderException.of(ProviderException.Reason.UNAVAILABLE, "provider down");
        }
        Set<String> accessible = users.get(code);
        if (accessible == null) {
            throw ProviderException.of(ProviderException.Reason.INVALID_GRANT, "bad verification code");
        }
        if (!accessible.contains(connectionId)) {
            throw ProviderException.of(ProviderException.Reason.UNAUTHORIZED, "the user cannot access the installation");
        }
    }
}
