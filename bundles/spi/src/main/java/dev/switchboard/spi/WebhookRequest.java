package dev.switchboard.spi;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An inbound webhook exactly as received: signatures are computed over the raw body bytes, so the engine
 * never re-serializes it. Header names are case-insensitive. {@link #toString()} omits the body and header
 * values (payloads and signatures are not logged).
 *
 * @param body    the raw request body; defensively copied in and out
 * @param headers header values by name, looked up case-insensitively
 * @param path    the request path below the engine's webhook root, e.g. {@code /t_3f2a9c1b7d4e}
 * @param query   query parameters by name (case-sensitive)
 */
public record WebhookRequest(byte[] body, Map<String, List<String>> headers, String path, Map<String, List<String>> query) {

    public WebhookRequest {
        body = body == null ? new byte[0] : body.clone();
        headers = copy(headers, new TreeMap<>(String.CASE_INSENSITIVE_ORDER));
        path = path == null ? "" : path;
        query = copy(query, new TreeMap<>());
    }

    private static Map<String, List<String>> copy(Map<String, List<String>> source, Map<String, List<String>> target) {
        if (source != null) {
            source.forEach((name, values) -> target.put(Objects.requireNonNull(name, "name"),
                    values == null ? List.of() : List.copyOf(values)));
        }
        return Collections.unmodifiableMap(target);
    }

    /** A copy of the raw body. */
    @Override
    public byte[] body() {
        return body.clone();
    }

    /** The body decoded as UTF-8. */
    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The first value of header {@code name}, whatever its case. */
    public Optional<String> header(String name) {
        return first(headers.get(name));
    }

    /** The first value of query parameter {@code name}. */
    public Optional<String> queryParameter(String name) {
        return first(query.get(name));
    }

    private static Optional<String> first(List<String> values) {
        return values == null || values.isEmpty() ? Optional.empty() : Optional.ofNullable(values.get(0));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WebhookRequest that && java.util.Arrays.equals(body, that.body)
                && headers.equals(that.headers) && path.equals(that.path) && query.equals(that.query);
    }

    @Override
    public int hashCode() {
        return Objects.hash(java.util.Arrays.hashCode(body), headers, path, query);
    }

    @Override
    public String toString() {
        return "WebhookRequest[path=" + path + ", headers=" + headers.keySet() + ", body=" + body.length + " bytes]";
    }
}
