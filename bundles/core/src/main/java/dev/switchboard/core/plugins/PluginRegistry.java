package dev.switchboard.core.plugins;

import dev.switchboard.spi.Plugin;
import dev.switchboard.spi.PluginKind;
import java.util.List;
import java.util.Optional;

/**
 * Every plugin the OSGi service registry holds, keyed by kind and id, plus plugin bundles that failed.
 * Views are snapshots: a plugin whose bundle stops is gone from the next call on.
 */
public interface PluginRegistry {

    /** All entries, sorted by kind then id; winners, conflicts and failures alike. */
    List<PluginEntry> entries();

    /** The entry that answers for {@code kind}/{@code id}: the winner if any, else a conflict or failure. */
    Optional<PluginEntry> entry(PluginKind kind, String id);

    /**
     * The active plugin of the given kind and id.
     *
     * @throws PluginUnavailableException when there is none (absent, failed or its bundle stopped)
     */
    <T extends Plugin> T require(Class<T> kindType, String id);

    /** The active plugins of one kind, sorted by id. */
    <T extends Plugin> List<T> active(Class<T> kindType);
}
