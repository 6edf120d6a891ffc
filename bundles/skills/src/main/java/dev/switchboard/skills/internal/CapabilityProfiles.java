package dev.switchboard.skills.internal;

import dev.switchboard.core.plugins.PluginRegistry;
import dev.switchboard.core.plugins.PluginUnavailableException;
import dev.switchboard.integrations.Integration;
import dev.switchboard.integrations.IntegrationLookup;
import dev.switchboard.integrations.Visibility;
import dev.switchboard.llm.OrganizationLlm;
import dev.switchboard.llm.OrganizationLlmSettings;
import dev.switchboard.spi.provider.ProviderAdapter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Builds {@link CapabilityProfile}s. A user's usable integrations are the organization's active ones that are
 * visible to the organization or were connected by the user (a private integration counts for its creator only),
 * each served by its installed provider adapter. Of several integrations that fill the same variable, the most
 * recently connected one of the alphabetically first service wins. The organization's own LLM settings add
 * {@code {{LLM_PROVIDER}}}, {@code {{LLM_MODEL}}}, {@code {{LLM_BASE_URL}}}, {@code {{LLM_API_KEY}}} and the
 * capability {@code llm} (with a key), except for a user's own skills, which see only what the user connected.
 *
 * <p>Configuration {@code etc/dev.switchboard.skills.cfg}: {@code publicUrl} (default
 * {@code http://localhost:8181}), the base of {@code {{SWITCHBOARD_URL}}} and {@code {{SWITCHBOARD_API_URL}}}.
 */
@Component(service = CapabilityProfiles.class, configurationPid = CapabilityProfiles.PID)
public class CapabilityProfiles {

    static final String PID = "dev.switchboard.skills";

    private final PluginRegistry registry;
    private final IntegrationLookup integrations;
    private final OrganizationLlmSettings llm;
    private final String publicUrl;

    @Activate
    public CapabilityProfiles(@Reference PluginRegistry registry, @Reference IntegrationLookup integrations,
                              @Reference OrganizationLlmSettings llm, Map<String, Object> properties) {
        this(registry, integrations, llm, publicUrl(properties));
    }

    CapabilityProfiles(PluginRegistry registry, IntegrationLookup integrations, OrganizationLlmSettings llm,
                       String publicUrl) {
        this.registry = registry;
        this.integrations = integrations;
        this.llm = llm;
        this.publicUrl = publicUrl;
    }

    /** The organization's own LLM settings, for the key at render time. */
    OrganizationLlmSettings llm() {
        return llm;
    }

    /** The installed provider adapters, as of now. */
    List<ProviderAdapter> installed() {
        return registry.active(ProviderAdapter.class);
    }

    /** Every variable name the engine or an installed adapter provides. */
    java.util.Set<String> knownVariables() {
        java.util.Set<String> names = new TreeSet<>(BuiltinVariables.NAMES);
        names.addAll(LlmVariables.NAMES);
        installed().forEach(adapter -> adapter.skillVariables().forEach(variable -> names.add(variable.name())));
        return names;
    }

    /** The profile of {@code userId} ({@code null} for a service) in {@code organizationId}. */
    CapabilityProfile profile(UUID organizationId, UUID userId) {
        return profile(organizationId, userId, false);
    }

    /**
     * The profile of {@code userId} in {@code organizationId}; {@code ownOnly}: only the integrations the user
     * connected count (for the user's own skills, so that a member cannot write a skill that reveals the
     * organization's credentials).
     */
    CapabilityProfile profile(UUID organizationId, UUID userId, boolean ownOnly) {
        List<ProviderAdapter> installed = installed();
        TreeSet<String> services = new TreeSet<>();
        installed.forEach(adapter -> services.add(adapter.service()));
        List<CapabilityProfile.Connection> connections = new ArrayList<>();
        for (String service : services) {
            for (Integration integration : integrations.list(organizationId, service)) {
                if (!integration.isActive() || !visible(integration, userId)
                        || (ownOnly && (userId == null || !userId.equals(integration.createdBy())))) {
                    continue;
                }
                adapter(integration.providerAdapterId()).ifPresent(adapter ->
                        connections.add(new CapabilityProfile.Connection(integration, adapter)));
            }
        }
        // the organization's LLM is an organization credential: a user's own skill does not get it
        OrganizationLlm own = ownOnly ? null : llm.find(organizationId).orElse(null);
        return new CapabilityProfile(connections, installed,
                BuiltinVariables.values(publicUrl, organizationId, userId), own);
    }

    private static boolean visible(Integration integration, UUID userId) {
        return integration.visibility() != Visibility.PRIVATE
                || (userId != null && userId.equals(integration.createdBy()));
    }

    private java.util.Optional<ProviderAdapter> adapter(String providerAdapterId) {
        try {
            return java.util.Optional.of(registry.require(ProviderAdapter.class, providerAdapterId));
        } catch (PluginUnavailableException e) {
            return java.util.Optional.empty();
        }
    }

    private static String publicUrl(Map<String, Object> properties) {
        Object value = properties == null ? null : properties.get("publicUrl");
        String url = value == null || value.toString().isBlank() ? "http://localhost:8181" : value.toString().strip();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
