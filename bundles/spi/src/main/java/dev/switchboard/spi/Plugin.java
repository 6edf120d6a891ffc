package dev.switchboard.spi;

/**
 * A Switchboard plugin: an OSGi service registered under one of the five kind interfaces
 * ({@link PluginKind}). The engine discovers plugins through the service registry; a plugin never
 * registers itself anywhere else.
 *
 * <p>Contract shared by every kind:
 * <ul>
 *   <li>{@link #descriptor()} is called often and from any thread; it must return quickly, never block on
 *       I/O and always return an equal value for the lifetime of the service.</li>
 *   <li>The bundle that registers a plugin declares it in its {@code Switchboard-Plugin} manifest header
 *       (see {@link PluginHeader}) so that the engine can report it even when the bundle fails to start.</li>
 * </ul>
 */
public interface Plugin {

    /** Identity and metadata of this plugin; cheap, side-effect free, thread-safe. */
    PluginDescriptor descriptor();
}
