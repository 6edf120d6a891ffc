package dev.switchboard.actions.internal;

import dev.switchboard.rest.Caller;
import dev.switchboard.rest.PageRequest;
import dev.switchboard.rest.RequiresRole;
import dev.switchboard.rest.RestExtensions;
import dev.switchboard.rest.Role;
import dev.switchboard.rest.SessionTokenAllowed;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.UUID;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.sse.Sse;
import javax.ws.rs.sse.SseEventSink;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * {@code /api/v1/sessions/{id}/actions}: what the session's agent may do, its invocations and grants, and
 * the decisions of admins. The agent calls with its session token; people with their console session or
 * API key.
 */
@Component(service = SessionActionsResource.class)
@JaxrsResource
@JSONRequired
@JaxrsExtensionSelect({RestExtensions.SELECT_PROBLEMS, RestExtensions.SELECT_AUTH})
@Path("/api/v1/sessions/{id}/actions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "actions")
public class SessionActionsResource {

    private final ActionEngine engine;
    private final ActionEventStreams streams;

    @Activate
    public SessionActionsResource(@Reference ActionEngine engine, @Reference ActionEventStreams streams) {
        this.engine = engine;
        this.streams = streams;
    }

    @GET
    @Path("available")
    @SessionTokenAllowed
    @Operation(summary = "Integrations connected for the session and the actions each offers")
    public Views.AvailableView available(@Context SecurityContext security, @PathParam("id") String id) {
        return engine.available(Caller.of(security), sessionId(id));
    }

    @GET
    @Path("guide/{integration}")
    @SessionTokenAllowed
    @Operation(summary = "The markdown guide of an integration's actions")
    public Views.GuideView guide(@Context SecurityContext security, @PathParam("id") String id,
                                 @PathParam("integration") String integration) {
        return engine.guide(Caller.of(security), sessionId(id), integration);
    }

    @POST
    @Path("invoke")
    @SessionTokenAllowed
    @Operation(summary = "Invoke an action (the session's agent only): 200 ran, 202 awaits approval, 403 denied,"
            + " 429 too many pending or too fast")
    public Response invoke(@Context SecurityContext security, @PathParam("id") String id,
                           @HeaderParam("Idempotency-Key") String idempotencyKey, ActionEngine.InvokeRequest request) {
        return engine.invoke(Caller.of(security), sessionId(id), request, idempotencyKey).toResponse();
    }

    @GET
    @Path("invocations")
    @SessionTokenAllowed
    @Operation(summary = "The session's invocations, newest first")
    public PageRequest.Page<Views.InvocationView> invocations(@Context SecurityContext security, @PathParam("id") String id,
                                                              @QueryParam("status") String status,
                                                              @QueryParam("limit") String limit,
                                                              @QueryParam("cursor") String cursor) {
        return engine.invocations(Caller.of(security), sessionId(id), status, PageRequest.of(limit, cursor));
    }

    @GET
    @Path("invocations/{invocationId}")
    @SessionTokenAllowed
    @Operation(summary = "One invocation (the agent polls it while it awaits approval)")
    public Views.InvocationView invocation(@Context SecurityContext security, @PathParam("id") String id,
                                           @PathParam("invocationId") String invocationId) {
        return engine.invocation(Caller.of(security), sessionId(id), uuid("invocationId", invocationId));
    }

    @POST
    @Path("invocations/{invocationId}/approve")
    @RequiresRole(Role.ADMIN)
    @Operation(summary = "Approve a pending invocation once, or with a grant for later ones; runs it")
    public Response approve(@Context SecurityContext security, @PathParam("id") String id,
                            @PathParam("invocationId") String invocationId, ActionEngine.ApproveRequest request) {
        return engine.approve(Caller.of(security), sessionId(id), uuid("invocationId", invocationId), request)
                .toResponse();
    }

    @POST
    @Path("invocations/{invocationId}/deny")
    @RequiresRole(Role.ADMIN)
    @Operation(summary = "Deny a pending invocation")
    public Views.Outcome deny(@Context SecurityContext security, @PathParam("id") String id,
                              @PathParam("invocationId") String invocationId) {
        return engine.deny(Caller.of(security), sessionId(id), uuid("invocationId", invocationId));
    }

    @POST
    @Path("grants")
    @SessionTokenAllowed
    @Operation(summary = "The agent grants itself reusable permission (recorded in the session user's name)")
    public Response createGrant(@Context SecurityContext security, @PathParam("id") String id,
                                ActionEngine.GrantRequest request) {
        Views.GrantView grant = engine.requestGrant(Caller.of(security), sessionId(id), request);
        return Response.created(URI.create("/api/v1/sessions/" + id + "/actions/grants/" + grant.id()))
                .entity(grant).build();
    }

    @GET
    @Path("grants")
    @SessionTokenAllowed
    @Operation(summary = "Active grants the session can use: its own and org-wide ones")
    public PageRequest.Page<Views.GrantView> grants(@Context SecurityContext security, @PathParam("id") String id,
                                                    @QueryParam("limit") String limit,
                                                    @QueryParam("cursor") String cursor) {
        return engine.grants(Caller.of(security), sessionId(id), PageRequest.of(limit, cursor));
    }

    @POST
    @Path("grants/{grantId}/revoke")
    @RequiresRole(Role.ADMIN)
    @Operation(summary = "Revoke a grant")
    public Response revokeGrant(@Context SecurityContext security, @PathParam("id") String id,
                                @PathParam("grantId") String grantId) {
        engine.revokeGrant(Caller.of(security), sessionId(id), uuid("grantId", grantId));
        return Response.noContent().build();
    }

    @GET
    @Path("events")
    @SessionTokenAllowed
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Server-sent action events of the session; resume with Last-Event-ID")
    public void events(@Context SecurityContext security, @PathParam("id") String id,
                       @HeaderParam("Last-Event-ID") String lastEventId, @Context SseEventSink sink, @Context Sse sse) {
        Caller caller = Caller.of(security);
        UUID sessionId = sessionId(id);
        engine.access().session(caller, sessionId);
        streams.open(caller.requireOrganization(), sessionId, lastEventId, sink, sse);
    }

    static UUID sessionId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw SessionAccess.notFound();
        }
    }

    static UUID uuid(String field, String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw dev.switchboard.rest.ApiProblem.notFound((field.equals("grantId") ? "grant" : "invocation") + "_not_found", "no such " + field);
        }
    }

}
