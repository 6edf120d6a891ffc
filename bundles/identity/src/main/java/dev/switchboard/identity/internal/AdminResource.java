package dev.switchboard.identity.internal;

import dev.switchboard.identity.AuditLog;
import dev.switchboard.rest.ApiProblem;
import dev.switchboard.rest.Caller;
import dev.switchboard.rest.RestExtensions;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
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

/** {@code /api/v1/admin}: super-admin tools (configured list of emails): users, impersonation. */
@Component(service = AdminResource.class)
@JaxrsResource
@JSONRequired
@JaxrsExtensionSelect({RestExtensions.SELECT_PROBLEMS, RestExtensions.SELECT_AUTH})
@Path("/api/v1/admin")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "admin")
public class AdminResource {

    private final AccountService accounts;
    private final AuditLog audit;

    @Activate
    public AdminResource(@Reference AccountService accounts, @Reference AuditLog audit) {
        this.accounts = accounts;
        this.audit = audit;
    }

    public record ImpersonationRequest(String userId, String organizationId) {
    }

    public record UserList(List<Views.UserView> items, String nextCursor) {
    }

    @GET
    @Path("users")
    @Operation(summary = "Users of the installation (super-admin)")
    public UserList users(@Context SecurityContext security) {
        requireSuperAdmin(Caller.of(security));
        return new UserList(accounts.users(100).stream().map(Views.UserView::of).toList(), null);
    }

    @POST
    @Path("impersonate")
    @Operation(summary = "Act as a member of an organization for up to 24 h (super-admin, console)")
    public Response impersonate(@Context SecurityContext security, ImpersonationRequest request) {
        ImpersonationRequest body = Inputs.body(request);
        accounts.impersonate(Caller.of(security), Inputs.id("userId", body.userId()),
                Inputs.id("organizationId", body.organizationId()), audit);
        return Response.noContent().build();
    }

    @POST
    @Path("impersonation/stop")
    @Operation(summary = "Stop impersonating")
    public Response stop(@Context SecurityContext security) {
        accounts.stopImpersonation(Caller.of(security), audit);
        return Response.noContent().build();
    }

    private static void requireSuperAdmin(Caller caller) {
        if (!caller.superAdmin()) {
            throw new ApiProblem(403, "super_admin_required", "Forbidden", "only super-admins may do this");
        }
    }
}
