package dev.switchboard.llm.internal;

import dev.switchboard.foundation.ConfigValues;
import dev.switchboard.foundation.InvalidConfigurationException;
import dev.switchboard.spi.SecretValue;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A usable configuration of {@code etc/dev.switchboard.llm.cfg}.
 *
 * @param endpoint  the API root without a trailing '/'; {@code /chat/completions} is appended
 * @param model     the model to ask
 * @param apiKey    sent as {@code Authorization: Bearer}; empty for servers without authentication
 * @param timeout   the limit of one whole exchange, connecting included
 * @param maxTokens {@code max_tokens} of each request; 0 leaves it out
 */
record LlmConfig(URI endpoint, String model, SecretValue apiKey, Duration timeout, int maxTokens) {

    LlmConfig {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(timeout, "timeout");
    }

    /** The URL requests go to. */
    URI chatCompletions() {
        return URI.create(endpoint + "/chat/completions");
    }

    /** The endpoint's host (and port), for messages and logs: never a path or a query. */
    String host() {
        return endpoint.getPort() < 0 ? endpoint.getHost() : endpoint.getHost() + ":" + endpoint.getPort();
    }

    /**
     * The configuration in {@code properties}.
     *
     * @throws NotConfiguredException when no endpoint or no model is set
     * @throws InvalidConfigurationException naming a malformed key (never quoting the key or the endpoint)
     */
    static LlmConfig from(Map<String, ?> properties) throws NotConfiguredException {
        ConfigValues values = new ConfigValues(LlmConstants.PID, properties);
        String endpoint = values.stringValue(LlmConstants.ENDPOINT, "");
        String model = values.stringValue(LlmConstants.MODEL, "");
        int timeoutSeconds = values.intValue(LlmConstants.TIMEOUT_SECONDS, LlmConstants.DEFAULT_TIMEOUT_SECONDS, 1,
                LlmConstants.MAX_TIMEOUT_SECONDS);
        int maxTokens = values.intValue(LlmConstants.MAX_TOKENS, LlmConstants.DEFAULT_MAX_TOKENS, 0, 1_000_000);
        if (endpoint.isEmpty()) {
            throw new NotConfiguredException("no LLM is configured: set endpoint and model in etc/"
                    + LlmConstants.PID + ".cfg");
        }
        URI root = endpoint(endpoint);
        if (model.isEmpty()) {
            throw new NotConfiguredException("no LLM model is configured: set model in etc/" + LlmConstants.PID
                    + ".cfg");
        }
        return new LlmConfig(root, model, apiKey(properties), Duration.ofSeconds(timeoutSeconds), maxTokens);
    }

    private static SecretValue apiKey(Map<String, ?> properties) {
        Object key = properties.get(LlmConstants.API_KEY);
        if (key == null || key.toString().isEmpty()) {
            key = properties.get(LlmConstants.API_KEY_PUBLIC);
        }
        String value = key == null ? "" : key.toString().strip();
        if (!value.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            // not quoted: it is the key
            throw new InvalidConfigurationException(LlmConstants.PID, LlmConstants.API_KEY, "<hidden>",
                    "printable ASCII characters without spaces");
        }
        return SecretValue.of(value);
    }

    /** An absolute http(s) URL with a host, without user info, query or fragment; trailing '/' removed. */
    private static URI endpoint(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw invalidEndpoint();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
                || uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw invalidEndpoint();
        }
        String trimmed = text;
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return URI.create(trimmed);
    }

    /** The value is not quoted: a malformed URL may carry credentials. */
    private static InvalidConfigurationException invalidEndpoint() {
        return new InvalidConfigurationException(LlmConstants.PID, LlmConstants.ENDPOINT, "<hidden>",
                "an absolute http(s) URL without user info, query or fragment, e.g. https://api.openai.com/v1");
    }

    /** The limits of one call ({@code timeoutSeconds}, {@code maxTokens}), which organizations' calls share. */
    record Limits(Duration timeout, int maxTokens) {

        static final Limits DEFAULT = new Limits(Duration.ofSeconds(LlmConstants.DEFAULT_TIMEOUT_SECONDS),
                LlmConstants.DEFAULT_MAX_TOKENS);

        /** @throws InvalidConfigurationException naming a malformed key */
        static Limits from(Map<String, ?> properties) {
            ConfigValues values = new ConfigValues(LlmConstants.PID, properties);
            int timeoutSeconds = values.intValue(LlmConstants.TIMEOUT_SECONDS, LlmConstants.DEFAULT_TIMEOUT_SECONDS, 1,
                    LlmConstants.MAX_TIMEOUT_SECONDS);
            int maxTokens = values.intValue(LlmConstants.MAX_TOKENS, LlmConstants.DEFAULT_MAX_TOKENS, 0, 1_000_000);
            return new Limits(Duration.ofSeconds(timeoutSeconds), maxTokens);
        }

        /** A configuration of an organization's own endpoint, model and key under these limits. */
        LlmConfig config(URI endpoint, String model, SecretValue apiKey) {
            return new LlmConfig(endpoint, model, apiKey, timeout, maxTokens);
        }
    }

    /** No endpoint or no model: the client is off, which is not an error. */
    static final class NotConfiguredException extends Exception {

        private static final long serialVersionUID = 1L;

        NotConfiguredException(String message) {
            super(message);
        }
    }
}
