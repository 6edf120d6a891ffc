package dev.switchboard.identity.internal;

import dev.switchboard.rest.Caller;
import dev.switchboard.rest.PageRequest;
import dev.switchboard.rest.PublicEndpoint;
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

/** {@code /api/v1/invitations}: invite (admin), list, cancel; accept and reject by token (public). */
@Component(service = InvitationsResource.class)
@JaxrsResource
@JSONRequired
@JaxrsExtensionSelect({RestExtensions.SELECT_PROBLEMS, RestExtensions.SELECT_AUTH})
@Path("/api/v1/invitations")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "invitations")
public class InvitationsResource {

    private final InvitationService invitations;
    private final AccountService accounts;

    @Activate
    public InvitationsResource(@Reference InvitationService invitations, @Reference AccountService accounts) {
        this.invitations = invitations;
        this.accounts = accounts;
    }

    public record InviteRequest(String email, String role) {
    }

    public record AcceptRequest(String token, String name, String password) {
    }

    public record TokenRequest(String token) {
    }

    @POST
    @RequiresRole(Role.ADMIN)
    @Operation(summary = "Invite someone to the active organization (admin); the link is returned")
    public Response invite(@Context SecurityContext security, InviteRequest request) {
        InviteRequest body = Inputs.body(request);
        InvitationService.Created created = invitations.invite(Caller.of(security), body.email(), body.role());
        return Response.created(URI.create("/api/v1/invitations/" + created.invitation().id()))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .entity(Views.InvitationView.of(created.invitation(),
                        // an emailed link goes to the invitee only; otherwise the inviter passes it on
                        created.delivery() == IdentityMail.Delivery.EMAIL ? null : created.link(),
                        created.delivery().name().toLowerCase(java.util.Locale.ROOT))).build();
    }

    @GET
    @RequiresRole(Role.ADMIN)
    @Operation(summary = "Invitations of the active organization (admin)")
    public PageRequest.Page<Views.InvitationView> list(@Context SecurityContext security,
                                                       @QueryParam("status") String status,
                                                       @QueryParam("limit") String limit,
                                                       @QueryParam("cursor") String cursor) {
        var page = invitations.list(Caller.of(security), status, PageRequest.of(limit, cursor));
        return new PageRequest.Page<>(page.items().stream().map(i -> Views.InvitationView.of(i, null, null)).toList(),
                page.nextCursor());
    }

    @POST
    @Path("{id}/cancel")
    @RequiresRole(Role.ADMIN)
    @Operation(summary = "Cancel a pending invitation (admin)")
    public Response cancel(@Context SecurityContext security, @PathParam("id") String id) {
        invitations.cancel(Caller.of(security), Inputs.id("id", id));
        return Response.noContent().build();
    }

    @POST
    @Path("accept")
    @PublicEndpoint
    @Operation(summary = "Accept an invitation: logged in, or creating the invited account with name and password")
    public Response accept(@Context SecurityContext security, AcceptRequest request) {
        AcceptRequest body = Inputs.body(request);
        var login = invitations.accept(Caller.optional(security), body.token(), body.name(), body.password());
        if (login.isEmpty()) {
            return Response.noContent().build();
        }
        return Response.status(Response.Status.CREATED)
                .header(HttpHeaders.SET_COOKIE, SessionCookie.set(login.get().sessionToken(), login.get().expiresAt(),
                        accounts.config().secureCookie()))
                .entity(new AuthResource.LoginResponse(Views.UserView.of(login.get().user()),
                        Views.OrganizationView.of(login.get().organization(), null)))
                .build();
    }

    @POST
    @Path("reject")
    @PublicEndpoint
    @Operation(summary = "Reject an invitation")
    public Response reject(TokenRequest request) {
        invitations.reject(Inputs.body(request).token());
        return Response.noContent().build();
    }
}
