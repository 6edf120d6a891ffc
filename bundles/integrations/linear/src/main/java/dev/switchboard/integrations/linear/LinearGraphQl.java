package dev.switchboard.integrations.linear;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.integrations.oauth2.ProviderHttp;
import dev.switchboard.spi.AccessToken;
import dev.switchboard.spi.provider.ProviderException;
import dev.switchboard.spi.provider.ProviderException.Reason;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Posts GraphQL queries to Linear and maps its failures: HTTP statuses as {@link ProviderHttp} does, and GraphQL
 * errors by their {@code extensions.code} ({@code RATELIMITED} → rate limited until
 * {@code X-RateLimit-Requests-Reset}; authentication and permission errors → unauthorized; anything else → bad
 * response). Linear reports most errors with HTTP 400 and a JSON body.
 */
final class LinearGraphQl {

    private static final String WHAT = "Linear GraphQL request";

    private final ProviderHttp http;

    LinearGraphQl(ProviderHttp http) {
        this.http = http;
    }

    /** The {@code data} of the answer to {@code query} with {@code variables}. */
    JsonNode query(URI endpoint, AccessToken token, String query, Map<String, Object> variables, Clock clock)
            throws ProviderException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", query);
        body.put("variables", variables);
        ProviderHttp.Response response = http.send(http.jsonPost(endpoint, token, body), WHAT);
        int status = response.statusCode();
        if (status == 429) {
            throw ProviderException.rateLimited(retryAfter(response, clock));
        }
        if (status != 400 && !response.isSuccess()) {
            throw ProviderHttp.failure(response, clock, WHAT);
        }
        JsonNode json = ProviderHttp.parseJson(response.body(), WHAT);
        JsonNode errors = json.path("errors");
        if (errors.isArray() && !errors.isEmpty()) {
            throw graphQlFailure(errors.get(0), response, clock);
        }
        if (!response.isSuccess()) {
            throw ProviderHttp.failure(response, clock, WHAT);
        }
        JsonNode data = json.path("data");
        if (!data.isObject()) {
            throw ProviderException.of(Reason.BAD_RESPONSE, WHAT + ": answer without data");
        }
        return data;
    }

    private static ProviderException graphQlFailure(JsonNode error, ProviderHttp.Response response, Clock clock) {
        JsonNode extensions = error.path("extensions");
        String code = extensions.path("code").asText("").toUpperCase(Locale.ROOT);
        String type = extensions.path("type").asText("").toLowerCase(Locale.ROOT);
        if (code.equals("RATELIMITED") || type.contains("ratelimited")) {
            return ProviderException.rateLimited(retryAfter(response, clock));
        }
        if (code.contains("AUTHENTICATION") || code.equals("FORBIDDEN") || type.contains("authentication")
                || type.contains("forbidden")) {
            return ProviderException.of(Reason.UNAUTHORIZED, WHAT + " was rejected (" + safe(code) + ")");
        }
        if (code.contains("INTERNAL") || response.statusCode() >= 500) {
            return ProviderException.of(Reason.UNAVAILABLE, WHAT + " failed (" + safe(code) + ")");
        }
        return ProviderException.of(Reason.BAD_RESPONSE, WHAT + " failed with a GraphQL error (" + safe(code) + ")");
    }

    /** {@code Retry-After}, else Linear's reset instant (epoch ms), else the default wait. */
    private static Duration retryAfter(ProviderHttp.Response response, Clock clock) {
        return ProviderHttp.retryAfter(response.headers(), clock)
                .or(() -> response.headers().firstValue(LinearConstants.REQUESTS_RESET_HEADER)
                        .flatMap(value -> untilEpochMillis(value, clock)))
                .orElse(ProviderHttp.DEFAULT_RETRY_AFTER);
    }

    private static Optional<Duration> untilEpochMillis(String value, Clock clock) {
        try {
            Duration wait = Duration.between(clock.instant(), Instant.ofEpochMilli(Long.parseLong(value.trim())));
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String safe(String code) {
        return code.matches("[A-Z0-9_]{1,64}") ? code : "no code";
    }
}
