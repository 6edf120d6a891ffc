package dev.switchboard.integrations.slack;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Calls Slack Web API methods. Slack answers most failures with HTTP 200 and {@code {"ok": false, "error": ...}},
 * so every response is checked for {@code ok} and its error code mapped to a {@link Reason}; HTTP 429 and
 * {@code ratelimited} carry a Retry-After header. Messages name the method and the Slack error code only.
 */
final class SlackApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    /** The grant (code, refresh token, token) is gone or never was: the user has to connect again. */
    private static final Set<String> INVALID_GRANT = Set.of("invalid_code", "invalid_grant", "invalid_refresh_token",
            "code_already_used", "bad_redirect_uri", "token_revoked", "account_inactive", "missing_scope",
            "team_access_not_granted", "app_uninstalled");
    /** Our credentials (client id/secret, an expired rotating token) were rejected; a refresh may help. */
    private static final Set<String> UNAUTHORIZED = Set.of("invalid_auth", "not_authed", "token_expired",
            "invalid_client_id", "bad_client_secret", "not_allowed_token_type");
    private static final Set<String> UNAVAILABLE = Set.of("internal_error", "fatal_error", "service_unavailable",
            "request_timeout");

    private final HttpClient http;
    private final URI base;

    SlackApi(HttpClient http, URI base) {
        this.http = http;
        this.base = base;
    }

    /** POSTs {@code form} (url-encoded) to {@code method}, authenticated by {@code authorization} if not null. */
    Map<String, Object> postForm(String method, Map<String, String> form, String authorization)
            throws ProviderException {
        HttpRequest.Builder request = request(method, "")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form)));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(method, request.build());
    }

    /** GETs {@code method} with {@code query}, authenticated with the bearer {@code token}. */
    Map<String, Object> get(String method, Map<String, String> query, SecretValue token) throws ProviderException {
        HttpRequest request = request(method, query.isEmpty() ? "" : "?" + encode(query))
                .header("Authorization", "Bearer " + token.reveal())
                .GET()
                .build();
        return send(method, request);
    }

    private HttpRequest.Builder request(String method, String query) {
        return HttpRequest.newBuilder(base.resolve(method + query))
                .timeout(SlackConstants.REQUEST_TIMEOUT)
                .header("Accept", "application/json");
    }

    private Map<String, Object> send(String method, HttpRequest request) throws ProviderException {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw ProviderException.of(Reason.UNAVAILABLE, "Slack " + method + " failed: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ProviderException.of(Reason.UNAVAILABLE, "Slack " + method + " was interrupted");
        }
        int status = response.statusCode();
        if (status == 429) {
            throw ProviderException.rateLimited(retryAfter(response));
        }
        if (status >= 500) {
            throw ProviderException.of(Reason.UNAVAILABLE, "Slack " + method + " answered HTTP " + status);
        }
        Map<String, Object> body = parse(method, response, status);
        if (Boolean.TRUE.equals(body.get("ok")) && status < 300) {
            return body;
        }
        Object error = body.get("error");
        if (!(error instanceof String code)) {
            throw ProviderException.of(status == 401 || status == 403 ? Reason.UNAUTHORIZED : Reason.BAD_RESPONSE,
                    "Slack " + method + " failed with HTTP " + status + " and no error code");
        }
        throw failure(method, code, response);
    }

    private static Map<String, Object> parse(String method, HttpResponse<String> response, int status)
            throws ProviderException {
        try {
            Map<String, Object> body = JSON.readValue(response.body(), MAP);
            if (body == null) {
                throw ProviderException.of(Reason.BAD_RESPONSE, "Slack " + method + " answered an empty body");
            }
            return body;
        } catch (IOException e) {
            throw ProviderException.of(status == 401 || status == 403 ? Reason.UNAUTHORIZED : Reason.BAD_RESPONSE,
                    "Slack " + method + " answered HTTP " + status + " without JSON");
        }
    }

    private static ProviderException failure(String method, String code, HttpResponse<String> response) {
        String message = "Slack " + method + " failed: " + code;
        if ("ratelimited".equals(code)) {
            return ProviderException.rateLimited(retryAfter(response));
        }
        if (INVALID_GRANT.contains(code)) {
            return ProviderException.of(Reason.INVALID_GRANT, message);
        }
        if (UNAUTHORIZED.contains(code)) {
            return ProviderException.of(Reason.UNAUTHORIZED, message);
        }
        if (UNAVAILABLE.contains(code)) {
            return ProviderException.of(Reason.UNAVAILABLE, message);
        }
        return ProviderException.of(Reason.BAD_RESPONSE, message);
    }

    private static Duration retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").map(String::trim).map(value -> {
            try {
                return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
            } catch (NumberFormatException e) {
                return SlackConstants.DEFAULT_RETRY_AFTER;
            }
        }).orElse(SlackConstants.DEFAULT_RETRY_AFTER);
    }

    private static String encode(Map<String, String> values) {
        StringJoiner joined = new StringJoiner("&");
        values.forEach((name, value) -> joined.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return joined.toString();
    }
}
