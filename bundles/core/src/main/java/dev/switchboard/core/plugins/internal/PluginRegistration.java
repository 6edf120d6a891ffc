package dev.switchboard.core.plugins.internal;

import dev.switchboard.core.plugins.PluginEntry.BundleInfo;
import dev.switchboard.spi.Plugin;
import dev.switchboard.spi.PluginDescriptor;
import dev.switchboard.spi.PluginKind;

/**
 * A plugin service as the registry holds it. The descriptor is read once, when the service arrives, so
 * that a plugin that throws from it is isolated right there.
 */
record PluginRegistration(PluginKind kind, Plugin plugin, PluginDescriptor descriptor, String descriptorError,
                          BundleInfo bundle, long serviceId) {

    /**
     * @param declaredId the id the bundle's header declares for this kind when it declares exactly one;
     *                   names a plugin whose descriptor fails
     */
    static PluginRegistration of(PluginKind kind, Plugin plugin, BundleInfo bundle, long serviceId,
                                 String declaredId) {
        try {
            PluginDescriptor descriptor = plugin.descriptor();
            if (descriptor == null) {
                return failed(kind, plugin, bundle, serviceId, declaredId, "descriptor() returned null");
            }
            return new PluginRegistration(kind, plugin, descriptor, null, bundle, serviceId);
        } catch (RuntimeException | LinkageError e) {
            return failed(kind, plugin, bundle, serviceId, declaredId, "descriptor() threw " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    private static PluginRegistration failed(PluginKind kind, Plugin plugin, BundleInfo bundle, long serviceId,
                                             String declaredId, String error) {
        String id = declaredId != null ? declaredId : "service-" + serviceId;
        PluginDescriptor placeholder = PluginDescriptor.of(id, bundle.symbolicName(),
                bundle.version(), "");
        return new PluginRegistration(kind, plugin, placeholder, error, bundle, serviceId);
    }

    boolean usable() {
        return descriptorError == null;
    }

    String id() {
        return descriptor.id();
    }
}
