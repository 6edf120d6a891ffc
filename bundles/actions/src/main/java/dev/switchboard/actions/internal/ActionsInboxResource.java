package dev.switchboard.actions.internal;

import dev.switchboard.rest.Caller;
import dev.switchboard.rest.PageRequest;
import dev.switchboard.rest.RequiresRole;
import dev.switchboard.rest.RestExtensions;
import dev.switchboard.rest.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.sse.Sse;
import javax.ws.rs.sse.SseEventSink;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/** {@code /api/v1/actions}: the organization's invocations (the approval inbox) and its event stream. */
@Component(service = ActionsInboxResource.class)
@JaxrsResource
@JSONRequired
@JaxrsExtensionSelect({RestExtensions.SELECT_PROBLEMS, RestExtensions.SELECT_AUTH})
@Path("/api/v1/actions")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "actions")
public class ActionsInboxResource {

    private final ActionEngine engine;
    private final ActionEventStreams streams;

    @Activate
    public ActionsInboxResource(@Reference ActionEngine engine, @Reference ActionEventStreams streams) {
        this.engine = engine;
        this.streams = streams;
    }

    @GET
    @Operation(summary = "Invocations of the organization, newest first, with the session title and a total")
    public Views.InboxPage list(@Context SecurityContext security, @QueryParam("status") String status,
                                @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return engine.inbox(Caller.of(security), status, PageRequest.of(limit, cursor));
    }

    @GET
    @Path("events")
    @RequiresRole(Role.ADMIN)
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Server-sent action events of the whole organization (approval requests and results)")
    public void events(@Context SecurityContext security, @HeaderParam("Last-Event-ID") String lastEventId,
                       @Context SseEventSink sink, @Context Sse sse) {
        Caller caller = Caller.of(security);
        SessionAccess.requireApprover(caller);
        streams.open(caller.requireOrganization(), null, lastEventId, sink, sse);
    }
}
