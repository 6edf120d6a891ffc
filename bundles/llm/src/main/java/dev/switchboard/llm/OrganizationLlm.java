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
 */
public record OrganizationLlm(UUID organizationId, LlmProvider provider, URI endpoint, String model,
                              boolean apiKeySet) {

    public OrganizationLlm {
        Objects.requireNonNull(organizationId, "organizationId");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(model, "model");
    }
}
