package dev.switchboard.integrations.oauth2.internal;

import dev.switchboard.integrations.oauth2.OAuth2Endpoints;
import dev.switchboard.integrations.oauth2.OAuth2ProviderAdapter;
import dev.switchboard.integrations.oauth2.PluginVersion;
import dev.switchboard.integrations.oauth2.ProviderHttp;
import dev.switchboard.foundation.InvalidConfigurationException;
import dev.switchboard.spi.AccessToken;
import dev.switchboard.spi.PluginDescriptor;
import dev.switchboard.spi.SecretValue;
import dev.switchboard.spi.provider.ProviderAdapter;
import dev.switchboard.spi.provider.ProviderContext;
import dev.switchboard.spi.provider.SkillVariable;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A provider adapter for an OAuth 2.0 service Switchboard does not ship an adapter for, configured entirely in
 * {@code etc/}: one instance per factory configuration {@code etc/dev.switchboard.integrations.oauth2-<name>.cfg}.
 * It connects, refreshes and revokes; it has no metadata look-ups; it satisfies the capability named like its
 * service and fills {@code <SERVICE>_ACCESS_TOKEN}.
 *
 * <p>Keys:
 * <ul>
 *   <li>{@code id} (required) — the plugin id, lower-case letters, digits and '-', unique among provider adapters</li>
 *   <li>{@code service} — the service it connects, e.g. {@code calendly}; default: {@code id}</li>
 *   <li>{@code displayName} — shown in the console; default: {@code id}</li>
 *   <li>{@code authorizeUrl}, {@code tokenUrl} (required) — absolute https URLs (http only for localhost)</li>
 *   <li>{@code revokeUrl} — RFC 7009 revocation endpoint; without it disconnecting revokes nothing upstream</li>
 *   <li>{@code scopes} — default scopes, separated by commas or spaces</li>
 *   <li>{@code scopeSeparator} — how scopes are sent: {@code space} (default, RFC 6749) or {@code comma}</li>
 *   <li>{@code pkce} — {@code true} when the provider accepts PKCE S256; default {@code false}</li>
 *   <li>{@code clientAuth} — {@code client_secret_post} (default) or {@code client_secret_basic}</li>
 * </ul>
 * The client id and secret are not configured here: the engine passes the organization's or the deployment's
 * OAuth client with every call. A malformed value stops the instance with a message naming the file, the key and
 * the expected form.
 */
@Component(service = ProviderAdapter.class, configurationPid = OAuth2Constants.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
public final class GenericOAuth2ProviderAdapter extends OAuth2ProviderAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(GenericOAuth2ProviderAdapter.class);

    private final GenericOAuth2Config config;
    private final PluginDescriptor descriptor;
    private final SkillVariable tokenVariable;

    @Activate
    public GenericOAuth2ProviderAdapter(Map<String, Object> properties) {
        this(parse(properties), new ProviderHttp());
    }

    GenericOAuth2ProviderAdapter(GenericOAuth2Config config, ProviderHttp http) {
        super(http);
        this.config = config;
        this.descriptor = new PluginDescriptor(config.id(), config.displayName(), PluginVersion.of(getClass()),
                "OAuth 2.0 connection to " + config.displayName() + ", configured in etc/.",
                PluginDescriptor.NO_CONFIG_SCHEMA, Set.of());
        String prefix = config.service().toUpperCase(Locale.ROOT).replace('-', '_');
        this.tokenVariable = new SkillVariable(prefix + "_ACCESS_TOKEN",
                "OAuth access token for " + config.displayName(), true);
    }

    private static GenericOAuth2Config parse(Map<String, Object> properties) {
        try {
            return GenericOAuth2Config.from(properties);
        } catch (InvalidConfigurationException e) {
            LOG.error("generic OAuth2 provider adapter not started: {}", e.getMessage());
            throw e;
        }
    }

    @Override
    public PluginDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public String service() {
        return config.service();
    }

    @Override
    protected OAuth2Endpoints defaultEndpoints() {
        return config.endpoints();
    }

    @Override
    public Set<String> satisfiedCapabilities() {
        return Set.of(config.service());
    }

    @Override
    public List<SkillVariable> skillVariables() {
        return List.of(tokenVariable);
    }

    @Override
    public Map<String, SecretValue> skillVariableValues(ProviderContext context, AccessToken token) {
        return Map.of(tokenVariable.name(), token.value());
    }
}
