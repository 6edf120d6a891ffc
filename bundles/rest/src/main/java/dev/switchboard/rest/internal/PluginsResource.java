package dev.switchboard.rest.internal;

import dev.switchboard.core.plugins.PluginEntry;
import dev.switchboard.core.plugins.PluginRegistry;
import dev.switchboard.rest.ApiProblem;
import dev.switchboard.rest.RequiresRole;
import dev.switchboard.rest.RestExtensions;
import dev.switchboard.rest.Role;
import dev.switchboard.spi.PluginKind;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Arrays;
import java.util.List;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/** {@code /api/v1/plugins}: every plugin by kind, with its metadata, owning bundle and state. */
@Component(service = PluginsResource.class)
@JaxrsResource
@JSONRequired
@JaxrsExtensionSelect({RestExtensions.SELECT_PROBLEMS, RestExtensions.SELECT_AUTH})
@Path("/api/v1/plugins")
@RequiresRole(Role.MEMBER)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "plugins")
public class PluginsResource {

    private final PluginRegistry registry;

    @Activate
    public PluginsResource(@Reference PluginRegistry registry) {
        this.registry = registry;
    }

    @GET
    @Operation(summary = "List plugins, optionally of one kind")
    public PluginList list(@Parameter(description = "provider-adapter, trigger-source, action-adapter, "
            + "sandbox-provider or skill") @QueryParam("kind") String kind) {
        List<PluginEntry> entries = registry.entries();
        if (kind != null && !kind.isBlank()) {
            PluginKind wanted = parseKind(kind, true);
            entries = entries.stream().filter(entry -> entry.kind() == wanted).toList();
        }
        return new PluginList(entries.stream().map(PluginView::of).toList(), null);
    }

    @GET
    @Path("{kind}/{id}")
    @Operation(summary = "Show one plugin")
    public PluginView show(@PathParam("kind") String kind, @PathParam("id") String id) {
        PluginKind pluginKind = parseKind(kind, false);
        return registry.entry(pluginKind, id).map(PluginView::of).orElseThrow(() -> ApiProblem.notFound(
                "plugin_not_found", "no " + pluginKind.slug() + " with id '" + id + "' is deployed"));
    }

    private static PluginKind parseKind(String kind, boolean queryParameter) {
        return PluginKind.fromSlug(kind).orElseThrow(() -> {
            String known = String.join(", ", Arrays.stream(PluginKind.values()).map(PluginKind::slug).toList());
            String detail = "unknown plugin kind '" + kind + "'; expected one of " + known;
            return queryParameter
                    ? ApiProblem.badRequest("invalid_parameter", detail, List.of(new ApiProblem.FieldError("kind", detail)))
                    : ApiProblem.notFound("plugin_kind_not_found", detail);
        });
    }

    /** A page of plugins; the registry is small, so there is never a next page. */
    public record PluginList(List<PluginView> items, String nextCursor) {
    }
}
