package dev.switchboard.llm.internal;

import dev.switchboard.llm.LlmException;
import dev.switchboard.rest.ApiProblem;
import dev.switchboard.rest.Caller;
import dev.switchboard.rest.RequiresRole;
import dev.switchboard.rest.RestExtensions;
import dev.switchboard.rest.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.PUT;
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

/**
 * {@code /api/v1/llm/settings}: the organization's own LLM (admins and owners). The key goes in, never out: the
 * answer says whether one is set and, for long keys, its last 4 characters.
 */
@Component(service = LlmSettingsResource.class)
@JaxrsResource
@JSONRequired
@JaxrsExtensionSelect({RestExtensions.SELECT_PROBLEMS, RestExtensions.SELECT_AUTH})
@Path("/api/v1/llm/settings")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RequiresRole(Role.ADMIN)
@Tag(name = "llm")
public class LlmSettingsResource {

    private final LlmSettingsService settings;
    private final ConfiguredLlmClient client;

    @Activate
    public LlmSettingsResource(@Reference LlmSettingsService settings, @Reference ConfiguredLlmClient client) {
        this.settings = settings;
        this.client = client;
    }

    @GET
    @Operation(summary = "The organization's own LLM settings, without the key (404 when it has none)")
    public LlmSettingsView get(@Context SecurityContext security) {
        return settings.view(Caller.of(security));
    }

    @PUT
    @Operation(summary = "Set the organization's own LLM; with verify: true one small call checks it before saving")
    public LlmSettingsView put(@Context SecurityContext security, LlmSettingsRequest request) {
        Caller caller = Caller.of(security);
        LlmSettingsService.Validated validated = settings.validate(caller, request);
        boolean verify = request.verifyRequested();
        if (verify) {
            verify(validated);
        }
        return settings.save(caller, validated, verify);
    }

    @DELETE
    @Operation(summary = "Remove the organization's own LLM; calls use the deployment's again")
    public Response delete(@Context SecurityContext security) {
        settings.delete(Caller.of(security));
        return Response.noContent().build();
    }

    /** One small call with the new settings; a failure is the request's problem and nothing is saved. */
    private void verify(LlmSettingsService.Validated validated) {
        try {
            client.verify(validated.endpoint(), validated.model(), settings.effectiveKey(validated));
        } catch (LlmException e) {
            // the message names host, status and the server's error code, never the key or the server's text
            switch (e.kind()) {
                case AUTH_FAILED -> throw ApiProblem.badRequest("llm_auth_failed", "the LLM refused the key: "
                        + e.getMessage(), List.of(new ApiProblem.FieldError("apiKey", "refused by the LLM")));
                case REJECTED -> throw ApiProblem.badRequest("llm_request_rejected", "the LLM refused the call"
                        + " (an unknown model?): " + e.getMessage(),
                        List.of(new ApiProblem.FieldError("model", "refused by the LLM")));
                default -> throw new ApiProblem(502, "llm_verification_failed", "Bad Gateway",
                        "the LLM could not be verified (" + e.kind().name().toLowerCase(java.util.Locale.ROOT) + "): "
                                + e.getMessage());
            }
        }
    }
}
