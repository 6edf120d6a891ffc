package dev.switchboard.core.camel;

/** Names shared by the engine's Camel context and the bundles that contribute routes to it. */
public final class EngineRoutes {

    /** Service property that marks a {@code RoutesBuilder} service as routes for the engine context. */
    public static final String PROPERTY = "switchboard.routes";

    /** Name of the engine's CamelContext, also its {@code camel.context.name} service property. */
    public static final String CONTEXT_NAME = "switchboard";

    private EngineRoutes() {
    }
}
