package dev.switchboard.core.plugins;

import dev.switchboard.spi.PluginKind;

/** No active plugin answers for a kind and id; REST answers 503 (or 404 where the id came from a URL). */
public class PluginUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final PluginKind kind;
    private final String pluginId;

    public PluginUnavailableException(PluginKind kind, String pluginId, String reason) {
        super(kind.slug() + " '" + pluginId + "' is not available: " + reason);
        this.kind = kind;
        this.pluginId = pluginId;
    }

    public PluginKind kind() {
        return kind;
    }

    public String pluginId() {
        return pluginId;
    }
}
