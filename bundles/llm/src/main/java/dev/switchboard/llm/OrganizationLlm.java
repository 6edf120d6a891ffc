package dev.switchboard.llm;

import java.net.URI;
import java.util.Objects;
import java.util.UUID;

/**
 * An organization's own LLM settings, without the key.
 *
 * @param organizationId the organization
 * @param provider       who serves it
 * @param endpoint       the API root calls go to: the override, else the provider's default
 * @param model          the model, as the provider names it
 * @param apiKeySet      whether a key is stored ({@link OrganizationLlmSettings#apiKey} opens it)
 * @param apiKeyShared   whether an admin lets members' skills read the key ({@code {{LLM_API_KEY}}}, the
 *                       {@code _config} skill); the engine's own calls for the organization use it either way
 */
public record OrganizationLlm(UUID organizationId, LlmProvider provider, URI endpoint, String model,
                              boolean apiKeySet, boolean apiKeyShared) {

    public OrganizationLlm {
        Objects.requireNonNull(organizationId, "organizationId");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(model, "model");
    }

    /** Settings whose key, if any, is shared (as before 1.2.0, when every key was). */
    public OrganizationLlm(UUID organizationId, LlmProvider provider, URI endpoint, String model, boolean apiKeySet) {
        this(organizationId, provider, endpoint, model, apiKeySet, true);
    }

    /** Whether members' skills may have the key: one is stored and an admin shares it. */
    public boolean apiKeyForMembers() {
        return apiKeySet && apiKeyShared;
    }
}
