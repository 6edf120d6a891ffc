package dev.switchboard.spi.trigger;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One event from an outside service, produced by {@link TriggerSource#parse} or {@link TriggerSource#poll}.
 * {@link #toString()} omits the payload.
 *
 * @param eventType  the provider's event type, e.g. {@code issues:opened}, {@code Issue:create}
 * @param externalId the provider's id of the item, e.g. the issue id
 * @param dedupKey   stable key of this occurrence: the engine keeps one event per trigger and key, so a
 *                   redelivered webhook or an overlapping poll yields the same key, e.g.
 *                   {@code linear:<issueId>:<action>}; at most 255 characters
 * @param occurredAt when it happened according to the provider (or when it was received, if the provider
 *                   does not say)
 * @param payload    the item as plain JSON-like values; stored as the event's raw payload
 * @param context    title, description, url, related files and suggested repository
 */
public record TriggerEvent(
        String eventType,
        String externalId,
        String dedupKey,
        Instant occurredAt,
        Map<String, Object> payload,
        ParsedContext context) {

    /** Longest accepted {@link #dedupKey()}. */
    public static final int MAX_DEDUP_KEY_LENGTH = 255;

    public TriggerEvent {
        requireText(eventType, "eventType");
        requireText(externalId, "externalId");
        requireText(dedupKey, "dedupKey");
        if (dedupKey.length() > MAX_DEDUP_KEY_LENGTH) {
            throw new IllegalArgumentException("dedupKey longer than " + MAX_DEDUP_KEY_LENGTH + " characters");
        }
        Objects.requireNonNull(occurredAt, "occurredAt");
        payload = payload == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(payload));
        Objects.requireNonNull(context, "context");
    }

    private static void requireText(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }

    @Override
    public String toString() {
        return "TriggerEvent[eventType=" + eventType + ", externalId=" + externalId + ", dedupKey=" + dedupKey
                + ", occurredAt=" + occurredAt + "]";
    }
}
