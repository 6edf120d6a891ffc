package dev.switchboard.integrations.linear;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.integrations.oauth2.ProviderConfig;
import dev.switchboard.integrations.oauth2.ProviderHttp;
import dev.switchboard.spi.AccessToken;
import dev.switchboard.spi.action.ActionContext;
import dev.switchboard.spi.action.ActionException;
import dev.switchboard.spi.action.ActionRequest;
import dev.switchboard.spi.provider.ProviderContext;
import dev.switchboard.spi.provider.ProviderException;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Posts the GraphQL of one action to Linear within the request's deadline and maps Linear's failures to
 * {@link ActionException}s. Linear answers most errors with HTTP 400 and {@code errors[].extensions}:
 * {@code RATELIMITED} → rate limited until {@code Retry-After} or Linear's reset headers (epoch ms);
 * authentication errors → unauthorized; "Entity not found" → not found; anything else → upstream error with
 * the HTTP status and Linear's user-presentable message. Thread-safe.
 */
final class LinearActionClient {

    static final String WHAT = "Linear GraphQL request";

    /** The engine abandons every action call after 30 s, whatever the deadline says. */
    private static final Duration MAX_CALL = Duration.ofSeconds(30);
    private static final Duration MIN_CALL = Duration.ofMillis(1);
    private static final String COMPLEXITY_RESET_HEADER = "X-RateLimit-Complexity-Reset";
    private static final int MAX_MESSAGE = 200;

    private final HttpClient client;
    /** Builds requests only; each call is sent with a time limit bounded by its deadline. */
    private final ProviderHttp requests;

    LinearActionClient(HttpClient client) {
        this.client = client;
        this.requests = new ProviderHttp(client, MAX_CALL);
    }

    /** The {@code data} of Linear's answer to {@code query} with {@code variables}. */
    JsonNode execute(ActionRequest request, AccessToken token, String query, Map<String, Object> variables)
            throws ActionException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", query);
        body.put("variables", variables);
        ProviderHttp.Response response = send(request, token, body);
        return data(response, request.context().clock(), token);
    }

    private ProviderHttp.Response send(ActionRequest request, AccessToken token, Map<String, Object> body)
            throws ActionException {
        if (token.isNone()) {
            throw ActionException.unauthorized(WHAT + " needs the Linear integration's token");
        }
        URI endpoint = endpoint(request.context());
        Duration left = Duration.between(request.context().clock().instant(), request.deadline());
        if (left.compareTo(MIN_CALL) < 0) {
            throw ActionException.upstream(0, WHAT + " not sent: the deadline has passed", null);
        }
        ProviderHttp bounded = new ProviderHttp(client, left.compareTo(MAX_CALL) > 0 ? MAX_CALL : left);
        try {
            return bounded.send(requests.jsonPost(endpoint, token, body), WHAT);
        } catch (ProviderException e) {
            // ProviderHttp names the call and the failure (time-out, I/O) but never the token
            throw ActionException.upstream(0, e.getMessage(), e);
        }
    }

    private static JsonNode data(ProviderHttp.Response response, Clock clock, AccessToken token)
            throws ActionException {
        int status = response.statusCode();
        if (status == 429) {
            throw ActionException.rateLimited(retryAfter(response, clock));
        }
        if (status == 401) {
            throw ActionException.unauthorized(WHAT + " was rejected with HTTP 401");
        }
        Optional<JsonNode> json = json(response);
        JsonNode errors = json.map(node -> node.path("errors")).orElse(null);
        if (errors != null && errors.isArray() && !errors.isEmpty()) {
            throw failure(errors.get(0), response, clock, token);
        }
        if (!response.isSuccess()) {
            throw ActionException.upstream(status, WHAT + " failed with HTTP " + status, null);
        }
        JsonNode data = json.map(node -> node.path("data")).orElse(null);
        if (data == null || !data.isObject()) {
            throw ActionException.upstream(status, WHAT + ": answer without data", null);
        }
        return data;
    }

    private static ActionException failure(JsonNode error, ProviderHttp.Response response, Clock clock,
                                           AccessToken token) {
        JsonNode extensions = error.path("extensions");
        String code = extensions.path("code").asText("").toUpperCase(Locale.ROOT);
        String type = extensions.path("type").asText("").toLowerCase(Locale.ROOT);
        String shown = extensions.path("userPresentableMessage").asText("");
        if (code.equals("RATELIMITED") || type.contains("ratelimited")) {
            return ActionException.rateLimited(retryAfter(response, clock));
        }
        if (code.contains("AUTHENTICATION") || type.contains("authentication")) {
            return ActionException.unauthorized(WHAT + " was rejected (" + safeCode(code) + ")");
        }
        if (isNotFound(code, error.path("message").asText(""), shown)) {
            return ActionException.notFound("Linear: " + (shown.isBlank() ? "entity not found" : safe(shown, token)));
        }
        String detail = shown.isBlank() ? "" : ": " + safe(shown, token);
        return ActionException.upstream(response.statusCode(),
                WHAT + " failed with HTTP " + response.statusCode() + " (" + safeCode(code) + ")" + detail, null);
    }

    private static boolean isNotFound(String code, String message, String shown) {
        return code.equals("NOT_FOUND") || code.equals("ENTITY_NOT_FOUND")
                || message.toLowerCase(Locale.ROOT).startsWith("entity not found")
                || shown.toLowerCase(Locale.ROOT).contains("could not find");
    }

    private static Optional<JsonNode> json(ProviderHttp.Response response) {
        try {
            return Optional.of(ProviderHttp.parseJson(response.body(), WHAT));
        } catch (ProviderException e) {
            return Optional.empty();
        }
    }

    /** {@code Retry-After}, else Linear's request or complexity reset (epoch ms), else the default wait. */
    private static Duration retryAfter(ProviderHttp.Response response, Clock clock) {
        return ProviderHttp.retryAfter(response.headers(), clock)
                .or(() -> reset(response, LinearConstants.REQUESTS_RESET_HEADER, clock))
                .or(() -> reset(response, COMPLEXITY_RESET_HEADER, clock))
                .orElse(ProviderHttp.DEFAULT_RETRY_AFTER);
    }

    private static Optional<Duration> reset(ProviderHttp.Response response, String header, Clock clock) {
        return response.headers().firstValue(header).flatMap(value -> {
            try {
                Duration wait = Duration.between(clock.instant(), Instant.ofEpochMilli(Long.parseLong(value.trim())));
                return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    private static URI endpoint(ActionContext context) throws ActionException {
        ProviderContext asProvider = new ProviderContext(context.organizationId(), context.integrationId(), null,
                context.config(), context.clock());
        try {
            URI base = ProviderConfig.baseUrl(asProvider, LinearConstants.API_BASE_URL,
                    LinearConstants.DEFAULT_API_BASE_URL);
            return ProviderConfig.resolve(base, LinearConstants.GRAPHQL_PATH);
        } catch (ProviderException e) {
            throw ActionException.upstream(0, e.getMessage(), null);
        }
    }

    private static String safeCode(String code) {
        return code.matches("[A-Z0-9_]{1,64}") ? code : "no code";
    }

    /** Linear's message for users, shortened, on one line, and never with the token in it. */
    static String safe(String text, AccessToken token) {
        String line = text.replaceAll("\\p{Cntrl}+", " ").strip();
        String secret = token.value().reveal();
        if (!secret.isEmpty()) {
            line = line.replace(secret, "***");
        }
        return line.length() > MAX_MESSAGE ? line.substring(0, MAX_MESSAGE) + "…" : line;
    }
}
