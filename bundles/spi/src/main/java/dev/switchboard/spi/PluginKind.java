package dev.switchboard.spi;

import java.util.Arrays;
import java.util.Optional;

/** The five kinds of plugin, each with the name it has in URLs and in the {@code Switchboard-Plugin} header. */
public enum PluginKind {
    PROVIDER_ADAPTER("provider-adapter"),
    TRIGGER_SOURCE("trigger-source"),
    ACTION_ADAPTER("action-adapter"),
    SANDBOX_PROVIDER("sandbox-provider"),
    SKILL("skill");

    private final String slug;

    PluginKind(String slug) {
        this.slug = slug;
    }

    /** The kebab-case name used in REST paths and manifest headers, e.g. {@code action-adapter}. */
    public String slug() {
        return slug;
    }

    /** The kind whose {@link #slug()} equals {@code slug}, if any. */
    public static Optional<PluginKind> fromSlug(String slug) {
        return Arrays.stream(values()).filter(kind -> kind.slug.equals(slug)).findFirst();
    }
}
