package dev.switchboard.secrets.internal;

import dev.switchboard.rest.RequiresRole;
import dev.switchboard.rest.RestExtensions;
import dev.switchboard.rest.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.Map;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PATCH;
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

/** {@code /api/v1/secret-bundles}: named groups of secrets with an optional env file path. */
@Component(service = SecretBundlesResource.class)
@JaxrsResource
@JSONRequired
@JaxrsExtensionSelect({RestExtensions.SELECT_PROBLEMS, RestExtensions.SELECT_AUTH})
@Path("/api/v1/secret-bundles")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "secrets")
public class SecretBundlesResource {

    static final String PATH = "/api/v1/secret-bundles";

    private final SecretsService secrets;

    @Activate
    public SecretBundlesResource(@Reference SecretsService secrets) {
        this.secrets = secrets;
    }

    @GET
    @Operation(summary = "List secret bundles by name, with the number of secrets in each")
    public BundlePage list(@Context SecurityContext security, @QueryParam("limit") Integer limit,
                           @QueryParam("cursor") String cursor) {
        return secrets.listBundles(Access.member(security).organizationId(), limit, cursor);
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Show one secret bundle")
    public BundleView get(@Context SecurityContext security, @PathParam("id") String id) {
        return secrets.getBundle(Access.member(security).organizationId(), Access.id(id, SecretsProblems.bundleNotFound()));
    }

    @POST
    @RequiresRole(Role.ADMIN)
    @Operation(summary = "Create a secret bundle")
    public Response create(@Context SecurityContext security, NewBundle body) {
        BundleView created = secrets.createBundle(Access.admin(security), body);
        return Response.created(URI.create(PATH + "/" + created.id())).entity(created).build();
    }

    @PATCH
    @Path("{id}")
    @RequiresRole(Role.ADMIN)
    @Operation(summary = "Change a bundle's name, description or target path (only the fields sent)")
    public BundleView update(@Context SecurityContext security, @PathParam("id") String id, Map<String, Object> body) {
        return secrets.updateBundle(Access.admin(security), Access.id(id, SecretsProblems.bundleNotFound()), body);
    }

    @DELETE
    @Path("{id}")
    @RequiresRole(Role.ADMIN)
    @Operation(summary = "Delete a bundle; its secrets are kept, without a bundle")
    public Response delete(@Context SecurityContext security, @PathParam("id") String id) {
        secrets.deleteBundle(Access.admin(security), Access.id(id, SecretsProblems.bundleNotFound()));
        return Response.noContent().build();
    }
}
