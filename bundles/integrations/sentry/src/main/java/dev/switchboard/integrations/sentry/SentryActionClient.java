package dev.switchboard.integrations.sentry;

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
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * Calls Sentry's REST API ({@code baseUrl}/api/0, default sentry.io) for one action within the request's
 * deadline and maps Sentry's answers to {@link ActionException}s: 401 → unauthorized; 403 → upstream error (the
 * token lacks a scope, refreshing does not help); 404 → not found; 429 → rate limited until {@code Retry-After}
 * or {@code X-Sentry-Rate-Limit-Reset} (epoch seconds); anything else that is not 2xx → upstream error with the
 * status and Sentry's {@code detail}. Thread-safe.
 */
final class SentryActionClient {

    static final String WHAT = "Sentry API request";

    /** The engine abandons every action call after 30 s, whatever the deadline says. */
    private static final Duration MAX_CALL = Duration.ofSeconds(30);
    private static final Duration MIN_CALL = Duration.ofMillis(1);
    private static final String RATE_LIMIT_RESET_HEADER = "X-Sentry-Rate-Limit-Reset";
    private static final int MAX_MESSAGE = 200;

    /** A JSON answer and the cursor of the page after it, if Sentry announced one. */
    record Page(JsonNode body, Optional<String> nextCursor) {
    }

    private final HttpClient client;
    /** Builds requests only; each call is sent with a time limit bounded by its deadline. */
    private final ProviderHttp requests;
    private final SentryLinks links = new SentryLinks();

    SentryActionClient(HttpClient client) {
        this.client = client;
        this.requests = new ProviderHttp(client, MAX_CALL);
    }

    /** {@code GET path} (below {@code /api/0}) with the non-null {@code query} parameters. */
    Page get(ActionRequest request, AccessToken token, String path, Map<String, String> query)
            throws ActionException {
        requireToken(token);
        URI uri = uri(request.context(), path, query);
        return page(send(request, token, requests.jsonGet(uri, token)), request.context().clock(), token);
    }

    /** {@code PUT path} (below {@code /api/0}) of {@code body} as JSON. */
    JsonNode put(ActionRequest request, AccessToken token, String path, Map<String, Object> body)
            throws ActionException {
        requireToken(token);
        URI uri = uri(request.context(), path, Map.of());
        HttpRequest.Builder put = requests.jsonPost(uri, token, body)
                .method("PUT", HttpRequest.BodyPublishers.ofString(ProviderHttp.toJson(body)));
        return page(send(request, token, put), request.context().clock(), token).body();
    }

    /** A path segment: slugs and ids as given, anything else percent-encoded. */
    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static void requireToken(AccessToken token) throws ActionException {
        if (token.isNone()) {
            throw ActionException.unauthorized(WHAT + " needs the Sentry integration's token");
        }
    }

    private ProviderHttp.Response send(ActionRequest request, AccessToken token, HttpRequest.Builder builder)
            throws ActionException {
        Duration left = Duration.between(request.context().clock().instant(), request.deadline());
        if (left.compareTo(MIN_CALL) < 0) {
            throw ActionException.upstream(0, WHAT + " not sent: the deadline has passed", null);
        }
        ProviderHttp bounded = new ProviderHttp(client, left.compareTo(MAX_CALL) > 0 ? MAX_CALL : left);
        try {
            return bounded.send(builder, WHAT);
        } catch (ProviderException e) {
            // ProviderHttp names the call and the failure (time-out, I/O) but never the token
            throw ActionException.upstream(0, e.getMessage(), e);
        }
    }

    private Page page(ProviderHttp.Response response, Clock clock, AccessToken token) throws ActionException {
        int status = response.statusCode();
        if (!response.isSuccess()) {
            throw failure(response, clock, token);
        }
        try {
            JsonNode body = ProviderHttp.parseJson(response.body(), WHAT);
            return new Page(body, links.next(response.headers()).flatMap(SentryActionClient::cursor));
        } catch (ProviderException e) {
            throw ActionException.upstream(status, e.getMessage(), null);
        }
    }

    private static ActionException failure(ProviderHttp.Response response, Clock clock, AccessToken token) {
        int status = response.statusCode();
        return switch (status) {
            case 401 -> ActionException.unauthorized(WHAT + " was rejected with HTTP 401");
            case 404 -> ActionException.notFound("Sentry: not found" + detail(response, token));
            case 429 -> ActionException.rateLimited(retryAfter(response, clock));
            case 403 -> ActionException.upstream(403, WHAT + " was refused with HTTP 403; the Sentry token lacks "
                    + "a scope this action needs" + detail(response, token), null);
            default -> ActionException.upstream(status, WHAT + " failed with HTTP " + status
                    + detail(response, token), null);
        };
    }

    /** Sentry's {@code detail} message, shortened, on one line, never with the token; empty when absent. */
    private static String detail(ProviderHttp.Response response, AccessToken token) {
        String text;
        try {
            JsonNode detail = ProviderHttp.parseJson(response.body(), WHAT).path("detail");
            text = detail.isTextual() ? detail.asText() : "";
        } catch (ProviderException e) {
            text = "";
        }
        String line = text.replaceAll("\\p{Cntrl}+", " ").strip();
        String secret = token.value().reveal();
        if (!secret.isEmpty()) {
            line = line.replace(secret, "***");
        }
        if (line.length() > MAX_MESSAGE) {
            line = line.substring(0, MAX_MESSAGE) + "…";
        }
        return line.isEmpty() ? "" : ": " + line;
    }

    /** {@code Retry-After}, else Sentry's reset instant (epoch seconds), else the default wait. */
    private static Duration retryAfter(ProviderHttp.Response response, Clock clock) {
        return ProviderHttp.retryAfter(response.headers(), clock)
                .or(() -> response.headers().firstValue(RATE_LIMIT_RESET_HEADER).flatMap(value -> {
                    try {
                        Duration wait = Duration.between(clock.instant(),
                                Instant.ofEpochSecond(Long.parseLong(value.trim())));
                        return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
                    } catch (NumberFormatException e) {
                        return Optional.empty();
                    }
                }))
                .orElse(ProviderHttp.DEFAULT_RETRY_AFTER);
    }

    private static Optional<String> cursor(URI next) {
        String query = next.getRawQuery();
        if (query == null) {
            return Optional.empty();
        }
        for (String pair : query.split("&")) {
            String[] parts = pair.split("=", 2);
            if (parts.length == 2 && parts[0].equals("cursor") && !parts[1].isEmpty()) {
                return Optional.of(URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    private static URI uri(ActionContext context, String path, Map<String, String> query) throws ActionException {
        ProviderContext asProvider = new ProviderContext(context.organizationId(), context.integrationId(), null,
                context.config(), context.clock());
        URI base;
        try {
            base = ProviderConfig.baseUrl(asProvider, SentryConstants.BASE_URL, SentryConstants.DEFAULT_BASE_URL);
        } catch (ProviderException e) {
            throw ActionException.upstream(0, e.getMessage(), null);
        }
        StringJoiner parameters = new StringJoiner("&", "?", "").setEmptyValue("");
        query.forEach((name, value) -> {
            if (value != null) {
                parameters.add(name + "=" + segment(value));
            }
        });
        return ProviderConfig.resolve(base, "/api/0" + path + parameters);
    }
}
