package dev.switchboard.integrations.slack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.spi.AccessToken;
import dev.switchboard.spi.action.ActionException;
import dev.switchboard.spi.action.ActionRequest;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One action's calls to Slack Web API methods with the bot token as a bearer credential: every request times out
 * by the action's deadline, the body must be {@code {"ok": true, ...}}, and failures are mapped by
 * {@link SlackActionFailures}. The API root is the context config's {@code apiBaseUrl} (default
 * {@code https://slack.com/api}). The whole exchange, body included, ends by the deadline. Not shared between calls.
 *
 * <p>Separate from the provider adapter's {@code SlackApi}, which maps onto {@code ProviderException}s with a fixed
 * timeout: actions need the deadline, JSON bodies and the action error kinds.
 */
final class SlackWebCall {

    static final String API_BASE_URL = "apiBaseUrl";
    static final URI DEFAULT_API_BASE_URL = URI.create("https://slack.com/api");
    /** The engine abandons any call after 30 s; a deadline further out is not waited for either. */
    static final Duration MAX_TIMEOUT = Duration.ofSeconds(30);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final HttpClient http;
    private final URI base;
    private final String authorization;
    private final Instant deadline;
    private final Clock clock;
    private final String action;
    private final Set<String> params;

    private SlackWebCall(HttpClient http, URI base, String authorization, ActionRequest request, Set<String> params) {
        this.http = http;
        this.base = base;
        this.authorization = authorization;
        this.deadline = request.deadline();
        this.clock = request.context().clock();
        this.action = request.action();
        this.params = params;
    }

    /** @param params the action's parameter names, for attributing Slack's {@code invalid_arguments} */
    static SlackWebCall open(HttpClient http, ActionRequest request, AccessToken token, Set<String> params)
            throws ActionException {
        if (token == null || token.isNone()) {
            throw ActionException.unauthorized(request.action() + ": no Slack token was passed");
        }
        return new SlackWebCall(http, base(request), "Bearer " + token.value().reveal(), request, params);
    }

    /** POSTs {@code body} as JSON to {@code method} (Slack's write methods accept JSON). */
    Map<String, Object> postJson(String method, Map<String, Object> body) throws ActionException {
        String json;
        try {
            json = JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw ActionException.badParam("params", "cannot be written as JSON");
        }
        return send(method, request(method, "").header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)));
    }

    /** GETs {@code method} with {@code query} (Slack's read methods take query arguments). */
    Map<String, Object> get(String method, Map<String, String> query) throws ActionException {
        StringJoiner joined = new StringJoiner("&", "?", "");
        query.forEach((name, value) -> joined.add(encode(name) + "=" + encode(value)));
        return send(method, request(method, query.isEmpty() ? "" : joined.toString()).GET());
    }

    private HttpRequest.Builder request(String method, String query) {
        return HttpRequest.newBuilder(URI.create(base + "/" + method + query))
                .header("Accept", "application/json")
                .header("Authorization", authorization);
    }

    private Map<String, Object> send(String method, HttpRequest.Builder request) throws ActionException {
        Duration left = Duration.between(clock.instant(), deadline);
        if (left.isNegative() || left.isZero()) {
            throw ActionException.upstream(0, action + ": the deadline passed before Slack was called", null);
        }
        Duration timeout = left.compareTo(MAX_TIMEOUT) < 0 ? left : MAX_TIMEOUT;
        HttpResponse<String> response = exchange(method, request.timeout(timeout).build(), timeout);
        int status = response.statusCode();
        Map<String, Object> body = parse(response.body());
        if (status >= 200 && status < 300 && body != null && Boolean.TRUE.equals(body.get("ok"))) {
            return body;
        }
        if (status == 429 || status >= 500 || body == null || !(body.get("error") instanceof String)) {
            throw status >= 200 && status < 300
                    ? ActionException.upstream(status, action + ": Slack " + method + " answered without ok", null)
                    : SlackActionFailures.ofStatus(action, status, response.headers());
        }
        throw SlackActionFailures.ofError(action, status, response.headers(), body, params);
    }

    /**
     * Awaits the whole exchange until the deadline and cancels it then: the JDK's request timeout stops waiting
     * for the response headers only, not for a body that trickles in.
     */
    private HttpResponse<String> exchange(String method, HttpRequest request, Duration timeout)
            throws ActionException {
        CompletableFuture<HttpResponse<String>> exchange =
                http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        try {
            return exchange.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw ActionException.upstream(0, action + ": Slack " + method + " did not answer by the deadline", null);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof HttpTimeoutException) {
                throw ActionException.upstream(0, action + ": Slack " + method + " did not answer by the deadline",
                        null);
            }
            // the cause's message may name the URL; its class says enough
            throw ActionException.upstream(0, action + ": cannot reach Slack ("
                    + (e.getCause() == null ? "unknown" : e.getCause().getClass().getSimpleName()) + ")", null);
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            throw ActionException.upstream(0, action + ": interrupted", null);
        }
    }

    private static Map<String, Object> parse(String body) {
        try {
            return body == null || body.isBlank() ? null : JSON.readValue(body, MAP);
        } catch (IOException e) {
            return null; // the parser's message may quote the body
        }
    }

    private static URI base(ActionRequest request) throws ActionException {
        Object configured = request.context().config().get(API_BASE_URL);
        if (configured == null || configured instanceof String text && text.isBlank()) {
            return DEFAULT_API_BASE_URL;
        }
        try {
            String text = String.valueOf(configured).strip();
            URI uri = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
            boolean http = "https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme());
            if (http && uri.getHost() != null && uri.getRawQuery() == null && uri.getRawFragment() == null) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // reported below, without the value
        }
        throw ActionException.upstream(0, "Slack configuration: apiBaseUrl must be an absolute http(s) URL", null);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
