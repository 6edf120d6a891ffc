package dev.switchboard.triggers.internal;

import dev.switchboard.inbox.NewInboundMessage;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A trigger event as the inbound message its trigger hands to the inbox: for the inbox an email or a message to
 * match (subject = the event's title, text = its description), for a skill an {@code event} message whose fields
 * say what happened. The payload stays with the trigger event; the message names it ({@code triggerEventId}).
 */
final class EventMessages {

    private EventMessages() {
    }

    /** The message of event {@code eventId}; {@code context} and {@code payload} as stored (JSON objects). */
    static NewInboundMessage of(Rows.TriggerRow trigger, UUID eventId, String eventType, String externalId,
                                Map<String, Object> context, Map<String, Object> payload) {
        String title = text(context.get("title"));
        String description = text(context.get("description"));
        String url = text(context.get("url"));
        boolean forSkill = Targets.SKILL.equals(trigger.targetKind());
        String text;
        Map<String, Object> fields = null;
        if (forSkill) {
            StringBuilder body = new StringBuilder(title.isEmpty() ? eventType : title);
            if (!description.isEmpty()) {
                body.append("\n\n").append(description);
            }
            if (!url.isEmpty()) {
                body.append("\n\n").append(url);
            }
            text = body.toString();
            fields = new LinkedHashMap<>();
            fields.put("eventType", eventType);
            fields.put("title", title);
            if (!url.isEmpty()) {
                fields.put("url", url);
            }
            if (externalId != null) {
                fields.put("externalId", externalId);
            }
            fields.put("triggerId", trigger.id().toString());
            fields.put("triggerEventId", eventId.toString());
        } else {
            text = description.isEmpty() ? (title.isEmpty() ? eventType : title) : description;
        }
        return new NewInboundMessage(UUID.randomUUID(), trigger.organizationId(),
                forSkill ? "event" : trigger.messageSource(), sender(payload), title, text,
                forSkill ? trigger.targetSkill() : null, fields, "trigger-event:" + eventId);
    }

    /** An email's From, or a string sender; empty when the payload names none as text. */
    private static String sender(Map<String, Object> payload) {
        for (String key : new String[] {"from", "sender"}) {
            if (payload.get(key) instanceof String value && !value.isBlank()) {
                return value;
            }
        }
        return "";
    }

    private static String text(Object value) {
        return value == null ? "" : String.valueOf(value).strip();
    }
}
