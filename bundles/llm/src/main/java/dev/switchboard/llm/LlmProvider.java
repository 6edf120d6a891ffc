package dev.switchboard.llm;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * Who serves an organization's LLM. The wire protocol is always OpenAI-compatible chat completions
 * ({@code POST <endpoint>/chat/completions}, {@code Authorization: Bearer <key>}); the provider chooses the default
 * endpoint and tells skills ({@code {{LLM_PROVIDER}}}) whose key they hold.
 */
public enum LlmProvider {
    /** OpenAI, {@code https://api.openai.com/v1}. */
    OPENAI("openai", "https://api.openai.com/v1"),
    /** Anthropic through its OpenAI SDK compatibility layer, {@code https://api.anthropic.com/v1}. */
    ANTHROPIC("anthropic", "https://api.anthropic.com/v1"),
    /** Groq's OpenAI-compatible API, {@code https://api.groq.com/openai/v1}. */
    GROQ("groq", "https://api.groq.com/openai/v1"),
    /** Any other OpenAI-compatible server (OpenRouter, LiteLLM, vLLM, ...): the endpoint must be given. */
    OPENAI_COMPATIBLE("openai-compatible", null);

    private final String wireName;
    private final String defaultEndpoint;

    LlmProvider(String wireName, String defaultEndpoint) {
        this.wireName = wireName;
        this.defaultEndpoint = defaultEndpoint;
    }

    /** {@code openai}, {@code anthropic}, {@code groq} or {@code openai-compatible}. */
    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** The API root used when no endpoint is given; empty for {@link #OPENAI_COMPATIBLE}. */
    public Optional<URI> defaultEndpoint() {
        return Optional.ofNullable(defaultEndpoint).map(URI::create);
    }

    /** Whether a key is required: every provider but {@link #OPENAI_COMPATIBLE} authenticates every call. */
    public boolean requiresApiKey() {
        return this != OPENAI_COMPATIBLE;
    }

    /**
     * The provider of a wire name (case-insensitive).
     *
     * @throws IllegalArgumentException for anything else
     */
    @JsonCreator
    public static LlmProvider fromWireName(String name) {
        String normalized = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        for (LlmProvider provider : values()) {
            if (provider.wireName.equals(normalized)) {
                return provider;
            }
        }
        throw new IllegalArgumentException("unknown LLM provider; expected openai, anthropic, groq or openai-compatible");
    }
}
