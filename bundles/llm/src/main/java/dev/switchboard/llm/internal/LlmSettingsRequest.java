package dev.switchboard.llm.internal;

/**
 * The body of {@code PUT /api/v1/llm/settings}.
 *
 * @param provider {@code openai}, {@code anthropic}, {@code groq} or {@code openai-compatible}
 * @param endpoint an API root overriding the provider's default; required for {@code openai-compatible}
 * @param model    the model, as the provider names it
 * @param apiKey   a new key; absent (or null) keeps the stored one, {@code ""} removes it
 * @param verify   make one small call with the new settings before saving them
 */
public record LlmSettingsRequest(String provider, String endpoint, String model, String apiKey, Boolean verify) {

    boolean verifyRequested() {
        return Boolean.TRUE.equals(verify);
    }

    /** Never the key. */
    @Override
    public String toString() {
        return "LlmSettingsRequest[provider=" + provider + ", model=" + model + ", apiKey="
                + (apiKey == null ? "absent" : "<hidden>") + "]";
    }
}
