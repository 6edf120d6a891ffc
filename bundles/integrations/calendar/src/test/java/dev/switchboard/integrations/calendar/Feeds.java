package dev.switchboard.integrations.calendar;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The sample feeds under {@code src/test/resources/feeds}. */
final class Feeds {

    private Feeds() {
    }

    static String text(String name) {
        try (InputStream in = Feeds.class.getResourceAsStream("/feeds/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no feed " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A calendar around {@code lines} (CRLF line ends). */
    static String calendar(String... lines) {
        StringBuilder text = new StringBuilder("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\n"
                + "UID:1@test\r\nDTSTART:20261123T100000Z\r\nDTEND:20261123T110000Z\r\n");
        for (String line : lines) {
            text.append(line).append("\r\n");
        }
        return text.append("END:VEVENT\r\nEND:VCALENDAR\r\n").toString();
    }
}
