package dev.switchboard.actions.internal;

import dev.switchboard.core.camel.EngineRoutes;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Every 60 s on the engine's CamelContext: expire pending invocations past their time, remove expired grants,
 * old rate counters and old events. Every node runs it; the statements are idempotent.
 */
@Component(service = RoutesBuilder.class, property = EngineRoutes.PROPERTY + "=true")
public class ActionsSweeperRoutes extends RouteBuilder {

    static final String ROUTE_ID = "switchboard-actions-sweeper";

    private final ActionEngine engine;

    @Activate
    public ActionsSweeperRoutes(@Reference ActionEngine engine) {
        this.engine = engine;
    }

    @Override
    public void configure() {
        from("timer:" + ROUTE_ID + "?period=" + ActionsConstants.SWEEP_PERIOD_MILLIS + "&delay=10000")
                .routeId(ROUTE_ID)
                .process(exchange -> engine.sweep());
    }
}
