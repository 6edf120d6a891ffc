package dev.switchboard.llm.internal;

import dev.switchboard.llm.LlmProvider;

/**
 * An organization's LLM settings as the API shows them: never the key, only whether one is set and, for keys of
 * 16 characters or more, their last 4.
 *
 * @param endpoint         the API root calls go to
 * @param endpointOverride the endpoint as given, or null when the provider's default applies
 * @param apiKeyShared     whether members' skills may read the key
 */
public record LlmSettingsView(LlmProvider provider, String endpoint, String endpointOverride, String model,
                              boolean apiKeySet, String apiKeyHint, boolean apiKeyShared, String updatedBy,
                              String updatedAt) {
}
