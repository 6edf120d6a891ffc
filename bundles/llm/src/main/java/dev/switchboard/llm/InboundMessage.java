package dev.switchboard.llm;

import dev.switchboard.spi.skill.MatchSource;
import java.util.Objects;

/**
 * A message to match: a user's message or an incoming email. Its content is untrusted and is only ever shown to
 * the model as data.
 *
 * @param source  {@link MatchSource#MESSAGE} or {@link MatchSource#EMAIL}; schedules and triggers name their
 *                skill and are never matched
 * @param sender  who sent it (an email address, a phone number, a user name); empty if unknown
 * @param subject an email's subject; empty for messages without one
 * @param text    the message text (an email's plain-text body)
 */
public record InboundMessage(MatchSource source, String sender, String subject, String text) {

    public InboundMessage {
        Objects.requireNonNull(source, "source");
        if (!source.matched()) {
            throw new IllegalArgumentException(source + " inputs invoke a skill by name; there is nothing to match");
        }
        sender = sender == null ? "" : sender;
        subject = subject == null ? "" : subject;
        Objects.requireNonNull(text, "text");
    }

    /** A user's message. */
    public static InboundMessage message(String sender, String text) {
        return new InboundMessage(MatchSource.MESSAGE, sender, "", text);
    }

    /** An incoming email. */
    public static InboundMessage email(String from, String subject, String body) {
        return new InboundMessage(MatchSource.EMAIL, from, subject, body);
    }

    /** Source and sizes only: the content is a payload. */
    @Override
    public String toString() {
        return "InboundMessage[" + source + ", subject " + subject.length() + " chars, text " + text.length()
                + " chars]";
    }
}
