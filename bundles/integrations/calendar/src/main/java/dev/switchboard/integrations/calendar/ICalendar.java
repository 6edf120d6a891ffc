package dev.switchboard.integrations.calendar;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The content lines of an iCalendar text (RFC 5545 §3.1): folded lines unfolded (a line break followed by one
 * space or tab continues the previous line), each line split into its property name (upper-cased, since names
 * are case-insensitive), its parameters and its value. Parameter values may be quoted and then contain
 * {@code :} and {@code ;}, so the value starts at the first colon outside quotes.
 */
final class ICalendar {

    /** One property: {@code name;param=x;param="y:z":value}. */
    record ContentLine(String name, String parameters, String value) {

        /** The value as TEXT (RFC 5545 §3.3.11): backslash escapes resolved, surrounding whitespace removed. */
        String text() {
            StringBuilder text = new StringBuilder(value.length());
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '\\' && i + 1 < value.length()) {
                    char next = value.charAt(++i);
                    text.append(next == 'n' || next == 'N' ? '\n' : next);
                } else {
                    text.append(c);
                }
            }
            return text.toString().strip();
        }
    }

    private ICalendar() {
    }

    /** The content lines of {@code text}; lines without a colon (not properties) are skipped. */
    static List<ContentLine> parse(String text) {
        List<ContentLine> lines = new ArrayList<>();
        for (String line : unfold(text)) {
            ContentLine parsed = parseLine(line);
            if (parsed != null) {
                lines.add(parsed);
            }
        }
        return lines;
    }

    /** Physical lines joined into logical ones; CRLF, LF and CR all end a line. */
    static List<String> unfold(String text) {
        List<String> logical = new ArrayList<>();
        StringBuilder current = null;
        for (String line : text.split("\r\n|\n|\r", -1)) {
            boolean continuation = !line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t');
            if (continuation && current != null) {
                current.append(line, 1, line.length());
                continue;
            }
            if (current != null) {
                logical.add(current.toString());
            }
            current = new StringBuilder(line);
        }
        if (current != null && !current.isEmpty()) {
            logical.add(current.toString());
        }
        return logical;
    }

    private static ContentLine parseLine(String line) {
        int nameEnd = 0;
        while (nameEnd < line.length() && line.charAt(nameEnd) != ';' && line.charAt(nameEnd) != ':') {
            nameEnd++;
        }
        if (nameEnd == line.length() || nameEnd == 0) {
            return null;
        }
        String name = line.substring(0, nameEnd).strip().toUpperCase(Locale.ROOT);
        int colon = nameEnd;
        boolean quoted = false;
        while (colon < line.length()) {
            char c = line.charAt(colon);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ':' && !quoted) {
                break;
            }
            colon++;
        }
        if (colon == line.length()) {
            return null;
        }
        String parameters = line.substring(nameEnd, colon);
        return new ContentLine(name, parameters.startsWith(";") ? parameters.substring(1) : parameters,
                line.substring(colon + 1));
    }
}
