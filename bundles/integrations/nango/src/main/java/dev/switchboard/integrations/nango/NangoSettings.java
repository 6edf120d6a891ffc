package dev.switchboard.integrations.nango;

import dev.switchboard.spi.SecretValue;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One adapter instance's configuration, from its {@code etc/dev.switchboard.integrations.nango-<name>.cfg}.
 * The secret key belongs in the private property {@code .secretKey} (DS does not publish properties starting with
 * a dot as service properties); Karaf interpolates {@code ${env:NANGO_SECRET_KEY}}. {@link #toString()} hides keys.
 *
 * @param secretKey          the Nango environment's secret key, sent as bearer; may be empty when every
 *                           organization brings its own ({@code secretKey} in the integration's config)
 * @param baseUrl            Nango's API, {@code https://api.nango.dev} or a self-hosted instance
 * @param providerConfigKey  the integration id inside Nango, e.g. {@code linear}
 * @param service            the outside service this instance serves, e.g. {@code linear}; the adapter id is
 *                           {@code nango-<service>}
 * @param webhookSigningKey  used for lifecycle webhooks when the engine passes no secret; may be empty
 * @param deleteOnDisconnect whether disconnecting deletes the connection in Nango (the spec's behaviour)
 * @param cacheWithoutExpiry how long a token without {@code expires_at} is reused
 */
record NangoSettings(SecretValue secretKey, URI baseUrl, String providerConfigKey, String service,
                     SecretValue webhookSigningKey, boolean deleteOnDisconnect, Duration cacheWithoutExpiry) {

    /** Keeps {@code nango-<service>} a valid plugin id (at most 63 characters). */
    private static final Pattern SERVICE = Pattern.compile("[a-z0-9][a-z0-9-]{0,56}");

    static NangoSettings from(Map<String, ?> properties) {
        SecretValue secretKey = secret(properties.get(NangoConstants.PROP_SECRET_KEY));
        if (secretKey.isEmpty()) {
            secretKey = secret(properties.get(NangoConstants.PROP_SECRET_KEY_PUBLIC));
        }
        String service = required(properties, NangoConstants.PROP_SERVICE);
        if (!SERVICE.matcher(service).matches()) {
            throw new IllegalArgumentException("service must be lower-case letters, digits and '-' (at most 57): "
                    + service);
        }
        return new NangoSettings(secretKey,
                baseUrl(properties.get(NangoConstants.PROP_BASE_URL)),
                required(properties, NangoConstants.PROP_PROVIDER_CONFIG_KEY),
                service,
                secret(properties.get(NangoConstants.PROP_WEBHOOK_SIGNING_KEY)),
                !"false".equalsIgnoreCase(String.valueOf(properties.get(NangoConstants.PROP_DELETE_ON_DISCONNECT))),
                cacheSeconds(properties.get(NangoConstants.PROP_CACHE_SECONDS)));
    }

    String adapterId() {
        return NangoConstants.ID_PREFIX + service;
    }

    /** {@code baseUrl} as given (or the default); not blank, http(s), no query, no credentials. */
    static URI baseUrl(Object value) {
        if (value == null || value.toString().isBlank()) {
            return NangoConstants.DEFAULT_BASE_URL;
        }
        URI uri = URI.create(value.toString().strip().replaceAll("/+$", ""));
        boolean web = "https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme());
        if (!web || uri.getHost() == null || uri.getRawQuery() != null || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("baseUrl must be a plain http(s) URL: " + uri);
        }
        return uri;
    }

    static SecretValue secret(Object value) {
        if (value instanceof SecretValue secret) {
            return secret;
        }
        return value == null ? SecretValue.EMPTY : SecretValue.of(value.toString().strip());
    }

    private static String required(Map<String, ?> properties, String name) {
        Object value = properties.get(name);
        if (value == null || value.toString().isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value.toString().strip();
    }

    private static Duration cacheSeconds(Object value) {
        if (value == null || value.toString().isBlank()) {
            return NangoConstants.DEFAULT_CACHE_WITHOUT_EXPIRY;
        }
        long seconds = Long.parseLong(value.toString().strip());
        if (seconds < 0) {
            throw new IllegalArgumentException(NangoConstants.PROP_CACHE_SECONDS + " must not be negative");
        }
        return Duration.ofSeconds(seconds);
    }

    @Override
    public String toString() {
        return "NangoSettings[secretKey=" + (secretKey.isEmpty() ? "none" : "***") + ", baseUrl=" + baseUrl
                + ", providerConfigKey=" + providerConfigKey + ", service=" + service + ", webhookSigningKey="
                + (webhookSigningKey.isEmpty() ? "none" : "***") + ", deleteOnDisconnect=" + deleteOnDisconnect
                + ", cacheWithoutExpiry=" + cacheWithoutExpiry + "]";
    }
}
