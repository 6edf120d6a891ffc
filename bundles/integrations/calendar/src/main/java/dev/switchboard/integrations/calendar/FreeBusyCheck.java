package dev.switchboard.integrations.calendar;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Whether an iCalendar feed shows free/busy only (seed 000's rules, made strict): no attendees, no locations or
 * descriptions of three characters or more, no organizer email, and no event title other than a free/busy word.
 *
 * <p>A title passes only when its whole value (trimmed, escapes resolved, case ignored) is one of
 * {@link #FREE_BUSY_TITLES}, or shorter than three characters. The original check accepted any title that
 * <em>started</em> with such a word, so "Busy – Dentist" slipped through; here it is rejected.
 */
final class FreeBusyCheck {

    /** Titles Google, Outlook and Apple put on free/busy-only events. */
    static final Set<String> FREE_BUSY_TITLES = Set.of("busy", "free", "available", "unavailable", "no title",
            "tentative", "out of office");

    /** The fields of the refusal message, in the order they are checked. */
    static final String ATTENDEES = "attendees";
    static final String LOCATIONS = "locations";
    static final String DESCRIPTIONS = "descriptions";
    static final String ORGANIZER_EMAILS = "organizer emails";
    static final String EVENT_TITLES = "event titles";

    private static final int MIN_DETAIL_LENGTH = 3;

    private FreeBusyCheck() {
    }

    /** Whether the text is an iCalendar object at all ({@code BEGIN:VCALENDAR}). */
    static boolean isCalendar(List<ICalendar.ContentLine> lines) {
        return lines.stream().anyMatch(line -> line.name().equals("BEGIN")
                && line.value().strip().equalsIgnoreCase("VCALENDAR"));
    }

    /** The first kind of detail the feed reveals, or empty when it is free/busy only. */
    static Optional<String> revealedDetail(List<ICalendar.ContentLine> lines) {
        boolean attendees = false;
        boolean locations = false;
        boolean descriptions = false;
        boolean organizers = false;
        boolean titles = false;
        for (ICalendar.ContentLine line : lines) {
            switch (line.name()) {
                case "ATTENDEE" -> attendees = true;
                case "LOCATION" -> locations |= line.text().length() >= MIN_DETAIL_LENGTH;
                // Outlook repeats the description as HTML in X-ALT-DESC
                case "DESCRIPTION", "X-ALT-DESC" -> descriptions |= line.text().length() >= MIN_DETAIL_LENGTH;
                case "ORGANIZER" -> organizers |= revealsEmail(line);
                case "SUMMARY" -> titles |= isTitle(line.text());
                default -> {
                }
            }
        }
        if (attendees) {
            return Optional.of(ATTENDEES);
        }
        if (locations) {
            return Optional.of(LOCATIONS);
        }
        if (descriptions) {
            return Optional.of(DESCRIPTIONS);
        }
        if (organizers) {
            return Optional.of(ORGANIZER_EMAILS);
        }
        return titles ? Optional.of(EVENT_TITLES) : Optional.empty();
    }

    private static boolean revealsEmail(ICalendar.ContentLine line) {
        String all = (line.parameters() + ":" + line.value()).toLowerCase(Locale.ROOT);
        return all.contains("mailto:") || all.contains("@");
    }

    private static boolean isTitle(String summary) {
        String normalized = summary.replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
        return normalized.length() >= MIN_DETAIL_LENGTH && !FREE_BUSY_TITLES.contains(normalized);
    }

    /** The seed's refusal message for {@code field}. */
    static String message(String field) {
        return "Calendar contains " + field + ". Please re-publish with \"free/busy only\" permission.";
    }
}
