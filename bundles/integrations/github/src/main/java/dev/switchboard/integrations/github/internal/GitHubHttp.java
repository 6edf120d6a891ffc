package dev.switchboard.integrations.github.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.spi.provider.ProviderException;
import dev.switchboard.spi.provider.ProviderException.Reason;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one HTTP client of an adapter: timeouts on every call, GitHub's API headers, JSON into plain Java
 * values, and HTTP failures mapped onto {@link ProviderException.Reason}s. Messages name the operation and
 * the status, never a body or a credential. Thread-safe.
 */
public final class GitHubHttp {

    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);
    /** Used when GitHub throttles without saying for how long. */
    static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(60);

    private static final String API_VERSION = "2022-11-28";
    private static final String USER_AGENT = "Switchboard-GitHub";

    private final HttpClient client;
    private final ObjectMapper mapper = new ObjectMapper();

    public GitHubHttp() {
        // HTTP/1.1: no h2c upgrade dance on plain-http test servers; redirects are never followed with a token
        this(HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).build());
    }

    GitHubHttp(HttpClient client) {
        this.client = client;
    }

    /** A request with GitHub's REST headers and the request timeout. */
    public HttpRequest.Builder api(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", API_VERSION)
                .header("User-Agent", USER_AGENT);
    }

    /** A request to the OAuth endpoints of the web host, which answer JSON only when asked to. */
    public HttpRequest.Builder oauth(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json")
                .header("User-Agent", USER_AGENT);
    }

    /** Sends {@code request}; I/O failures and timeouts are {@code UNAVAILABLE}. */
    public Response send(HttpRequest request, String operation) throws ProviderException {
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers(), response.body());
        } catch (HttpTimeoutException e) {
            throw ProviderException.of(Reason.UNAVAILABLE, operation + ": GitHub did not answer in time");
        } catch (IOException e) {
            throw ProviderException.of(Reason.UNAVAILABLE, operation + ": cannot reach GitHub ("
                    + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ProviderException.of(Reason.UNAVAILABLE, operation + ": interrupted");
        }
    }

    /** Sends {@code request} and returns the response if its status is one of {@code expected}. */
    public Response expect(HttpRequest request, String operation, Clock clock, int... expected)
            throws ProviderException {
        Response response = send(request, operation);
        for (int status : expected) {
            if (response.status() == status) {
                return response;
            }
        }
        throw failure(response, operation, clock);
    }

    /**
     * The failure for a non-success status: 401 → {@code UNAUTHORIZED}; 429, or 403 with an exhausted rate
     * limit or a {@code Retry-After} → {@code RATE_LIMITED}; other 403 → {@code UNAUTHORIZED}; 5xx →
     * {@code UNAVAILABLE}; anything else → {@code BAD_RESPONSE}.
     */
    public static ProviderException failure(Response response, String operation, Clock clock) {
        int status = response.status();
        if (status == 429 || status == 403 && rateLimited(response.headers())) {
            return ProviderException.rateLimited(retryAfter(response.headers(), clock.instant()));
        }
        String message = operation + ": GitHub answered HTTP " + status;
        if (status == 401 || status == 403) {
            return ProviderException.of(Reason.UNAUTHORIZED, message);
        }
        if (status >= 500) {
            return ProviderException.of(Reason.UNAVAILABLE, message);
        }
        return ProviderException.of(Reason.BAD_RESPONSE, message);
    }

    /** The body as a JSON object. */
    public Map<String, Object> object(Response response, String operation) throws ProviderException {
        return object(response.body(), operation);
    }

    /** {@code body} as a JSON object. */
    public Map<String, Object> object(String body, String operation) throws ProviderException {
        if (parse(body, operation) instanceof Map<?, ?> map) {
            @SuppressWarnings("unchecked")
            Map<String, Object> object = (Map<String, Object>) map;
            return object;
        }
        throw badJson(operation);
    }

    /** The body as a JSON array. */
    public List<Object> array(Response response, String operation) throws ProviderException {
        if (parse(response.body(), operation) instanceof List<?> list) {
            @SuppressWarnings("unchecked")
            List<Object> array = (List<Object>) list;
            return array;
        }
        throw badJson(operation);
    }

    /** {@code value} as JSON text. */
    public String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not serializable as JSON", e);
        }
    }

    private Object parse(String body, String operation) throws ProviderException {
        if (body == null || body.isBlank()) {
            throw badJson(operation);
        }
        try {
            return mapper.readValue(body, Object.class);
        } catch (IOException e) {
            // the parser's message may quote the body: keep it out
            throw badJson(operation);
        }
    }

    private static ProviderException badJson(String operation) {
        return ProviderException.of(Reason.BAD_RESPONSE, operation + ": GitHub's answer is not the expected JSON");
    }

    private static boolean rateLimited(HttpHeaders headers) {
        return headers.firstValue("x-ratelimit-remaining").map(String::trim).filter("0"::equals).isPresent()
                || headers.firstValue("retry-after").isPresent();
    }

    static Duration retryAfter(HttpHeaders headers, Instant now) {
        Optional<Long> seconds = number(headers.firstValue("retry-after"));
        if (seconds.isPresent()) {
            return Duration.ofSeconds(Math.max(0, seconds.get()));
        }
        Optional<Long> reset = number(headers.firstValue("x-ratelimit-reset"));
        if (reset.isPresent()) {
            return Duration.ofSeconds(Math.max(0, reset.get() - now.getEpochSecond()));
        }
        return DEFAULT_RETRY_AFTER;
    }

    private static Optional<Long> number(Optional<String> value) {
        try {
            return value.map(String::trim).map(Long::parseLong);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** A response with its body as text. {@link #toString()} leaves the body out. */
    public record Response(int status, HttpHeaders headers, String body) {

        @Override
        public String toString() {
            return "Response[status=" + status + "]";
        }
    }
}
