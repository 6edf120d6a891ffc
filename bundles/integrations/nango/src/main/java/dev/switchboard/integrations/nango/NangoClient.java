package dev.switchboard.integrations.nango;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.spi.AccessToken;
import dev.switchboard.spi.SecretValue;
import dev.switchboard.spi.provider.ProviderException;
import dev.switchboard.spi.provider.ProviderException.Reason;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * Nango's connection API: {@code GET /connection/{id}?provider_config_key=...} returns the connection with fresh
 * credentials (Nango refreshes an expired token itself; {@code force_refresh=true} makes it refresh now) and
 * {@code DELETE /connection/{id}} removes it. The refresh token is never requested ({@code refresh_token=true}
 * would add it to the answer). Messages carry the status only, never keys, tokens or bodies.
 */
final class NangoClient {

    /** Where a connection is: one Nango environment (URL and key), one integration, one connection id. */
    record Target(URI baseUrl, SecretValue secretKey, String providerConfigKey, String connectionId) {

        @Override
        public String toString() {
            return "Target[baseUrl=" + baseUrl + ", providerConfigKey=" + providerConfigKey
                    + ", connectionId=" + connectionId + "]";
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final HttpClient http;

    NangoClient(HttpClient http) {
        this.http = http;
    }

    AccessToken token(Target target, boolean forceRefresh) throws ProviderException {
        String query = "?provider_config_key=" + encode(target.providerConfigKey())
                + (forceRefresh ? "&force_refresh=true" : "");
        HttpResponse<String> response = send(target, HttpRequest.newBuilder(connectionUri(target, query)).GET());
        int status = response.statusCode();
        if (status != 200) {
            throw failure(status, response);
        }
        return NangoCredentials.toAccessToken(parse(response));
    }

    /** Idempotent: a connection Nango no longer knows counts as deleted. */
    void deleteConnection(Target target) throws ProviderException {
        String query = "?provider_config_key=" + encode(target.providerConfigKey());
        HttpResponse<String> response = send(target, HttpRequest.newBuilder(connectionUri(target, query)).DELETE());
        int status = response.statusCode();
        if (status != 404 && (status < 200 || status >= 300)) {
            throw failure(status, response);
        }
    }

    private HttpResponse<String> send(Target target, HttpRequest.Builder request) throws ProviderException {
        if (target.secretKey().isEmpty()) {
            throw ProviderException.of(Reason.UNAUTHORIZED, "no Nango secret key is configured");
        }
        HttpRequest built = request.timeout(NangoConstants.REQUEST_TIMEOUT)
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + target.secretKey().reveal())
                .build();
        try {
            return http.send(built, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw ProviderException.of(Reason.UNAVAILABLE, "Nango request failed: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ProviderException.of(Reason.UNAVAILABLE, "Nango request was interrupted");
        }
    }

    private static URI connectionUri(Target target, String query) {
        return URI.create(target.baseUrl() + "/connection/" + encode(target.connectionId()) + query);
    }

    /**
     * 404: the connection is gone (deleted in Nango) and 424: Nango gave up refreshing it — either way the user has
     * to reconnect. 401/403: our Nango key is wrong or lacks the scope.
     */
    private static ProviderException failure(int status, HttpResponse<String> response) {
        String what = "Nango answered HTTP " + status;
        return switch (status) {
            case 404 -> ProviderException.of(Reason.INVALID_GRANT, what + ": the connection does not exist (any more)");
            case 424 -> ProviderException.of(Reason.INVALID_GRANT, what + ": Nango could not refresh the connection");
            case 401, 403 -> ProviderException.of(Reason.UNAUTHORIZED, what + ": check the Nango secret key");
            case 429 -> ProviderException.rateLimited(retryAfter(response));
            default -> ProviderException.of(status >= 500 ? Reason.UNAVAILABLE : Reason.BAD_RESPONSE, what);
        };
    }

    private static Map<String, Object> parse(HttpResponse<String> response) throws ProviderException {
        try {
            Map<String, Object> body = JSON.readValue(response.body(), MAP);
            if (body == null) {
                throw ProviderException.of(Reason.BAD_RESPONSE, "Nango answered an empty body");
            }
            return body;
        } catch (IOException e) {
            throw ProviderException.of(Reason.BAD_RESPONSE, "Nango answered no JSON object");
        }
    }

    private static Duration retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").map(String::trim).map(value -> {
            try {
                return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
            } catch (NumberFormatException e) {
                return NangoConstants.DEFAULT_RETRY_AFTER;
            }
        }).orElse(NangoConstants.DEFAULT_RETRY_AFTER);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Reads {@code credentials} of a connection, whatever Nango auth mode produced it. */
    static final class NangoCredentials {

        private NangoCredentials() {
        }

        static AccessToken toAccessToken(Map<String, Object> connection) throws ProviderException {
            if (!(connection.get("credentials") instanceof Map<?, ?> credentials)) {
                throw ProviderException.of(Reason.BAD_RESPONSE, "Nango connection has no credentials");
            }
            String type = credentials.get("type") instanceof String text ? text : "OAUTH2";
            String value = switch (type) {
                case "OAUTH2", "APP", "APP_STORE" -> string(credentials.get("access_token"));
                case "OAUTH2_CC" -> string(credentials.get("token"));
                case "API_KEY" -> string(credentials.get("apiKey"));
                default -> throw ProviderException.of(Reason.BAD_RESPONSE,
                        "Nango credentials of type " + type + " are not supported");
            };
            if (value == null || value.isEmpty()) {
                throw ProviderException.of(Reason.BAD_RESPONSE, "Nango credentials of type " + type + " hold no token");
            }
            String tokenType = "API_KEY".equals(type) ? "api-key" : "Bearer";
            return new AccessToken(SecretValue.of(value), tokenType, instant(credentials.get("expires_at")));
        }

        private static Instant instant(Object value) {
            if (!(value instanceof String text) || text.isBlank()) {
                return null;
            }
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                return null; // unknown expiry: cached for cacheSecondsWithoutExpiry only
            }
        }

        private static String string(Object value) {
            return value instanceof String text ? text : null;
        }
    }
}
