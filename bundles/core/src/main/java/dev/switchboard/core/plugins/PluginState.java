package dev.switchboard.core.plugins;

/** How a plugin stands in the registry. */
public enum PluginState {
    /** Registered and answering for its id. */
    ACTIVE,
    /** Registered, but another bundle with a lower bundle id provides the same kind and id. */
    CONFLICT,
    /** Declared by its bundle's Switchboard-Plugin header but unusable: see the entry's error. */
    FAILED,
    /** Declared, bundle active, but the service is not registered (for example a reference is unsatisfied). */
    INACTIVE
}
