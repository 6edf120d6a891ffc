package dev.switchboard.identity.internal;

import dev.switchboard.rest.Caller;
import dev.switchboard.rest.PageRequest;
import dev.switchboard.rest.RequiresRole;
import dev.switchboard.rest.Role;
import javax.ws.rs.core.HttpHeaders;
import dev.switchboard.rest.RestExtensions;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.PATCH;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
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
import java.net.URI;

/** {@code /api/v1/api-keys}: API keys of the active organization. */
@Component(service = ApiKeysResource.class)
@JaxrsResource
@JSONRequired
@JaxrsExtensionSelect({RestExtensions.SELECT_PROBLEMS, RestExtensions.SELECT_AUTH})
@Path("/api/v1/api-keys")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RequiresRole(Role.MEMBER)
@Tag(name = "api-keys")
public class ApiKeysResource {

    private final ApiKeyService keys;

    @Activate
    public ApiKeysResource(@Reference ApiKeyService keys) {
        this.keys = keys;
    }

    public record ApiKeyRequest(String name, String expiresAt) {
    }

    @POST
    @Operation(summary = "Create an API key for yourself in the active organization; the key is shown once")
    public Response create(@Context SecurityContext security, ApiKeyRequest request) {
        ApiKeyRequest body = Inputs.body(request);
        Views.ApiKeyView created = keys.create(Caller.of(security), body.name(), body.expiresAt());
        return Response.created(URI.create("/api/v1/api-keys/" + created.id()))
                .header(HttpHeaders.CACHE_CONTROL, "no-store").entity(created).build();
    }

    @GET
    @Operation(summary = "Your API keys (admins: every key of the organization)")
    public PageRequest.Page<Views.ApiKeyView> list(@Context SecurityContext security,
                                                   @QueryParam("limit") String limit,
                                                   @QueryParam("cursor") String cursor) {
        return keys.list(Caller.of(security), PageRequest.of(limit, cursor));
    }

    @POST
    @Path("{id}/revoke")
    @Operation(summary = "Revoke an API key (yours, or any as admin)")
    public Response revoke(@Context SecurityContext security, @PathParam("id") String id) {
        keys.revoke(Caller.of(security), Inputs.id("id", id));
        return Response.noContent().build();
    }
}
