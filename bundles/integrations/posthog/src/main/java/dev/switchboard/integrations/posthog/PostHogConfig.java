package dev.switchboard.integrations.posthog;

import dev.switchboard.spi.SecretValue;
import dev.switchboard.spi.provider.ProviderException;
import dev.switchboard.spi.provider.ProviderException.Reason;

import java.net.URI;
import java.util.Map;

/**
 * An integration's PostHog settings: the personal API key ({@code apiKey}, a {@link SecretValue} or a string) and
 * the instance ({@code apiBaseUrl}, default US Cloud). {@link #toString()} does not print the key.
 */
record PostHogConfig(SecretValue apiKey, URI apiBaseUrl) {

    /** A missing key means the integration was never completed: the user has to enter one (reconnect). */
    static PostHogConfig from(Map<String, Object> config) throws ProviderException {
        Object key = config.get(PostHogConstants.CONFIG_API_KEY);
        SecretValue apiKey = key instanceof SecretValue secret ? secret
                : key instanceof String text ? SecretValue.of(text.strip()) : SecretValue.EMPTY;
        if (apiKey.isEmpty()) {
            throw ProviderException.of(Reason.INVALID_GRANT, "no PostHog personal API key is configured");
        }
        return new PostHogConfig(apiKey, baseUrl(config.get(PostHogConstants.CONFIG_API_BASE_URL)));
    }

    /** Only the instance; for calls that need no key. */
    static URI baseUrl(Map<String, Object> config) throws ProviderException {
        return baseUrl(config.get(PostHogConstants.CONFIG_API_BASE_URL));
    }

    private static URI baseUrl(Object value) throws ProviderException {
        if (value == null || (value instanceof String text && text.isBlank())) {
            return PostHogConstants.DEFAULT_API_BASE_URL;
        }
        try {
            URI uri = URI.create(value.toString().strip().replaceAll("/+$", ""));
            boolean web = "https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme());
            if (!web || uri.getHost() == null || uri.getRawQuery() != null || uri.getRawUserInfo() != null) {
                throw new IllegalArgumentException("not a plain http(s) URL");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw ProviderException.of(Reason.BAD_RESPONSE, "apiBaseUrl must be an http(s) URL such as "
                    + PostHogConstants.DEFAULT_API_BASE_URL);
        }
    }

    URI resolve(String path) {
        return URI.create(apiBaseUrl + path);
    }

    @Override
    public String toString() {
        return "PostHogConfig[apiKey=***, apiBaseUrl=" + apiBaseUrl + "]";
    }
}
