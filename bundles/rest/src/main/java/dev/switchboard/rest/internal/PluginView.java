package dev.switchboard.rest.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.switchboard.core.plugins.PluginEntry;
import java.util.List;
import java.util.Locale;

/** One plugin as the API shows it. {@code configSchema} is the plugin's JSON Schema, embedded as JSON. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PluginView(String kind, String id, String displayName, String version, String description,
                         @JsonRawValue String configSchema, List<String> capabilities, Owner bundle, String state,
                         String error) {

    static PluginView of(PluginEntry entry) {
        var descriptor = entry.descriptor();
        return new PluginView(entry.kind().slug(), descriptor.id(), descriptor.displayName(), descriptor.version(),
                descriptor.description(), descriptor.configSchema(),
                descriptor.capabilities().stream().sorted().toList(),
                new Owner(entry.bundle().id(), entry.bundle().symbolicName(), entry.bundle().version()),
                entry.state().name().toLowerCase(Locale.ROOT), entry.error());
    }

    /** The bundle a plugin comes from. */
    public record Owner(long id, String symbolicName, String version) {
    }
}
