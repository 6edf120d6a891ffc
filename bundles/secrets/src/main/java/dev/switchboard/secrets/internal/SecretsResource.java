package dev.switchboard.secrets.internal;

import dev.switchboard.rest.RequiresRole;
import dev.switchboard.rest.RestExtensions;
import dev.switchboard.rest.Role;
import dev.switchboard.secrets.SecretCipherException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
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

/**
 * {@code /api/v1/secrets}: members list and check, admins change; values go in and never come out.
 */
@Component(service = SecretsResource.class)
@JaxrsResource
@JSONRequired
@JaxrsExtensionSelect({RestExtensions.SELECT_PROBLEMS, RestExtensions.SELECT_AUTH})
@Path("/api/v1/secrets")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "secrets")
public class SecretsResource {

    static final String PATH = "/api/v1/secrets";

    private final SecretsService secrets;
    private final ReencryptionService reencryption;

    @Activate
    public SecretsResource(@Reference SecretsService secrets, @Reference ReencryptionService reencryption) {
        this.secrets = secrets;
        this.reencryption = reencryption;
    }

    @GET
    @Operation(summary = "List secrets (metadata only), newest first")
    public SecretPage list(@Context SecurityContext security,
                           @Parameter(description = "exact scope; empty for organization-wide") @QueryParam("scope") String scope,
                           @QueryParam("bundleId") String bundleId, @QueryParam("limit") Integer limit,
                           @QueryParam("cursor") String cursor) {
        return secrets.list(Access.member(security).organizationId(), scope, Access.optionalId("bundleId", bundleId),
                limit, cursor);
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Show one secret's metadata")
    public SecretView get(@Context SecurityContext security, @PathParam("id") String id) {
        return secrets.get(Access.member(security).organizationId(), Access.id(id, SecretsProblems.secretNotFound()));
    }

    @POST
    @RequiresRole(Role.ADMIN)
    @Operation(summary = "Create a secret; the value is encrypted and never returned")
    public Response create(@Context SecurityContext security, NewSecret body) {
        SecretView created = secrets.create(Access.admin(security), body);
        return Response.created(URI.create(PATH + "/" + created.id())).entity(created).build();
    }

    @PATCH
    @Path("{id}")
    @RequiresRole(Role.ADMIN)
    @Operation(summary = "Change a secret's value, description or bundle (only the fields sent)")
    public SecretView update(@Context SecurityContext security, @PathParam("id") String id, Map<String, Object> body) {
        return secrets.update(Access.admin(security), Access.id(id, SecretsProblems.secretNotFound()), body);
    }

    @DELETE
    @Path("{id}")
    @RequiresRole(Role.ADMIN)
    @Operation(summary = "Delete a secret")
    public Response delete(@Context SecurityContext security, @PathParam("id") String id) {
        secrets.delete(Access.admin(security), Access.id(id, SecretsProblems.secretNotFound()));
        return Response.noContent().build();
    }

    @POST
    @Path("check")
    @Operation(summary = "Which keys exist organization-wide or in a scope")
    public List<KeyPresence> check(@Context SecurityContext security, KeyCheck body) {
        return secrets.check(Access.member(security).organizationId(), body);
    }

    @POST
    @Path("import")
    @RequiresRole(Role.ADMIN)
    @Operation(summary = "Import .env text in one transaction; existing keys are skipped")
    public ImportReport importEnv(@Context SecurityContext security, EnvImport body) {
        return secrets.importEnv(Access.admin(security), body);
    }

    @POST
    @Path("reencrypt")
    @Operation(summary = "Re-encrypt every encrypted value of the deployment under the active key (super-admins)")
    public ReencryptionReport reencrypt(@Context SecurityContext security) {
        Access.superAdmin(security);
        try {
            return reencryption.runAll();
        } catch (SecretCipherException e) {
            throw SecretsProblems.cipher(e);
        }
    }
}
