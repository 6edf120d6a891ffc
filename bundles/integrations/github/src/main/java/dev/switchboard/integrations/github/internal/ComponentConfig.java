package dev.switchboard.integrations.github.internal;

import static dev.switchboard.integrations.github.GitHubConstants.API_BASE_URL;
import static dev.switchboard.integrations.github.GitHubConstants.APP_ID;
import static dev.switchboard.integrations.github.GitHubConstants.PRIVATE_KEY;
import static dev.switchboard.integrations.github.GitHubConstants.SCOPES;
import static dev.switchboard.integrations.github.GitHubConstants.SLUG;
import static dev.switchboard.integrations.github.GitHubConstants.WEBHOOK_SECRET;
import static dev.switchboard.integrations.github.GitHubConstants.WEB_BASE_URL;

import dev.switchboard.spi.provider.ProviderException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The adapter keys of a component's DS properties (the rest, such as {@code component.name}, is dropped),
 * checked once at activation so that a malformed {@code etc/} file shows up in the log right away.
 */
public final class ComponentConfig {

    private static final Logger LOG = LoggerFactory.getLogger(ComponentConfig.class);
    private static final List<String> KEYS =
            List.of(API_BASE_URL, WEB_BASE_URL, SCOPES, APP_ID, PRIVATE_KEY, WEBHOOK_SECRET, SLUG);

    private ComponentConfig() {
    }

    /** The adapter keys of {@code properties}; logs (key names, never values) what is wrong with them. */
    public static Map<String, Object> of(Map<String, Object> properties, String pid) {
        Map<String, Object> config = new LinkedHashMap<>();
        if (properties != null) {
            KEYS.stream().filter(properties::containsKey).forEach(key -> config.put(key, properties.get(key)));
        }
        try {
            LOG.info("GitHub adapter configuration from etc/{}.cfg: {}", pid, GitHubSettings.merge(config, Map.of()));
        } catch (ProviderException e) {
            LOG.warn("etc/{}.cfg: {}; calls fail until it is fixed or the engine's config overrides it",
                    pid, e.getMessage());
        }
        return Map.copyOf(config);
    }

    /** The settings of the component alone, or the defaults when they are malformed. */
    public static GitHubSettings settingsOrDefaults(Map<String, Object> config) {
        try {
            return GitHubSettings.merge(config, Map.of());
        } catch (ProviderException e) {
            try {
                return GitHubSettings.merge(Map.of(), Map.of());
            } catch (ProviderException impossible) {
                throw new IllegalStateException(impossible);
            }
        }
    }
}
