package dev.switchboard.core.plugins;

import dev.switchboard.spi.PluginDescriptor;
import dev.switchboard.spi.PluginKind;

/**
 * One plugin as the registry reports it.
 *
 * @param descriptor the plugin's own metadata; for failed plugins only the id is known and the other
 *                   fields are placeholders
 * @param error      why the plugin is FAILED, CONFLICT or INACTIVE; null when ACTIVE
 */
public record PluginEntry(PluginKind kind, PluginDescriptor descriptor, BundleInfo bundle, PluginState state,
                          String error) {

    public String id() {
        return descriptor.id();
    }

    /** The bundle that registered (or declared) the plugin. */
    public record BundleInfo(long id, String symbolicName, String version) {
    }
}
