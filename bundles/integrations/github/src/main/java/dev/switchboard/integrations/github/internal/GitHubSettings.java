package dev.switchboard.integrations.github.internal;

import static dev.switchboard.integrations.github.GitHubConstants.API_BASE_URL;
import static dev.switchboard.integrations.github.GitHubConstants.APP_ID;
import static dev.switchboard.integrations.github.GitHubConstants.DEFAULT_API_BASE_URL;
import static dev.switchboard.integrations.github.GitHubConstants.DEFAULT_SCOPES;
import static dev.switchboard.integrations.github.GitHubConstants.DEFAULT_WEB_BASE_URL;
import static dev.switchboard.integrations.github.GitHubConstants.PRIVATE_KEY;
import static dev.switchboard.integrations.github.GitHubConstants.SCOPES;
import static dev.switchboard.integrations.github.GitHubConstants.SLUG;
import static dev.switchboard.integrations.github.GitHubConstants.WEBHOOK_SECRET;
import static dev.switchboard.integrations.github.GitHubConstants.WEB_BASE_URL;

import dev.switchboard.spi.SecretValue;
import dev.switchboard.spi.provider.ProviderException;
import java.net.URI;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The effective configuration of one call: the context's config over the component's (DS) config over
 * defaults. Blank values count as absent, so an unset {@code ${env:...:-}} in the .cfg falls through.
 * {@link #toString()} says whether secrets are set, never what they are.
 */
public record GitHubSettings(
        URI apiBaseUrl,
        URI webBaseUrl,
        List<String> scopes,
        String appId,
        SecretValue privateKey,
        SecretValue webhookSecret,
        String slug) {

    private static final Pattern APP_ID_PATTERN = Pattern.compile("[A-Za-z0-9._-]{1,100}");
    private static final Pattern SLUG_PATTERN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,99}");

    public GitHubSettings {
        Objects.requireNonNull(apiBaseUrl, "apiBaseUrl");
        Objects.requireNonNull(webBaseUrl, "webBaseUrl");
        scopes = List.copyOf(scopes);
        privateKey = privateKey == null ? SecretValue.EMPTY : privateKey;
        webhookSecret = webhookSecret == null ? SecretValue.EMPTY : webhookSecret;
    }

    /** Merges {@code context} over {@code component} over the defaults; fails on malformed values. */
    public static GitHubSettings merge(Map<String, ?> component, Map<String, ?> context) throws ProviderException {
        Layers layers = new Layers(component, context);
        String appId = layers.text(APP_ID);
        if (appId != null && !APP_ID_PATTERN.matcher(appId).matches()) {
            throw invalid(APP_ID, "must be the GitHub App id or client id");
        }
        String slug = layers.text(SLUG);
        if (slug != null && !SLUG_PATTERN.matcher(slug).matches()) {
            throw invalid(SLUG, "must be the GitHub App's URL name");
        }
        return new GitHubSettings(
                url(layers.text(API_BASE_URL), DEFAULT_API_BASE_URL, API_BASE_URL),
                url(layers.text(WEB_BASE_URL), DEFAULT_WEB_BASE_URL, WEB_BASE_URL),
                scopes(layers.value(SCOPES)),
                appId,
                secret(layers.text(PRIVATE_KEY)),
                secret(layers.text(WEBHOOK_SECRET)),
                slug);
    }

    /** Whether the app can mint installation tokens (app id and private key are both set). */
    public boolean appConfigured() {
        return appId != null && !privateKey.isEmpty();
    }

    /** {@code path} (starting with '/') below the API root. */
    public URI api(String path) {
        return URI.create(apiBaseUrl + path);
    }

    /** {@code path} (starting with '/') below the web root. */
    public URI web(String path) {
        return URI.create(webBaseUrl + path);
    }

    /** Whether {@code uri} points at the API's origin, so a credential may be sent to it. */
    public boolean sameOriginAsApi(URI uri) {
        return uri.isAbsolute() && Objects.equals(uri.getScheme(), apiBaseUrl.getScheme())
                && apiBaseUrl.getHost() != null && apiBaseUrl.getHost().equalsIgnoreCase(uri.getHost())
                && uri.getPort() == apiBaseUrl.getPort()
                && uri.getRawPath() != null && uri.getRawPath().startsWith(apiBaseUrl.getRawPath());
    }

    private static URI url(String value, URI fallback, String key) throws ProviderException {
        if (value == null) {
            return fallback;
        }
        URI uri;
        try {
            uri = URI.create(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
        } catch (IllegalArgumentException e) {
            throw invalid(key, "must be an absolute http(s) URL");
        }
        boolean http = "https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme());
        if (!http || uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw invalid(key, "must be an absolute http(s) URL without query");
        }
        return uri;
    }

    private static List<String> scopes(Object value) {
        if (value instanceof Collection<?> list) {
            return list.stream().map(String::valueOf).map(String::trim).filter(s -> !s.isEmpty()).toList();
        }
        if (value instanceof String[] array) {
            return scopes(Arrays.asList(array));
        }
        if (value == null || String.valueOf(value).isBlank()) {
            return DEFAULT_SCOPES;
        }
        return Arrays.stream(String.valueOf(value).split("[,\\s]+")).filter(s -> !s.isEmpty()).toList();
    }

    private static SecretValue secret(String value) {
        return value == null ? SecretValue.EMPTY : SecretValue.of(value);
    }

    private static ProviderException invalid(String key, String problem) {
        // a configuration error is not transient: BAD_RESPONSE is the SPI's "do not retry"
        return ProviderException.of(ProviderException.Reason.BAD_RESPONSE,
                "GitHub configuration: " + key + " " + problem);
    }

    @Override
    public String toString() {
        return "GitHubSettings[apiBaseUrl=" + apiBaseUrl + ", webBaseUrl=" + webBaseUrl + ", scopes=" + scopes
                + ", appId=" + appId + ", privateKey=" + (privateKey.isEmpty() ? "unset" : "***")
                + ", webhookSecret=" + (webhookSecret.isEmpty() ? "unset" : "***") + ", slug=" + slug + "]";
    }

    private record Layers(Map<String, ?> component, Map<String, ?> context) {

        Object value(String key) {
            Object fromContext = context == null ? null : context.get(key);
            if (!blank(fromContext)) {
                return fromContext;
            }
            Object fromComponent = component == null ? null : component.get(key);
            return blank(fromComponent) ? null : fromComponent;
        }

        String text(String key) {
            Object value = value(key);
            if (value instanceof SecretValue secret) {
                return secret.isEmpty() ? null : secret.reveal();
            }
            return value == null ? null : String.valueOf(value).trim();
        }

        private static boolean blank(Object value) {
            return value == null || value instanceof String text && text.isBlank()
                    || value instanceof SecretValue secret && secret.isEmpty();
        }
    }
}
