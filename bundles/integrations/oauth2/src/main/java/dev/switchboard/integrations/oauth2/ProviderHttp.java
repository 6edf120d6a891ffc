package dev.switchboard.integrations.oauth2;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.spi.AccessToken;
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
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;

/**
 * Outbound HTTP for provider adapters: every call has a time limit, and every failure becomes a
 * {@link ProviderException} whose message names the call and the status but never a token or a body.
 * Thread-safe; share one instance per adapter.
 *
 * <p>Status mapping: 401/403 → {@link Reason#UNAUTHORIZED}; 429 → {@link Reason#RATE_LIMITED} with
 * {@code Retry-After} (seconds or HTTP date; {@link #DEFAULT_RETRY_AFTER} when absent); 408, 5xx, I/O errors and
 * time-outs → {@link Reason#UNAVAILABLE}; any other status and bodies that are not JSON →
 * {@link Reason#BAD_RESPONSE}.
 */
public final class ProviderHttp {

    /** Time allowed to open a connection. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Time allowed for a whole request; below the engine's 30 s limit on a plugin call. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);
    /** Wait reported for a 429 that does not say how long to wait. */
    public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(60);

    private static final Duration MAX_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client;
    private final Duration requestTimeout;

    /** An instance with its own {@link HttpClient} (no redirects) and the default time limits. */
    public ProviderHttp() {
        this(HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build(), REQUEST_TIMEOUT);
    }

    /** An instance on {@code client}; {@code requestTimeout} at most 30 s. */
    public ProviderHttp(HttpClient client, Duration requestTimeout) {
        this.client = Objects.requireNonNull(client, "client");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (requestTimeout.isNegative() || requestTimeout.isZero() || requestTimeout.compareTo(MAX_REQUEST_TIMEOUT) > 0) {
            throw new IllegalArgumentException("requestTimeout must be positive and at most 30 s");
        }
        this.requestTimeout = requestTimeout;
    }

    /** One HTTP exchange. {@link #toString()} leaves the body out. */
    public record Response(int statusCode, HttpHeaders headers, String body) {

        public boolean isSuccess() {
            return statusCode >= 200 && statusCode < 300;
        }

        /** The media type of the body, lower case without parameters, or the empty string. */
        public String mediaType() {
            return headers.firstValue("Content-Type")
                    .map(value -> value.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT))
                    .orElse("");
        }

        @Override
        public String toString() {
            return "Response[status=" + statusCode + ", body length=" + (body == null ? 0 : body.length()) + "]";
        }
    }

    /**
     * Sends {@code request} with the time limit. {@code what} names the call in error messages, e.g.
     * {@code "Linear token request"}; it must not contain secrets.
     */
    public Response send(HttpRequest.Builder request, String what) throws ProviderException {
        try {
            HttpResponse<String> response = client.send(request.timeout(requestTimeout).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers(), response.body());
        } catch (HttpTimeoutException e) {
            throw ProviderException.of(Reason.UNAVAILABLE, what + " timed out", e);
        } catch (IOException e) {
            throw ProviderException.of(Reason.UNAVAILABLE, what + " failed: " + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ProviderException.of(Reason.UNAVAILABLE, what + " was interrupted", e);
        }
    }

    /** {@code GET uri} with {@code token} as credential; the JSON body of a 2xx answer. */
    public JsonNode getJson(URI uri, AccessToken token, Clock clock, String what) throws ProviderException {
        return expectJson(send(jsonGet(uri, token), what), clock, what);
    }

    /** A {@code GET} of JSON with {@code token} as credential, for callers that need the headers too. */
    public HttpRequest.Builder jsonGet(URI uri, AccessToken token) {
        return HttpRequest.newBuilder(uri).GET()
                .header("Accept", "application/json")
                .header("Authorization", authorization(token));
    }

    /** {@code POST uri} of {@code body} as JSON with {@code token} as credential; the JSON body of a 2xx answer. */
    public JsonNode postJson(URI uri, AccessToken token, Object body, Clock clock, String what)
            throws ProviderException {
        return expectJson(send(jsonPost(uri, token, body), what), clock, what);
    }

    /** A {@code POST} of {@code body} as JSON with {@code token} as credential, for callers that read errors themselves. */
    public HttpRequest.Builder jsonPost(URI uri, AccessToken token, Object body) {
        return HttpRequest.newBuilder(uri)
                .POST(HttpRequest.BodyPublishers.ofString(toJson(body)))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("Authorization", authorization(token));
    }

    /** The JSON body of a 2xx {@code response}, or the failure its status stands for. */
    public static JsonNode expectJson(Response response, Clock clock, String what) throws ProviderException {
        if (!response.isSuccess()) {
            throw failure(response, clock, what);
        }
        return parseJson(response.body(), what);
    }

    /** {@code body} as JSON; {@link Reason#BAD_RESPONSE} when it is empty or malformed. */
    public static JsonNode parseJson(String body, String what) throws ProviderException {
        if (body == null || body.isBlank()) {
            throw ProviderException.of(Reason.BAD_RESPONSE, what + ": empty response body");
        }
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            // the parser's message quotes the body, so it is not kept as the cause
            throw ProviderException.of(Reason.BAD_RESPONSE, what + ": response body is not JSON");
        }
    }

    /** A JSON node as a plain Java value: {@code Map}, {@code List}, {@code String}, {@code Number}, {@code Boolean}, null. */
    public static Object toPlain(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? null : JSON.convertValue(node, Object.class);
    }

    /** The failure a non-2xx {@code response} stands for, according to its status (see the class comment). */
    public static ProviderException failure(Response response, Clock clock, String what) {
        int status = response.statusCode();
        if (status == 401 || status == 403) {
            return ProviderException.of(Reason.UNAUTHORIZED, what + " was rejected with HTTP " + status);
        }
        if (status == 429) {
            return ProviderException.rateLimited(retryAfter(response.headers(), clock).orElse(DEFAULT_RETRY_AFTER));
        }
        if (status == 408 || status >= 500) {
            return ProviderException.of(Reason.UNAVAILABLE, what + " failed with HTTP " + status);
        }
        return ProviderException.of(Reason.BAD_RESPONSE, what + " failed with unexpected HTTP " + status);
    }

    /**
     * The wait a {@code Retry-After} header asks for: delta-seconds or an HTTP date (relative to {@code clock});
     * empty when absent or unreadable, zero when the date has passed.
     */
    public static Optional<Duration> retryAfter(HttpHeaders headers, Clock clock) {
        Optional<String> header = headers.firstValue("Retry-After").map(String::trim);
        if (header.isEmpty() || header.get().isEmpty()) {
            return Optional.empty();
        }
        String value = header.get();
        try {
            long seconds = Long.parseLong(value);
            return Optional.of(Duration.ofSeconds(Math.max(0, seconds)));
        } catch (NumberFormatException e) {
            // not delta-seconds: an HTTP date
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration wait = Duration.between(clock.instant(), at);
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** {@code value} as JSON text. */
    public static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not serializable as JSON: " + value.getClass().getName(), e);
        }
    }

    static ObjectMapper mapper() {
        return JSON;
    }

    private static String authorization(AccessToken token) {
        Objects.requireNonNull(token, "token");
        if (token.isNone()) {
            throw new IllegalArgumentException("a provider API call needs a token");
        }
        String type = token.type().equalsIgnoreCase("bearer") ? "Bearer" : token.type();
        return type + " " + token.value().reveal();
    }
}
