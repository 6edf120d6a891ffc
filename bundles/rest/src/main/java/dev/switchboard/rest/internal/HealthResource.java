package dev.switchboard.rest.internal;

import dev.switchboard.core.plugins.PluginEntry;
import dev.switchboard.core.plugins.PluginRegistry;
import dev.switchboard.core.plugins.PluginState;
import dev.switchboard.foundation.DatabaseHealth;
import dev.switchboard.foundation.MigrationStatus;
import dev.switchboard.rest.PublicEndpoint;
import dev.switchboard.rest.RestExtensions;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * {@code GET /api/v1/health}: public. Every dependency is optional and dynamic so that the endpoint
 * answers DOWN, rather than disappearing, when the database or a bundle is missing.
 */
@Component(service = HealthResource.class)
@JaxrsResource
@JSONRequired
// no auth extension: health must answer DOWN even while the identity bundle waits for the database
@JaxrsExtensionSelect(RestExtensions.SELECT_PROBLEMS)
@Path("/api/v1/health")
@PublicEndpoint
@Tag(name = "health")
public class HealthResource {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile DatabaseHealth database;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile MigrationStatus migrations;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile PluginRegistry plugins;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Engine health: database, migrations and plugins; 503 when DOWN")
    public Response health() {
        HealthReport report = HealthReport.of(databaseStatus(), migrationStatus(), pluginCounts());
        return Response.status(report.status().equals(HealthReport.UP) ? 200 : 503)
                .type(MediaType.APPLICATION_JSON).entity(report).build();
    }

    private HealthReport.Database databaseStatus() {
        DatabaseHealth current = database;
        if (current == null) {
            return new HealthReport.Database(HealthReport.DOWN, "database monitor is not running", null);
        }
        DatabaseHealth.Status status = current.status();
        return new HealthReport.Database(status.up() ? HealthReport.UP : HealthReport.DOWN, status.detail(),
                status.since().toString());
    }

    private List<MigrationStatus.ModuleMigration> migrationStatus() {
        MigrationStatus current = migrations;
        return current == null ? null : current.modules();
    }

    private List<PluginEntry> pluginCounts() {
        PluginRegistry current = plugins;
        return current == null ? null : current.entries();
    }

    static long count(List<PluginEntry> entries, PluginState state) {
        return entries.stream().filter(entry -> entry.state() == state).count();
    }
}
