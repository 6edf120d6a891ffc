package dev.switchboard.spi;

import java.util.Objects;
import java.util.Set;

/**
 * What every plugin says about itself.
 *
 * @param id           stable identifier, unique within its kind: lower-case letters, digits and '-'
 *                     (for example {@code github}, {@code echo})
 * @param displayName  human-readable name for the console
 * @param version      the plugin's version (usually its bundle version)
 * @param description  one or two sentences for operators and admins
 * @param configSchema JSON Schema (draft 2020-12) of the plugin's configuration, as JSON text;
 *                     {@code {"type":"object"}} when it takes none
 * @param capabilities capability flags the plugin supports (kind-specific names, e.g. {@code pause})
 */
public record PluginDescriptor(
        String id,
        String displayName,
        String version,
        String description,
        String configSchema,
        Set<String> capabilities) {

    /** The schema of a plugin without configuration. */
    public static final String NO_CONFIG_SCHEMA = "{\"type\":\"object\",\"additionalProperties\":false}";

    public PluginDescriptor {
        Objects.requireNonNull(id, "id");
        if (!id.matches("[a-z0-9][a-z0-9-]{0,62}")) {
            throw new IllegalArgumentException("plugin id must be lower-case letters, digits and '-': " + id);
        }
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(version, "version");
        description = description == null ? "" : description;
        configSchema = configSchema == null ? NO_CONFIG_SCHEMA : configSchema;
        capabilities = capabilities == null ? Set.of() : Set.copyOf(capabilities);
    }

    /** A descriptor without configuration and capabilities. */
    public static PluginDescriptor of(String id, String displayName, String version, String description) {
        return new PluginDescriptor(id, displayName, version, description, NO_CONFIG_SCHEMA, Set.of());
    }
}
