package dev.switchboard.spi;

/**
 * The manifest header that marks a plugin bundle. Its value lists the plugins the bundle provides, as
 * {@code <kind-slug>;id=<plugin id>} clauses separated by commas, for example
 * {@code Switchboard-Plugin: action-adapter;id=echo, trigger-source;id=echo-events}.
 * The engine reads it to report a bundle that did not resolve or whose components failed to activate.
 */
public final class PluginHeader {

    /** Name of the manifest header. */
    public static final String NAME = "Switchboard-Plugin";

    private PluginHeader() {
    }
}
