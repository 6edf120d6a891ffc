package dev.switchboard.integrations.calendar;

/**
 * A feed that cannot be accepted, with a stable {@link #code()} and a message for the person who entered the
 * URL. Neither ever contains the URL (it is a secret address), a response body or an address it resolved to.
 */
final class CalendarFeedException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String code;

    CalendarFeedException(String code, String message) {
        super(message);
        this.code = code;
    }

    CalendarFeedException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    String code() {
        return code;
    }
}
