package dev.switchboard.identity.internal;

import dev.switchboard.rest.Caller;
import dev.switchboard.rest.RequiresRole;
import dev.switchboard.rest.Role;
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
import java.util.List;

/** {@code /api/v1/members}: members of the active organization. */
@Component(service = MembersResource.class)
@JaxrsResource
@JSONRequired
@JaxrsExtensionSelect({RestExtensions.SELECT_PROBLEMS, RestExtensions.SELECT_AUTH})
@Path("/api/v1/members")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RequiresRole(Role.MEMBER)
@Tag(name = "members")
public class MembersResource {

    private final OrganizationService organizations;

    @Activate
    public MembersResource(@Reference OrganizationService organizations) {
        this.organizations = organizations;
    }

    public record RoleRequest(String role) {
    }

    public record MemberList(List<Views.MemberView> items, String nextCursor) {
    }

    @GET
    @Operation(summary = "Members of the active organization")
    public MemberList list(@Context SecurityContext security) {
        return new MemberList(organizations.members(Caller.of(security)).stream().map(Views.MemberView::of).toList(),
                null);
    }

    @PATCH
    @Path("{userId}")
    @RequiresRole(Role.ADMIN)
    @Operation(summary = "Change a member's role (admin; owner role only by owners)")
    public Views.MemberView changeRole(@Context SecurityContext security, @PathParam("userId") String userId,
                                       RoleRequest request) {
        return Views.MemberView.of(organizations.changeRole(Caller.of(security), Inputs.id("userId", userId),
                Inputs.role(Inputs.body(request).role())));
    }

    @DELETE
    @Path("{userId}")
    @Operation(summary = "Remove a member (admin), or leave (yourself)")
    public Response remove(@Context SecurityContext security, @PathParam("userId") String userId) {
        organizations.removeMember(Caller.of(security), Inputs.id("userId", userId));
        return Response.noContent().build();
    }
}
