package dev.switchboard.integrations.nango;

import dev.switchboard.spi.AccessToken;
import dev.switchboard.spi.PluginDescriptor;
import dev.switchboard.spi.SecretValue;
import dev.switchboard.spi.WebhookRequest;
import dev.switchboard.spi.provider.AuthKind;
import dev.switchboard.spi.provider.LifecycleEvent;
import dev.switchboard.spi.provider.ProviderAdapter;
import dev.switchboard.spi.provider.ProviderContext;
import dev.switchboard.spi.provider.ProviderException;
import dev.switchboard.spi.provider.ProviderException.Reason;
import dev.switchboard.spi.provider.SkillVariable;
import dev.switchboard.spi.provider.TokenSet;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One outside service reached through Nango ({@link AuthKind#BROKER}): Nango holds and refreshes the OAuth tokens,
 * Switchboard stores only the Nango connection id (the integration's connection id) and asks Nango for the current
 * token when it needs one. One instance per {@code etc/dev.switchboard.integrations.nango-<name>.cfg}:
 * <pre>
 * service = linear
 * providerConfigKey = linear
 * .secretKey = ${env:NANGO_SECRET_KEY}
 * # baseUrl = https://api.nango.dev
 * # .webhookSigningKey = ${env:NANGO_WEBHOOK_SIGNING_KEY}
 * </pre>
 * registers the provider adapter {@code nango-linear}. An organization with its own Nango account puts its
 * {@code secretKey} (and, if self-hosted, {@code baseUrl}) into the integration's config.
 *
 * <p><b>Forced refresh.</b> {@link #resolveToken} reuses a token until five minutes before it expires. When a
 * token is rejected anyway, the engine calls {@link #refresh} (the refresh token argument is ignored and may be
 * empty): Nango refreshes now ({@code force_refresh=true}) and the cache takes the new token.
 */
@Component(service = ProviderAdapter.class, configurationPid = NangoConstants.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
public final class NangoProviderAdapter implements ProviderAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(NangoProviderAdapter.class);

    private static final String CONFIG_SCHEMA = """
            {"type": "object",
             "description": "Only for an organization that uses its own Nango account; otherwise leave empty.",
             "properties": {
               "secretKey": {"type": "string", "minLength": 1, "writeOnly": true, "format": "password",
                 "title": "Nango secret key", "description": "Secret key of your Nango environment"},
               "baseUrl": {"type": "string", "format": "uri", "default": "https://api.nango.dev",
                 "title": "Nango API URL", "description": "Only for self-hosted Nango; requires secretKey"}},
             "dependentRequired": {"baseUrl": ["secretKey"]},
             "additionalProperties": false}""";

    private final NangoSettings settings;
    private final NangoClient nango;
    private final TokenCache cache;
    private final PluginDescriptor descriptor;
    private final SkillVariable tokenVariable;

    @Activate
    public NangoProviderAdapter(Map<String, Object> properties) {
        this(NangoSettings.from(properties), HttpClient.newBuilder().connectTimeout(NangoConstants.CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).build());
        if (properties.containsKey(NangoConstants.PROP_SECRET_KEY_PUBLIC)) {
            LOG.warn("Nango adapter {}: 'secretKey' is published as a service property; rename it to '.secretKey'",
                    settings.adapterId());
        }
    }

    NangoProviderAdapter(NangoSettings settings, HttpClient http) {
        this.settings = settings;
        this.nango = new NangoClient(http);
        this.cache = new TokenCache(settings.cacheWithoutExpiry());
        this.descriptor = new PluginDescriptor(settings.adapterId(), serviceTitle() + " (via Nango)", "1.0.0",
                "Connects " + serviceTitle() + " through Nango integration '" + settings.providerConfigKey()
                        + "': Nango keeps and refreshes the tokens, Switchboard asks it for the current one.",
                CONFIG_SCHEMA, Set.of());
        this.tokenVariable = new SkillVariable(
                settings.service().toUpperCase(Locale.ROOT).replace('-', '_') + "_ACCESS_TOKEN",
                "Access token for " + serviceTitle() + ", fetched from Nango", true);
    }

    @Override
    public PluginDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public String service() {
        return settings.service();
    }

    @Override
    public AuthKind authKind() {
        return AuthKind.BROKER;
    }

    @Override
    public AccessToken resolveToken(ProviderContext context) throws ProviderException {
        return token(context, false);
    }

    /** Makes Nango refresh the token now; {@code refreshToken} is ignored (Nango keeps it) and may be null. */
    @Override
    public TokenSet refresh(SecretValue refreshToken, ProviderContext context) throws ProviderException {
        AccessToken token = token(context, true);
        return new TokenSet(token.value(), null, token.expiresAt(), Set.of(), Map.of());
    }

    private AccessToken token(ProviderContext context, boolean force) throws ProviderException {
        NangoClient.Target target = target(context);
        TokenCache.Key key = new TokenCache.Key(context.organizationId(), target.baseUrl(),
                target.providerConfigKey(), target.connectionId());
        return cache.get(key, context.clock().instant(), force, () -> {
            LOG.debug("fetching token of Nango connection {} ({}, force={})", target.connectionId(),
                    target.providerConfigKey(), force);
            return nango.token(target, force);
        });
    }

    /**
     * Deletes the connection in Nango when the integration is disconnected (unless
     * {@code deleteConnectionOnDisconnect=false}); {@code tokens} is not used and may be null.
     */
    @Override
    public void revoke(TokenSet tokens, ProviderContext context) throws ProviderException {
        if (context.connectionId() == null) {
            return;
        }
        cache.evict(settings.providerConfigKey(), context.connectionId());
        if (settings.deleteOnDisconnect()) {
            nango.deleteConnection(target(context));
        }
    }

    @Override
    public Set<String> satisfiedCapabilities() {
        return Set.of(settings.service());
    }

    @Override
    public List<SkillVariable> skillVariables() {
        return List.of(tokenVariable);
    }

    @Override
    public Map<String, SecretValue> skillVariableValues(ProviderContext context, AccessToken token) {
        return token.isNone() ? Map.of() : Map.of(tokenVariable.name(), token.value());
    }

    @Override
    public boolean handlesLifecycleWebhooks() {
        return true;
    }

    /**
     * Nango {@code auth} webhooks for this instance's integration: a failed refresh makes the integration
     * {@code EXPIRED}, a successful (re-)authorization {@code ACTIVE}. Every such webhook drops the cached token.
     * Webhooks of other Nango integrations or other types give no events. {@code secret} is the Nango webhook
     * signing key; when the engine has none, the instance's {@code .webhookSigningKey} is used.
     */
    @Override
    public List<LifecycleEvent> lifecycleEvents(WebhookRequest request, SecretValue secret, ProviderContext context)
            throws ProviderException {
        SecretValue signingKey = secret == null || secret.isEmpty() ? settings.webhookSigningKey() : secret;
        Optional<NangoWebhook> webhook = NangoWebhook.verifyAndParse(request, signingKey);
        if (webhook.isEmpty() || !webhook.get().providerConfigKey().equals(settings.providerConfigKey())) {
            return List.of();
        }
        cache.evict(settings.providerConfigKey(), webhook.get().connectionId());
        return webhook.get().status()
                .map(status -> List.of(new LifecycleEvent(webhook.get().connectionId(), status)))
                .orElse(List.of());
    }

    /**
     * The deployment's Nango environment, or the organization's own when its config names a {@code secretKey}.
     * The deployment's key is never sent to a URL the organization chose.
     */
    private NangoClient.Target target(ProviderContext context) throws ProviderException {
        String connectionId = context.connectionId();
        if (connectionId == null || connectionId.isBlank()) {
            throw ProviderException.of(Reason.INVALID_GRANT, "the integration has no Nango connection id");
        }
        SecretValue ownKey = NangoSettings.secret(context.config().get(NangoConstants.CONFIG_SECRET_KEY));
        Object ownUrl = context.config().get(NangoConstants.CONFIG_BASE_URL);
        if (ownKey.isEmpty()) {
            if (ownUrl != null && !ownUrl.toString().isBlank()) {
                throw ProviderException.of(Reason.UNAUTHORIZED, "a Nango baseUrl needs its own secretKey");
            }
            return new NangoClient.Target(settings.baseUrl(), settings.secretKey(), settings.providerConfigKey(),
                    connectionId);
        }
        URI baseUrl;
        try {
            baseUrl = NangoSettings.baseUrl(ownUrl);
        } catch (IllegalArgumentException e) {
            throw ProviderException.of(Reason.BAD_RESPONSE, "the integration's Nango baseUrl is not an http(s) URL");
        }
        return new NangoClient.Target(baseUrl, ownKey, settings.providerConfigKey(), connectionId);
    }

    private String serviceTitle() {
        String service = settings.service();
        return Character.toUpperCase(service.charAt(0)) + service.substring(1);
    }

    /** For tests: how many connections have a cached token. */
    int cachedConnections() {
        return cache.size();
    }
}
