package dev.switchboard.integrations.calendar;

/** Ids, names, codes and limits of the calendar integration. */
final class CalendarConstants {

    static final String ID = "calendar-ical";
    static final String SERVICE = "calendar";
    static final String PID = "dev.switchboard.integrations.calendar";

    /** Seed 000: "calendar (needs iCal or Calendly)". */
    static final String CAPABILITY = "calendar";
    static final String URL_VARIABLE = "CALENDAR_ICAL_URL";
    static final String PROVIDER_VARIABLE = "CALENDAR_PROVIDER";

    /** Credential keys of the connect request. */
    static final String CREDENTIAL_URL = "url";
    static final String CREDENTIAL_PROVIDER = "provider";

    /** The stored credential's token type: {@code ical-<provider>}. */
    static final String TOKEN_TYPE_PREFIX = "ical-";

    static final String NOT_FREE_BUSY = "calendar_not_free_busy";
    static final String NOT_A_CALENDAR = "calendar_not_ical";
    static final String FETCH_FAILED = "calendar_fetch_failed";
    static final String URL_REFUSED = "calendar_url_refused";
    static final String URL_INVALID = "calendar_url_invalid";
    static final String TOO_LARGE = "calendar_too_large";
    static final String PROVIDER_INVALID = "calendar_provider_invalid";

    static final int MAX_URL_LENGTH = 2048;

    private CalendarConstants() {
    }
}
