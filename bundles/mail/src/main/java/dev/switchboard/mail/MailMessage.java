package dev.switchboard.mail;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One email to one recipient: a plain-text body and, optionally, an HTML alternative of the same content.
 * The constructor rejects anything that could add a header: the recipient must be a plain address
 * ({@code local@domain}, ASCII, no display name) and the subject must not contain control characters
 * (CR and LF above all). {@link #toString()} leaves the bodies out so that a logged message leaks nothing.
 *
 * @param to the recipient, e.g. {@code alice@example.com}
 * @param subject one line of text, not blank
 * @param textBody the plain-text body, never {@code null}
 * @param htmlBody an HTML alternative of {@code textBody}, or {@code null} for a plain-text email
 */
public record MailMessage(String to, String subject, String textBody, String htmlBody) {

    private static final String ATOM = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
    private static final String LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
    private static final Pattern ADDRESS = Pattern.compile(ATOM + "(?:\\." + ATOM + ")*@" + LABEL + "(?:\\." + LABEL + ")*");
    private static final int MAX_ADDRESS_LENGTH = 254;
    private static final int MAX_LOCAL_PART_LENGTH = 64;
    private static final int MAX_SUBJECT_LENGTH = 998;

    public MailMessage {
        requireAddress(to);
        requireSubject(subject);
        Objects.requireNonNull(textBody, "textBody");
    }

    /** A plain-text email. */
    public MailMessage(String to, String subject, String textBody) {
        this(to, subject, textBody, null);
    }

    /** Whether the address is one {@link MailMessage} accepts as {@code to}; for validating user input early. */
    public static boolean isValidAddress(String address) {
        return address != null
                && address.length() <= MAX_ADDRESS_LENGTH
                && ADDRESS.matcher(address).matches()
                && address.indexOf('@') <= MAX_LOCAL_PART_LENGTH;
    }

    private static void requireAddress(String address) {
        if (!isValidAddress(address)) {
            // the rejected value is left out: it may carry an injection attempt into a log line
            throw new IllegalArgumentException("recipient is not a plain email address (local@domain, ASCII)");
        }
    }

    private static void requireSubject(String subject) {
        if (subject == null || subject.isBlank()) {
            throw new IllegalArgumentException("subject is blank");
        }
        if (subject.length() > MAX_SUBJECT_LENGTH) {
            throw new IllegalArgumentException("subject is longer than " + MAX_SUBJECT_LENGTH + " characters");
        }
        if (subject.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("subject contains a line break or another control character");
        }
    }

    @Override
    public String toString() {
        return "MailMessage[to=" + to + ", subject=" + subject + ", html=" + (htmlBody != null) + "]";
    }
}
