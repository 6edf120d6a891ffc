package dev.switchboard.integrations.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.switchboard.rest.RequiresRole;
import dev.switchboard.rest.RestExtensions;
import dev.switchboard.rest.Role;
import dev.switchboard.spi.provider.OAuth2Settings;
import dev.switchboard.spi.provider.ProviderAdapter;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/** {@code GET /api/v1/providers}: the installed provider adapters, for the console's connect dialogs. */
@Component(service = ProvidersResource.class)
@JaxrsResource
@JSONRequired
@JaxrsExtensionSelect({RestExtensions.SELECT_PROBLEMS, RestExtensions.SELECT_AUTH})
@Path("/api/v1/providers")
@Produces(MediaType.APPLICATION_JSON)
@RequiresRole(Role.MEMBER)
@Tag(name = "integrations")
public class ProvidersResource {

    private final Providers providers;

    @Activate
    public ProvidersResource(@Reference Providers providers) {
        this.providers = providers;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ProviderView(String id, String displayName, String description, String service, String authKind,
                               List<String> defaultScopes, Boolean pkce, @JsonRawValue String configSchema,
                               List<String> metadataKinds, List<String> capabilities, boolean lifecycleWebhooks,
                               boolean deploymentOAuthApp) {

        static ProviderView of(ProviderAdapter adapter, IntegrationsConfig config) {
            OAuth2Settings oauth2 = adapter.oauth2().orElse(null);
            String authKind = adapter.authKind().name().toLowerCase(java.util.Locale.ROOT);
            return new ProviderView(adapter.descriptor().id(), adapter.descriptor().displayName(),
                    adapter.descriptor().description(), adapter.service(), authKind,
                    oauth2 == null ? null : oauth2.defaultScopes(), oauth2 == null ? null : oauth2.pkceSupported(),
                    adapter.descriptor().configSchema(), adapter.metadataKinds().stream().sorted().toList(),
                    adapter.satisfiedCapabilities().stream().sorted().toList(), adapter.handlesLifecycleWebhooks(),
                    config.deploymentClients().containsKey(adapter.descriptor().id()));
        }
    }

    @GET
    @Operation(summary = "Provider adapters with their auth kind, scopes, config schema and metadata kinds")
    public Map<String, List<ProviderView>> list() {
        IntegrationsConfig config = providers.config();
        return Map.of("items", providers.active().stream().map(adapter -> ProviderView.of(adapter, config)).toList());
    }
}
