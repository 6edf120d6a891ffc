package dev.switchboard.integrations.calendar;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/** Who serves a feed, as {@code {{CALENDAR_PROVIDER}}} names it: {@code google}, {@code outlook} or {@code other}. */
enum CalendarProvider {
    GOOGLE("Google Calendar"), OUTLOOK("Outlook Calendar"), OTHER("Calendar");

    private final String displayName;

    CalendarProvider(String displayName) {
        this.displayName = displayName;
    }

    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    String displayName() {
        return displayName;
    }

    static Optional<CalendarProvider> fromWireName(String value) {
        if (value == null) {
            return Optional.empty();
        }
        for (CalendarProvider provider : values()) {
            if (provider.wireName().equals(value.strip().toLowerCase(Locale.ROOT))) {
                return Optional.of(provider);
            }
        }
        return Optional.empty();
    }

    /** Google and Microsoft publish feeds from a few well-known hosts; everything else is {@link #OTHER}. */
    static CalendarProvider inferFrom(URI url) {
        String host = url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT);
        if (host.equals("calendar.google.com") || host.equals("www.google.com")) {
            return GOOGLE;
        }
        if (host.equals("outlook.office365.com") || host.equals("outlook.office.com") || host.equals("outlook.live.com")
                || host.endsWith(".outlook.com")) {
            return OUTLOOK;
        }
        return OTHER;
    }
}
