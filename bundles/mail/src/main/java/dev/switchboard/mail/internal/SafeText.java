package dev.switchboard.mail.internal;

import java.util.ArrayList;
import java.util.List;
import javax.mail.MessagingException;

/** Describes a failure for a log line: one line, every cause, and no secret. */
final class SafeText {

    private static final int MAX_DEPTH = 5;

    private SafeText() {
    }

    /**
     * The messages of {@code failure} and its causes, e.g. {@code "Couldn't connect to host, port: ...;
     * SocketTimeoutException: connect timed out"}, with {@code secret} masked and line breaks removed.
     */
    static String causes(Throwable failure, String secret) {
        List<String> parts = new ArrayList<>();
        Throwable current = failure;
        for (int depth = 0; current != null && depth < MAX_DEPTH; depth++) {
            String message = current.getMessage();
            String part = current == failure || message == null
                    ? (message == null ? current.getClass().getSimpleName() : message)
                    : current.getClass().getSimpleName() + ": " + message;
            if (parts.stream().noneMatch(existing -> existing.contains(part))) {
                parts.add(part);
            }
            current = next(current);
        }
        return mask(String.join("; ", parts), secret).replaceAll("\\p{Cntrl}+", " ").trim();
    }

    private static Throwable next(Throwable failure) {
        Throwable cause = failure.getCause();
        if (cause == null && failure instanceof MessagingException messaging) {
            cause = messaging.getNextException();
        }
        return cause == failure ? null : cause;
    }

    private static String mask(String text, String secret) {
        return secret == null || secret.isEmpty() ? text : text.replace(secret, "****");
    }
}
