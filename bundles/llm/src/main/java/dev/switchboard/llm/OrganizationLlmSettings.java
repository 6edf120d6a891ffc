package dev.switchboard.llm;

import dev.switchboard.spi.SecretValue;
import java.util.Optional;
import java.util.UUID;

/**
 * Read access to organizations' own LLM settings ({@code /api/v1/llm/settings}), for bundles that hand them on,
 * such as the skills bundle's {@code {{LLM_*}}} variables. Only an organization's own settings: the deployment's
 * LLM ({@code etc/dev.switchboard.llm.cfg}) is the operator's and never shows here.
 */
public interface OrganizationLlmSettings {

    /** The organization's settings without the key, or empty when it has none. Never decrypts anything. */
    Optional<OrganizationLlm> find(UUID organizationId);

    /**
     * The organization's API key, decrypted now; empty when it has no settings or no key. The value is a
     * credential: never log it, never keep it.
     *
     * @throws dev.switchboard.secrets.SecretCipherException when the key cannot be opened (keys missing or rotated away)
     */
    Optional<SecretValue> apiKey(UUID organizationId);
}
