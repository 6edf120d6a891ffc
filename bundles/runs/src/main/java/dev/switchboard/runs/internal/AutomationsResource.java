package dev.switchboard.runs.internal;

import dev.switchboard.foundation.IdempotencyStore;
import dev.switchboard.rest.ApiProblem;
import dev.switchboard.rest.Caller;
import dev.switchboard.rest.Idempotency;
import dev.switchboard.rest.PageRequest;
import dev.switchboard.rest.RequiresRole;
import dev.switchboard.rest.RestExtensions;
import dev.switchboard.rest.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.net.URI;
import java.util.UUID;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
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

/** {@code /api/v1/automations}: members read, admins change them and start runs by hand. */
@Component(service = AutomationsResource.class)
@JaxrsResource
@JSONRequired
@JaxrsExtensionSelect({RestExtensions.SELECT_PROBLEMS, RestExtensions.SELECT_AUTH})
@Path("/api/v1/automations")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "automations")
public class AutomationsResource {

    private final AutomationAdmin admin;
    private final RunAdmin runs;
    private final Idempotency idempotency;

    @Activate
    public AutomationsResource(@Reference AutomationAdmin admin, @Reference RunAdmin runs,
                               @Reference IdempotencyStore idempotencyStore) {
        this.admin = admin;
        this.runs = runs;
        this.idempotency = new Idempotency(idempotencyStore);
    }

    @POST
    @Path("{id}/runs")
    @RequiresRole(Role.ADMIN)
    @Operation(summary = "Start a run of the automation by hand; Idempotency-Key makes a retry start nothing twice")
    public Response startRun(@Context SecurityContext security, @PathParam("id") String id,
                             @HeaderParam(Idempotency.HEADER) String idempotencyKey, RunAdmin.StartRequest request) {
        Caller caller = Caller.of(security);
        UUID automationId = id(id);
        RunAdmin.StartRequest given = request == null ? new RunAdmin.StartRequest(null, null, null, null) : request;
        return idempotency.execute(caller.requireOrganization(), idempotencyKey, "automations.runs:" + automationId,
                given, Idempotency.DEFAULT_TTL, () -> {
                    java.util.Map<String, Object> run = runs.start(caller, automationId, given);
                    return Response.created(URI.create("/api/v1/runs/" + run.get("id"))).entity(run).build();
                });
    }

    @POST
    @RequiresRole(Role.ADMIN)
    @Operation(summary = "Create an automation")
    public Response create(@Context SecurityContext security, AutomationAdmin.AutomationRequest request) {
        AutomationAdmin.AutomationView created = admin.create(Caller.of(security), body(request));
        return Response.created(URI.create("/api/v1/automations/" + created.id())).entity(created).build();
    }

    @GET
    @Operation(summary = "The organization's automations, newest first")
    public PageRequest.Page<AutomationAdmin.AutomationView> list(@Context SecurityContext security,
                                                                 @QueryParam("limit") String limit,
                                                                 @QueryParam("cursor") String cursor) {
        return admin.list(Caller.of(security), PageRequest.of(limit, cursor));
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One automation")
    public AutomationAdmin.AutomationView get(@Context SecurityContext security, @PathParam("id") String id) {
        return admin.get(Caller.of(security), id(id));
    }

    @PATCH
    @Path("{id}")
    @RequiresRole(Role.ADMIN)
    @Operation(summary = "Change an automation's settings; absent fields keep their value")
    public AutomationAdmin.AutomationView update(@Context SecurityContext security, @PathParam("id") String id,
                                                 AutomationAdmin.AutomationRequest request) {
        return admin.update(Caller.of(security), id(id), body(request));
    }

    @DELETE
    @Path("{id}")
    @RequiresRole(Role.ADMIN)
    @Operation(summary = "Delete an automation with its triggers, schedules and runs")
    public Response delete(@Context SecurityContext security, @PathParam("id") String id) {
        admin.delete(Caller.of(security), id(id));
        return Response.noContent().build();
    }

    @GET
    @Path("{id}/connections")
    @Operation(summary = "The integrations bound to the automation (its runs' sessions get them)")
    public List<String> connections(@Context SecurityContext security, @PathParam("id") String id) {
        return admin.connections(Caller.of(security), id(id));
    }

    @javax.ws.rs.PUT
    @Path("{id}/connections/{integrationId}")
    @RequiresRole(Role.ADMIN)
    @Operation(summary = "Bind an integration of the organization to the automation (idempotent)")
    public List<String> connect(@Context SecurityContext security, @PathParam("id") String id,
                                @PathParam("integrationId") String integrationId) {
        return admin.connect(Caller.of(security), id(id), integration(integrationId));
    }

    @DELETE
    @Path("{id}/connections/{integrationId}")
    @RequiresRole(Role.ADMIN)
    @Operation(summary = "Unbind an integration from the automation")
    public List<String> disconnect(@Context SecurityContext security, @PathParam("id") String id,
                                   @PathParam("integrationId") String integrationId) {
        return admin.disconnect(Caller.of(security), id(id), integration(integrationId));
    }

    private static UUID integration(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ApiProblem.notFound("integration_not_found", "no integration with this id in the organization");
        }
    }

    private static <T> T body(T body) {
        if (body == null) {
            throw ApiProblem.badRequest("invalid_body", "a JSON body is required", List.of());
        }
        return body;
    }

    private static UUID id(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ApiProblem.notFound("automation_not_found", "no automation with this id in the organization");
        }
    }
}
