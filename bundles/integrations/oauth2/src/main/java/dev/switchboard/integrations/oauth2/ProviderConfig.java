package dev.switchboard.integrations.oauth2;

import dev.switchboard.spi.provider.ProviderContext;
import dev.switchboard.spi.provider.ProviderException;
import dev.switchboard.spi.provider.ProviderException.Reason;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * Reads values from {@link ProviderContext#config()}. The engine validates the configuration against the
 * adapter's schema first, so a bad value here means schema and code disagree: it is reported as
 * {@link Reason#BAD_RESPONSE} naming the key, never the value.
 */
public final class ProviderConfig {

    private ProviderConfig() {
    }

    /** The non-blank string under {@code key}, trimmed. */
    public static Optional<String> string(ProviderContext context, String key) {
        Object value = context.config().get(key);
        return value == null || value.toString().isBlank() ? Optional.empty() : Optional.of(value.toString().trim());
    }

    /**
     * The absolute http(s) URL under {@code key} without a trailing slash, or {@code fallback}; append paths
     * with {@link #resolve}.
     */
    public static URI baseUrl(ProviderContext context, String key, URI fallback) throws ProviderException {
        Optional<String> value = string(context, key);
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            URI uri = new URI(value.get().replaceAll("/+$", ""));
            if (uri.isAbsolute() && uri.getHost() != null
                    && ("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw ProviderException.of(Reason.BAD_RESPONSE, "configuration " + key + " is not an absolute http(s) URL");
    }

    /** {@code base} (without a trailing slash) followed by {@code path} (starting with a slash). */
    public static URI resolve(URI base, String path) {
        return URI.create(base.toString().replaceAll("/+$", "") + path);
    }
}
