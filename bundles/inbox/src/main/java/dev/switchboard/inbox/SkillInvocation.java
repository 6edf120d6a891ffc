package dev.switchboard.inbox;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A message that matched a skill, as its {@link SkillExecutor} receives it. The message's content, the extracted
 * values and the summary are untrusted input: never log them, escape them where shown.
 *
 * @param organizationId the organization the message came to
 * @param skill          the slug of the skill that matched
 * @param messageId      the inbound message, stable across repeated invocations
 * @param source         {@code message} or {@code email}; {@code event} or {@code schedule} for a message a trigger or
 *                       a schedule handed to the skill directly
 * @param sender         who sent it; empty if unknown
 * @param subject        an email's subject; empty if none
 * @param text           the message text
 * @param fields         the values the matcher extracted, by the skill's field names; absent when not found
 * @param summary        the matcher's one-sentence summary of the message
 * @param confidence     the matcher's confidence within [0, 1]
 */
public record SkillInvocation(UUID organizationId, String skill, UUID messageId, String source, String sender,
                              String subject, String text, Map<String, Object> fields, String summary,
                              double confidence) {

    public SkillInvocation {
        Objects.requireNonNull(organizationId, "organizationId");
        Objects.requireNonNull(skill, "skill");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(text, "text");
        sender = sender == null ? "" : sender;
        subject = subject == null ? "" : subject;
        summary = summary == null ? "" : summary;
        fields = fields == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** Without the content, which is a payload. */
    @Override
    public String toString() {
        return "SkillInvocation[skill=" + skill + ", message=" + messageId + ", fields=" + fields.keySet() + "]";
    }
}
