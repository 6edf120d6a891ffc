package dev.switchboard.llm.internal;

import java.time.Duration;

/** The configuration keys and fixed limits of the LLM bundle, in one place. */
final class LlmConstants {

    static final String PID = "dev.switchboard.llm";
    /** The API root; {@code /chat/completions} is appended (e.g. {@code https://api.openai.com/v1}). */
    static final String ENDPOINT = "endpoint";
    static final String MODEL = "model";
    /** The API key as a private property: DS does not publish properties starting with '.' with the service. */
    static final String API_KEY = ".apiKey";
    /** Accepted too, with a WARN: it would be published as a service property. */
    static final String API_KEY_PUBLIC = "apiKey";
    static final String TIMEOUT_SECONDS = "timeoutSeconds";
    static final String MAX_TOKENS = "maxTokens";
    /**
     * Whether organizations may point their LLM at plain {@code http} or at hosts that resolve to loopback,
     * link-local or private addresses (default false: the engine's own network stays out of reach).
     */
    static final String ALLOW_PRIVATE_ENDPOINTS = "allowPrivateEndpoints";

    static final int DEFAULT_TIMEOUT_SECONDS = 20;
    static final int MAX_TIMEOUT_SECONDS = 300;
    static final int DEFAULT_MAX_TOKENS = 1024;

    /** A chat completion larger than this is refused: the matcher's answers are a few hundred bytes. */
    static final int MAX_RESPONSE_BYTES = 1 << 20;
    /** The longest Retry-After honoured; anything longer is reported as this. */
    static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);

    static final String USER_AGENT = "Switchboard-LLM/1.0";

    /** The schema module of the bundle's table {@code llm_settings}. */
    static final String MODULE = "llm";
    static final int MAX_MODEL_CHARS = 200;
    static final int MAX_API_KEY_CHARS = 500;
    static final int MAX_ENDPOINT_CHARS = 2_000;
    /** Keys at least this long show their last 4 characters ({@code apiKeyHint}); shorter ones show nothing. */
    static final int MIN_KEY_CHARS_FOR_HINT = 16;

    /** Message text beyond this many characters is cut before it goes to the model. */
    static final int MAX_TEXT_CHARS = 16_000;
    static final int MAX_SUBJECT_CHARS = 500;
    static final int MAX_SENDER_CHARS = 320;
    /** A longer summary is cut to this length. */
    static final int MAX_SUMMARY_CHARS = 500;
    /** An extracted string value longer than this makes the answer malformed. */
    static final int MAX_FIELD_CHARS = 4_000;

    private LlmConstants() {
    }
}
