package dev.switchboard.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.switchboard.foundation.IdempotencyStore;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

/**
 * {@code Idempotency-Key} handling for POSTs that create work, on the foundation's {@link IdempotencyStore}.
 *
 * <p>{@link #execute}: without a key the work just runs. With one, the request hash is the SHA-256 of the
 * operation name and the canonical JSON of the body (properties and map keys sorted); then
 * <ul>
 *   <li>a new key runs the work and stores its response (status, content type, body serialized with Jackson);
 *       a response of 5xx or an exception gives the key up again, so a retry runs the work anew;</li>
 *   <li>the same key with the same hash answers the stored response again, with header
 *       {@value #REPLAYED_HEADER}{@code : true};</li>
 *   <li>the same key with another hash is 422 {@code idempotency_key_reused};</li>
 *   <li>a key whose first request is still running is 409 {@code idempotency_key_in_progress};</li>
 *   <li>a key longer than 255 characters is 400 {@code invalid_idempotency_key}.</li>
 * </ul>
 * Keys are scoped by organization. Put whatever must not be shared between callers of one organization (e.g.
 * the user id when the response is bound to the user) into the operation name. Replays carry only status,
 * content type and body: callers add headers such as {@code Cache-Control} themselves.
 */
public final class Idempotency {

    /** The request header. */
    public static final String HEADER = "Idempotency-Key";
    /** Set on replayed responses. */
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";
    /** How long a key is kept unless the caller says otherwise. */
    public static final Duration DEFAULT_TTL = Duration.ofHours(24);
    static final int MAX_KEY_LENGTH = 255;

    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private final IdempotencyStore store;
    private final ObjectMapper json;

    public Idempotency(IdempotencyStore store) {
        this(store, new ObjectMapper());
    }

    /** {@code json} serializes stored response bodies (use the one the REST layer writes responses with). */
    public Idempotency(IdempotencyStore store, ObjectMapper json) {
        this.store = Objects.requireNonNull(store, "store");
        this.json = Objects.requireNonNull(json, "json");
    }

    /** {@link #execute(UUID, String, String, Object, Duration, Supplier)} with no operation name and {@link #DEFAULT_TTL}. */
    public Response execute(UUID organizationId, String key, Object body, Supplier<Response> work) {
        return execute(organizationId, key, "", body, DEFAULT_TTL, work);
    }

    /**
     * Runs {@code work} at most once per {@code key} (see the class comment).
     *
     * @param key       the {@code Idempotency-Key} header, or {@code null}/blank for none
     * @param operation names the endpoint (and anything else the hash must include), so one key cannot
     *                  replay another endpoint's answer
     * @param ttl       how long the key and its response are kept
     */
    public Response execute(UUID organizationId, String key, String operation, Object body, Duration ttl,
                            Supplier<Response> work) {
        if (key == null || key.isBlank()) {
            return work.get();
        }
        if (key.length() > MAX_KEY_LENGTH) {
            throw ApiProblem.badRequest("invalid_idempotency_key", HEADER + " must be at most " + MAX_KEY_LENGTH
                    + " characters", java.util.List.of(new ApiProblem.FieldError(HEADER, "at most 255 characters")));
        }
        Objects.requireNonNull(organizationId, "organizationId");
        IdempotencyStore.Begin begin = store.begin(organizationId, key, requestHash(operation, body), ttl);
        if (begin instanceof IdempotencyStore.Begin.Replay replay) {
            return replayed(replay.response());
        }
        if (begin instanceof IdempotencyStore.Begin.Mismatch) {
            throw new ApiProblem(422, "idempotency_key_reused", "Unprocessable content",
                    "this Idempotency-Key was used with a different request");
        }
        if (begin instanceof IdempotencyStore.Begin.InProgress) {
            throw new ApiProblem(409, "idempotency_key_in_progress", "Conflict",
                    "a request with this Idempotency-Key is still being processed");
        }
        Response response;
        try {
            response = work.get();
        } catch (RuntimeException | Error e) {
            store.abandon(organizationId, key);
            throw e;
        }
        if (response.getStatus() >= 500) {
            store.abandon(organizationId, key);
            return response;
        }
        try {
            store.complete(organizationId, key, stored(response));
        } catch (RuntimeException e) {
            store.abandon(organizationId, key);
            throw e;
        }
        return response;
    }

    /** SHA-256 (hex) of {@code operation}, a newline and the canonical JSON of {@code body}. */
    public static String requestHash(String operation, Object body) {
        try {
            byte[] canonical = CANONICAL.writeValueAsBytes(body);
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((operation == null ? "" : operation).getBytes(StandardCharsets.UTF_8));
            digest.update((byte) '\n');
            return HexFormat.of().formatHex(digest.digest(canonical));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the request body cannot be serialized: " + e.getOriginalMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    private IdempotencyStore.StoredResponse stored(Response response) {
        MediaType type = response.getMediaType();
        Object entity = response.getEntity();
        String body;
        try {
            body = entity == null ? null : entity instanceof String text ? text : json.writeValueAsString(entity);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the response cannot be serialized: " + e.getOriginalMessage(), e);
        }
        String contentType = type != null ? type.toString() : entity == null ? null : MediaType.APPLICATION_JSON;
        return new IdempotencyStore.StoredResponse(response.getStatus(), contentType, body);
    }

    private static Response replayed(IdempotencyStore.StoredResponse stored) {
        Response.ResponseBuilder builder = Response.status(stored.status()).header(REPLAYED_HEADER, "true");
        if (stored.body() != null) {
            builder.entity(stored.body());
        }
        if (stored.contentType() != null) {
            builder.type(stored.contentType());
        }
        return builder.build();
    }
}
