package dev.switchboard.integrations.nango;

import java.net.URI;
import java.time.Duration;

/** Ids, configuration keys, endpoints and limits of the Nango broker adapter. */
final class NangoConstants {

    static final String PID = "dev.switchboard.integrations.nango";
    static final String ID_PREFIX = "nango-";

    /** Component configuration (etc/dev.switchboard.integrations.nango-<name>.cfg). */
    static final String PROP_SECRET_KEY = ".secretKey";
    static final String PROP_SECRET_KEY_PUBLIC = "secretKey";
    static final String PROP_BASE_URL = "baseUrl";
    static final String PROP_PROVIDER_CONFIG_KEY = "providerConfigKey";
    static final String PROP_SERVICE = "service";
    static final String PROP_WEBHOOK_SIGNING_KEY = ".webhookSigningKey";
    static final String PROP_DELETE_ON_DISCONNECT = "deleteConnectionOnDisconnect";
    static final String PROP_CACHE_SECONDS = "cacheSecondsWithoutExpiry";

    /** Per-organization overrides in ProviderContext.config, for organizations with their own Nango account. */
    static final String CONFIG_SECRET_KEY = "secretKey";
    static final String CONFIG_BASE_URL = "baseUrl";

    static final URI DEFAULT_BASE_URL = URI.create("https://api.nango.dev");

    /** Nango's HMAC-SHA256 of the raw body with the environment's webhook signing key, hex. */
    static final String SIGNATURE_HEADER = "X-Nango-Hmac-Sha256";

    /** A cached token is handed out until this long before it expires. */
    static final Duration EXPIRY_MARGIN = Duration.ofMinutes(5);
    static final Duration DEFAULT_CACHE_WITHOUT_EXPIRY = Duration.ofMinutes(10);
    static final int CACHE_SWEEP_SIZE = 10_000;

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);
    static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(30);

    private NangoConstants() {
    }
}
