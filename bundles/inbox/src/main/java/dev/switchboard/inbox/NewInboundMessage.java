package dev.switchboard.inbox;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * A message another bundle hands to the {@link Inbox}.
 *
 * @param id             the message's id, chosen by the caller (so that its own rows can name the message)
 * @param organizationId the organization it belongs to
 * @param source         {@code email} or {@code message} (matched against skills that opt in to that source), or
 *                       {@code event} / {@code schedule} (only with a {@code skill}: these are never matched)
 * @param sender         who sent it; may be empty
 * @param subject        an email's subject or an event's title; may be empty
 * @param text           the content; required, cut to 100,000 characters
 * @param skill          the slug of the skill to act on it directly, or {@code null} to match
 * @param fields         values handed to the skill's act as if extracted (only with a {@code skill})
 * @param originKey      unique per organization: receiving the same key again records nothing
 */
public record NewInboundMessage(UUID id, UUID organizationId, String source, String sender, String subject,
                                String text, String skill, Map<String, Object> fields, String originKey) {

    /** Sources that are matched against skills. */
    public static final Set<String> MATCHED_SOURCES = Set.of("email", "message");
    /** Every source. */
    public static final Set<String> SOURCES = Set.of("email", "message", "event", "schedule");
    public static final int MAX_TEXT = 100_000;

    public NewInboundMessage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(organizationId, "organizationId");
        Objects.requireNonNull(originKey, "originKey");
        if (!SOURCES.contains(source)) {
            throw new IllegalArgumentException("source must be one of " + SOURCES + ": " + source);
        }
        if (skill == null && !MATCHED_SOURCES.contains(source)) {
            throw new IllegalArgumentException("a message from source " + source + " needs a skill");
        }
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("text is required");
        }
        text = text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text;
        sender = cut(sender, 320);
        subject = cut(subject, 500);
        fields = fields == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    private static String cut(String value, int max) {
        String text = value == null ? "" : value.strip();
        return text.length() > max ? text.substring(0, max) : text;
    }

    /** Without the content, which is a payload. */
    @Override
    public String toString() {
        return "NewInboundMessage[" + id + ", source=" + source + ", skill=" + skill + ", origin=" + originKey + "]";
    }
}
