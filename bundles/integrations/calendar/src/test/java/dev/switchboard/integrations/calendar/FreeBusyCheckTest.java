package dev.switchboard.integrations.calendar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The free/busy rules over real-looking feeds, the "Busy – Dentist" bypass, folding and parameters. */
class FreeBusyCheckTest {

    private static Optional<String> detail(String text) {
        return FreeBusyCheck.revealedDetail(ICalendar.parse(text));
    }

    private static String refusal(String text) {
        CalendarFeedException e = assertThrows(CalendarFeedException.class, () -> CalendarProviderAdapter.checkFeed(text));
        assertEquals(CalendarConstants.NOT_FREE_BUSY, e.code());
        return e.getMessage();
    }

    @Test
    void googleAndOutlookFreeBusyFeedsPass() throws Exception {
        CalendarProviderAdapter.checkFeed(Feeds.text("google-free-busy.ics"));
        CalendarProviderAdapter.checkFeed(Feeds.text("outlook-free-busy.ics"));
    }

    @Test
    void fullDetailFeedsAreRefusedWithTheSeedsMessage() {
        assertEquals("Calendar contains attendees. Please re-publish with \"free/busy only\" permission.",
                refusal(Feeds.text("google-full-detail.ics")));
        assertEquals("Calendar contains descriptions. Please re-publish with \"free/busy only\" permission.",
                refusal(Feeds.text("outlook-full-detail.ics")));
    }

    @Test
    void busyDashDentistIsAnEventTitle() {
        assertEquals(FreeBusyCheck.message(FreeBusyCheck.EVENT_TITLES), refusal(Feeds.text("busy-dentist.ics")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"SUMMARY:Busy - Dentist", "SUMMARY:Busy: Dentist", "SUMMARY:Free lunch with Bob",
            "SUMMARY:Available for Acme", "SUMMARY:No title yet", "SUMMARY:Dentist", "SUMMARY:Busy\\, Dentist",
            "SUMMARY;LANGUAGE=en:Team sync", "summary:Board meeting", "Summary;X-A=\"a:b\":Layoffs",
            "SUMMARY:Busy\r\n  – Dentist"})
    void titlesOtherThanFreeBusyWordsAreRefused(String summary) {
        assertEquals(Optional.of(FreeBusyCheck.EVENT_TITLES), detail(Feeds.calendar(summary)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"SUMMARY:Busy", "SUMMARY:  busy  ", "SUMMARY:FREE", "SUMMARY:Available", "SUMMARY:Unavailable",
            "SUMMARY:No title", "SUMMARY:No  title", "SUMMARY:Tentative", "SUMMARY:Out of office",
            "SUMMARY;LANGUAGE=en:Busy", "summary;language=de:busy", "SUMMARY:Bu\r\n sy", "SUMMARY:OK", "SUMMARY:",
            "LOCATION:", "LOCATION:HQ", "DESCRIPTION:ok", "ORGANIZER;CN=Busy:urn:uuid:1234", "X-SUMMARY:Dentist"})
    void freeBusyWordsShortValuesAndOtherPropertiesPass(String line) {
        assertEquals(Optional.empty(), detail(Feeds.calendar(line)));
    }

    @Test
    void eachKindOfDetailIsNamed() {
        assertEquals(Optional.of("attendees"), detail(Feeds.calendar("ATTENDEE:urn:uuid:1")));
        assertEquals(Optional.of("locations"), detail(Feeds.calendar("LOCATION:Room 4")));
        assertEquals(Optional.of("locations"), detail(Feeds.calendar("LOCATION;ALTREP=\"cid:x;y:z\":Room 4")));
        assertEquals(Optional.of("descriptions"), detail(Feeds.calendar("DESCRIPTION:Bring the numbers")));
        assertEquals(Optional.of("descriptions"), detail(Feeds.calendar("X-ALT-DESC;FMTTYPE=text/html:<p>x</p>")));
        assertEquals(Optional.of("organizer emails"), detail(Feeds.calendar("ORGANIZER:MAILTO:boss@example.com")));
        assertEquals(Optional.of("organizer emails"), detail(Feeds.calendar("ORGANIZER;CN=boss@example.com:urn:x")));
    }

    @Test
    void foldedPropertyNamesAndValuesAreUnfoldedFirst() {
        assertEquals(Optional.of("attendees"), detail(Feeds.calendar("ATTEN\r\n DEE:mailto:a@example.com")));
        assertEquals(Optional.of("locations"), detail(Feeds.calendar("LOC\r\n\tATION:Room 4")));
        assertEquals(Optional.of("event titles"), detail(Feeds.calendar("SUMMARY:Bu\n sy\n  meeting")));
    }

    @Test
    void unfoldingHandlesCrlfLfAndCr() {
        assertEquals(List.of("A:1", "B:23", "C:4"), ICalendar.unfold("A:1\r\nB:2\r\n 3\rC:4\n"));
    }

    @Test
    void quotedParameterValuesMayHoldColons() {
        ICalendar.ContentLine line = ICalendar.parse("location;altrep=\"http://x/y\";LANGUAGE=en:Room 4").get(0);
        assertEquals("LOCATION", line.name());
        assertEquals("altrep=\"http://x/y\";LANGUAGE=en", line.parameters());
        assertEquals("Room 4", line.value());
    }

    @Test
    void textWithoutVcalendarIsNotACalendar() {
        CalendarFeedException e = assertThrows(CalendarFeedException.class,
                () -> CalendarProviderAdapter.checkFeed("<html><body>Sign in</body></html>"));
        assertEquals(CalendarConstants.NOT_A_CALENDAR, e.code());
        assertFalse(FreeBusyCheck.isCalendar(ICalendar.parse("BEGIN:VEVENT\r\nEND:VEVENT")));
        assertTrue(FreeBusyCheck.isCalendar(ICalendar.parse("begin:vcalendar\r\nend:vcalendar")));
    }
}
