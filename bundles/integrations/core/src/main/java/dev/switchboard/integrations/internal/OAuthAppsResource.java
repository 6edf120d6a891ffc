package dev.switchboard.integrations.internal;

import dev.switchboard.rest.Caller;
import dev.switchboard.rest.RequiresRole;
import dev.switchboard.rest.RestExtensions;
import dev.switchboard.rest.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/** {@code /api/v1/oauth-apps}: the organization's own OAuth client per provider adapter (admins). */
@Component(service = OAuthAppsResource.class)
@JaxrsResource
@JSONRequired
@JaxrsExtensionSelect({RestExtensions.SELECT_PROBLEMS, RestExtensions.SELECT_AUTH})
@Path("/api/v1/oauth-apps")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RequiresRole(Role.ADMIN)
@Tag(name = "integrations")
public class OAuthAppsResource {

    private final OAuthAppService apps;

    @Activate
    public OAuthAppsResource(@Reference OAuthAppService apps) {
        this.apps = apps;
    }

    @GET
    @Operation(summary = "The organization's own OAuth apps (secrets never returned)")
    public Map<String, List<OAuthAppService.OAuthAppView>> list(@Context SecurityContext security) {
        return Map.of("items", apps.list(Caller.of(security)));
    }

    @GET
    @Path("{providerAdapterId}")
    @Operation(summary = "The organization's own OAuth app for one provider adapter")
    public OAuthAppService.OAuthAppView get(@Context SecurityContext security,
                                            @PathParam("providerAdapterId") String providerAdapterId) {
        return apps.get(Caller.of(security), providerAdapterId);
    }

    @PUT
    @Path("{providerAdapterId}")
    @Operation(summary = "Set the organization's own client id and secret for a provider adapter")
    public OAuthAppService.OAuthAppView put(@Context SecurityContext security,
                                            @PathParam("providerAdapterId") String providerAdapterId,
                                            OAuthAppService.OAuthAppRequest request) {
        return apps.put(Caller.of(security), providerAdapterId, Inputs.body(request));
    }

    @DELETE
    @Path("{providerAdapterId}")
    @Operation(summary = "Go back to the deployment's OAuth app for new connections")
    public Response delete(@Context SecurityContext security, @PathParam("providerAdapterId") String providerAdapterId) {
        apps.delete(Caller.of(security), providerAdapterId);
        return Response.noContent().build();
    }
}
