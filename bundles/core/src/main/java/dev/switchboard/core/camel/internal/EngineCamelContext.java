package dev.switchboard.core.camel.internal;

import dev.switchboard.core.camel.EngineRoutes;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.core.osgi.OsgiDefaultCamelContext;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the engine's CamelContext and publishes it as a service (so that Camel's shell commands see it).
 * Route contributions arrive as {@code RoutesBuilder} services and are removed with them.
 */
@Component(immediate = true, service = {})
public class EngineCamelContext {

    private static final Logger LOG = LoggerFactory.getLogger(EngineCamelContext.class);

    private final OsgiDefaultCamelContext camel;
    private final ServiceRegistration<CamelContext> registration;
    private final Map<RoutesBuilder, Set<String>> routeIds = new ConcurrentHashMap<>();

    @Activate
    public EngineCamelContext(BundleContext bundleContext) {
        camel = new OsgiDefaultCamelContext(bundleContext);
        camel.setName(EngineRoutes.CONTEXT_NAME);
        camel.setApplicationContextClassLoader(EngineCamelContext.class.getClassLoader());
        // the constructor already ran init(): routes added before start() would never start (camel-karaf #567)
        camel.start();
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("camel.context.name", camel.getName());
        registration = bundleContext.registerService(CamelContext.class, camel, properties);
        LOG.info("Camel context '{}' started", camel.getName());
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = "(" + EngineRoutes.PROPERTY + "=true)",
            unbind = "removeRoutes")
    synchronized void addRoutes(RoutesBuilder builder) {
        Set<String> before = currentRouteIds();
        try {
            camel.addRoutes(builder);
        } catch (Exception e) {
            LOG.error("routes of {} could not be added: {}", builder.getClass().getName(), e.getMessage(), e);
            return;
        }
        Set<String> added = currentRouteIds();
        added.removeAll(before);
        routeIds.put(builder, added);
        LOG.info("added routes {}", added);
    }

    synchronized void removeRoutes(RoutesBuilder builder) {
        Set<String> ids = routeIds.remove(builder);
        if (ids == null) {
            return;
        }
        for (String id : ids) {
            try {
                camel.getRouteController().stopRoute(id);
                camel.removeRoute(id);
            } catch (Exception e) {
                LOG.warn("route {} could not be removed: {}", id, e.getMessage());
            }
        }
        LOG.info("removed routes {}", ids);
    }

    @Deactivate
    void deactivate() {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // bundle is stopping
        }
        camel.stop();
    }

    private Set<String> currentRouteIds() {
        List<Route> routes = camel.getRoutes();
        Set<String> ids = new HashSet<>();
        routes.forEach(route -> ids.add(route.getRouteId()));
        return ids;
    }
}
