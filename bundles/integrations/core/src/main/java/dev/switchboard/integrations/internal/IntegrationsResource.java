package dev.switchboard.integrations.internal;

import dev.switchboard.foundation.IdempotencyStore;
import dev.switchboard.rest.Caller;
import dev.switchboard.rest.Idempotency;
import dev.switchboard.rest.PageRequest;
import dev.switchboard.rest.RequiresRole;
import dev.switchboard.rest.RestExtensions;
import dev.switchboard.rest.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.PATCH;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.CacheControl;
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

/** {@code /api/v1/integrations}: connections of the active organization. */
@Component(service = IntegrationsResource.class)
@JaxrsResource
@JSONRequired
@JaxrsExtensionSelect({RestExtensions.SELECT_PROBLEMS, RestExtensions.SELECT_AUTH})
@Path("/api/v1/integrations")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RequiresRole(Role.MEMBER)
@Tag(name = "integrations")
public class IntegrationsResource {

    private final IntegrationService integrations;
    private final OAuthFlowService flows;
    private final CredentialConnections credentials;
    private final Idempotency idempotency;

    @Activate
    public IntegrationsResource(@Reference IntegrationService integrations, @Reference OAuthFlowService flows,
                                @Reference CredentialConnections credentials, @Reference IdempotencyStore idempotencyStore) {
        this.integrations = integrations;
        this.flows = flows;
        this.credentials = credentials;
        this.idempotency = new Idempotency(idempotencyStore);
    }

    /** Without connections by entered credentials (tests of the other flows). */
    IntegrationsResource(IntegrationService integrations, OAuthFlowService flows, IdempotencyStore idempotencyStore) {
        this(integrations, flows, null, idempotencyStore);
    }

    /** Body of {@code PATCH /api/v1/integrations/{id}}: only the fields to change. */
    public record IntegrationPatch(String displayName, String visibility) {
    }

    @GET
    @Operation(summary = "Integrations of the active organization (private ones only to their creator and admins)")
    public PageRequest.Page<IntegrationView> list(@Context SecurityContext security, @QueryParam("service") String service,
                                                  @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return integrations.list(Caller.of(security), service, PageRequest.of(limit, cursor));
    }

    @POST
    @Operation(summary = "Connect with entered credentials (api_key adapters, e.g. an API key or a calendar feed URL):"
            + " the adapter checks them first; nothing is stored when it refuses (400 with its code)")
    public Response create(@Context SecurityContext security, CredentialConnections.CreateRequest request) {
        IntegrationView created = credentials.create(Caller.of(security), Inputs.body(request));
        return Response.status(Response.Status.CREATED).location(java.net.URI.create("/api/v1/integrations/" + created.id()))
                .entity(created).type(MediaType.APPLICATION_JSON).build();
    }

    @PUT
    @Path("{id}/credentials")
    @Operation(summary = "Replace the entered credentials of an integration (creator or admin); checked by the adapter"
            + " like on connect, nothing changes when it refuses")
    public IntegrationView replaceCredentials(@Context SecurityContext security, @PathParam("id") String id,
                                              CredentialConnections.CredentialsUpdate update) {
        return credentials.replace(Caller.of(security), Inputs.id("id", id), Inputs.body(update));
    }

    @POST
    @Path("connect")
    @Operation(summary = "Start connecting (or, with integrationId, reconnecting) through a provider adapter;"
            + " answers the URL to send the browser to, valid for 5 minutes. With Idempotency-Key, a retry with the"
            + " same body gets the same URL while it is valid")
    public Response connect(@Context SecurityContext security, @HeaderParam(Idempotency.HEADER) String idempotencyKey,
                            OAuthFlowService.ConnectRequest request) {
        Caller caller = Caller.of(security);
        OAuthFlowService.ConnectRequest body = Inputs.body(request);
        // the answer carries a state bound to this user and valid for STATE_TTL: so is the key
        Response response = idempotency.execute(caller.requireOrganization(), idempotencyKey,
                "integrations.connect:" + caller.requireUser(), body, OAuthFlowService.STATE_TTL,
                () -> Response.ok(flows.connect(caller, body)).type(MediaType.APPLICATION_JSON).build());
        return Response.fromResponse(response).cacheControl(noStore()).build();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One integration")
    public IntegrationView get(@Context SecurityContext security, @PathParam("id") String id) {
        return integrations.get(Caller.of(security), Inputs.id("id", id));
    }

    @PATCH
    @Path("{id}")
    @Operation(summary = "Rename an integration or change its visibility (creator or admin)")
    public IntegrationView patch(@Context SecurityContext security, @PathParam("id") String id, IntegrationPatch patch) {
        IntegrationPatch body = Inputs.body(patch);
        return integrations.patch(Caller.of(security), Inputs.id("id", id), body.displayName(), body.visibility());
    }

    @POST
    @Path("{id}/disconnect")
    @Operation(summary = "Disconnect: revoke at the provider (best effort), delete the tokens, mark bindings")
    public Response disconnect(@Context SecurityContext security, @PathParam("id") String id) {
        integrations.disconnect(Caller.of(security), Inputs.id("id", id));
        return Response.noContent().build();
    }

    @GET
    @Path("{id}/metadata/{kind}")
    @Operation(summary = "Metadata of the connected account through its provider adapter, e.g. teams or projects")
    public Map<String, Object> metadata(@Context SecurityContext security, @PathParam("id") String id,
                                        @PathParam("kind") String kind) {
        List<Map<String, Object>> items = integrations.metadata(Caller.of(security), Inputs.id("id", id), kind);
        return Map.of("items", items);
    }

    static CacheControl noStore() {
        CacheControl control = new CacheControl();
        control.setNoStore(true);
        return control;
    }
}
