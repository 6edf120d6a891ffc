package dev.switchboard.llm.internal;

/**
 * The body of {@code PUT /api/v1/llm/settings}.
 *
 * @param provider {@code openai}, {@code anthropic}, {@code groq} or {@code openai-compatible}
 * @param endpoint an API root overriding the provider's default; required for {@code openai-compatible}
 * @param model    the model, as the provider names it
 * @param apiKey   a new key; absent (or null) keeps the stored one, {@code ""} removes it
 * @param verify   make one small call with the new settings before saving them
 * @param shareApiKey whether members' skills may read the key ({@code {{LLM_API_KEY}}}, the {@code _config} skill);
 *                 absent (or null) keeps the current choice, {@code true} for new settings
 */
public record LlmSettingsRequest(String provider, String endpoint, String model, String apiKey, Boolean verify,
                                 Boolean shareApiKey) {

    boolean verifyRequested() {
        return Boolean.TRUE.equals(verify);
    }

    /** Never the key. */
    @Override
    public String toString() {
        return "LlmSettingsRequest[provider=" + provider + ", model=" + model + ", apiKey="
                + (apiKey == null ? "absent" : "<hidden>") + ", shareApiKey=" + shareApiKey + "]";
    }
}
