package dev.switchboard.identity.internal;

import dev.switchboard.rest.Caller;
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
import java.util.List;

/** {@code /api/v1/organizations}: the caller's organizations; create, rename, transfer, delete. */
@Component(service = OrganizationsResource.class)
@JaxrsResource
@JSONRequired
@JaxrsExtensionSelect({RestExtensions.SELECT_PROBLEMS, RestExtensions.SELECT_AUTH})
@Path("/api/v1/organizations")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "organizations")
public class OrganizationsResource {

    private final OrganizationService organizations;

    @Activate
    public OrganizationsResource(@Reference OrganizationService organizations) {
        this.organizations = organizations;
    }

    public record OrganizationRequest(String name, String slug) {
    }

    public record TransferRequest(String userId) {
    }

    public record OrganizationList(List<Views.OrganizationView> items, String nextCursor) {
    }

    @GET
    @Operation(summary = "The organizations the caller belongs to, with the caller's role")
    public OrganizationList list(@Context SecurityContext security) {
        Caller caller = Caller.of(security);
        return new OrganizationList(organizations.membershipsOf(caller.requireUser()).stream()
                .map(Views.OrganizationView::of).toList(), null);
    }

    @POST
    @Operation(summary = "Create an organization; the caller becomes its owner")
    public Response create(@Context SecurityContext security, OrganizationRequest request) {
        OrganizationRequest body = Inputs.body(request);
        var created = organizations.create(Caller.of(security), body.name(), body.slug());
        return Response.created(URI.create("/api/v1/organizations/" + created.id()))
                .entity(Views.OrganizationView.of(created, "owner")).build();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One organization the caller belongs to")
    public Views.OrganizationView show(@Context SecurityContext security, @PathParam("id") String id) {
        var membership = organizations.membership(Caller.of(security), Inputs.id("id", id));
        return Views.OrganizationView.of(organizations.organization(membership.organizationId()), membership.role());
    }

    @PATCH
    @Path("{id}")
    @Operation(summary = "Rename an organization or change its slug (admin)")
    public Views.OrganizationView update(@Context SecurityContext security, @PathParam("id") String id,
                                         OrganizationRequest request) {
        OrganizationRequest body = Inputs.body(request);
        Caller caller = Caller.of(security);
        UUID organizationId = Inputs.id("id", id);
        var updated = organizations.update(caller, organizationId, body.name(), body.slug());
        return Views.OrganizationView.of(updated, organizations.membership(caller, organizationId).role());
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete an organization and all its data (owner)")
    public Response delete(@Context SecurityContext security, @PathParam("id") String id) {
        organizations.delete(Caller.of(security), Inputs.id("id", id));
        return Response.noContent().build();
    }

    @POST
    @Path("{id}/transfer-ownership")
    @Operation(summary = "Make another member the owner; the caller becomes admin (owner)")
    public Response transfer(@Context SecurityContext security, @PathParam("id") String id, TransferRequest request) {
        organizations.transferOwnership(Caller.of(security), Inputs.id("id", id),
                Inputs.id("userId", Inputs.body(request).userId()));
        return Response.noContent().build();
    }
}
