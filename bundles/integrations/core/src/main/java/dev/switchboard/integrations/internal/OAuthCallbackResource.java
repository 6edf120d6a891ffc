package dev.switchboard.integrations.internal;

import dev.switchboard.rest.PublicEndpoint;
import dev.switchboard.rest.RestExtensions;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Response;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * {@code GET /api/v1/integrations/oauth/callback}: where providers send the browser back: the OAuth redirect
 * URI ({@code code}, {@code state}, {@code error}) and the setup URL of app installations
 * ({@code installation_id}, {@code setup_action}, {@code state}, and {@code code} when the app requests user
 * authorization during installation, which verifies the claim). Public (the signed, single-use state
 * authenticates it); always answers 303 to the console, with {@code ?integration=<id>} or
 * {@code ?error=oauth_state_invalid|oauth_state_expired|provider_denied|provider_error|provider_not_found|
 * oauth_client_missing|integration_not_found|integration_already_connected|installation_missing|
 * installation_requested|installation_not_found|installation_unverified}.
 */
@Component(service = OAuthCallbackResource.class)
@JaxrsResource
@JaxrsExtensionSelect({RestExtensions.SELECT_PROBLEMS, RestExtensions.SELECT_AUTH})
@Path(IntegrationsConfig.CALLBACK_PATH)
@PublicEndpoint
@Tag(name = "integrations")
public class OAuthCallbackResource {

    private final OAuthFlowService flows;

    @Activate
    public OAuthCallbackResource(@Reference OAuthFlowService flows) {
        this.flows = flows;
    }

    @GET
    @Operation(summary = "OAuth 2.0 redirect target and app-installation setup URL; redirects the browser to the console")
    public Response callback(@QueryParam("code") String code, @QueryParam("state") String state,
                             @QueryParam("error") String error, @QueryParam("installation_id") String installationId,
                             @QueryParam("setup_action") String setupAction) {
        return Response.seeOther(flows.callback(code, state, error, installationId, setupAction))
                .cacheControl(IntegrationsResource.noStore())
                .header("Referrer-Policy", "no-referrer")
                .build();
    }
}
