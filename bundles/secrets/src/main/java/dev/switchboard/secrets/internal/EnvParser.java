package dev.switchboard.secrets.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads {@code .env} text: {@code KEY=value} lines, an optional {@code export } prefix, blank lines and
 * {@code #} comments. Unquoted values are trimmed and end at {@code " #"}; single-quoted values are
 * literal; double-quoted values understand {@code \n \r \t \" \\ \$}; both quoted forms may span lines.
 * Anything else (no {@code =}, a bad key, an unclosed quote, text after a closing quote, a key given
 * twice) is an error naming the line number only, since the line may hold a value.
 */
final class EnvParser {

    static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    static final int MAX_KEY_LENGTH = 200;
    private static final Pattern EXPORT = Pattern.compile("^export[ \\t]+");

    /** One assignment; {@code line} is where it starts (1-based). */
    record Entry(String key, String value, int line) {
        @Override
        public String toString() {
            return "Entry[key=" + key + ", line=" + line + "]";
        }
    }

    private final String text;
    private int pos;
    private int line = 1;

    private EnvParser(String text) {
        this.text = text.replace("\r\n", "\n").replace('\r', '\n');
    }

    static List<Entry> parse(String text) {
        return new EnvParser(text).entries();
    }

    private List<Entry> entries() {
        List<Entry> entries = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        while (pos < text.length()) {
            int start = line;
            String trimmed = currentLine().strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                nextLine();
                continue;
            }
            Entry entry = assignment(start);
            Integer first = seen.putIfAbsent(entry.key(), start);
            if (first != null) {
                throw new EnvParseException(start, "key " + entry.key() + " was already set on line " + first);
            }
            entries.add(entry);
        }
        return entries;
    }

    private Entry assignment(int start) {
        skipBlanks();
        java.util.regex.Matcher export = EXPORT.matcher(text).region(pos, lineEnd());
        if (export.lookingAt()) {
            pos = export.end();
        }
        int equals = text.indexOf('=', pos);
        if (equals < 0 || equals > lineEnd()) {
            throw new EnvParseException(start, "expected KEY=VALUE");
        }
        String key = text.substring(pos, equals).strip();
        if (!KEY.matcher(key).matches() || key.length() > MAX_KEY_LENGTH) {
            throw new EnvParseException(start, "the key must match [A-Za-z_][A-Za-z0-9_]* and have at most "
                    + MAX_KEY_LENGTH + " characters");
        }
        pos = equals + 1;
        skipBlanks();
        char first = pos < text.length() ? text.charAt(pos) : '\n';
        String value = switch (first) {
            case '\'' -> quoted(start, '\'');
            case '"' -> quoted(start, '"');
            default -> unquoted();
        };
        nextLine();
        return new Entry(key, value, start);
    }

    private String unquoted() {
        int end = lineEnd();
        String raw = text.substring(pos, end);
        int comment = raw.indexOf(" #");
        int tabComment = raw.indexOf("\t#");
        if (tabComment >= 0 && (comment < 0 || tabComment < comment)) {
            comment = tabComment;
        }
        if (raw.startsWith("#")) {
            comment = 0;
        }
        pos = end;
        return (comment >= 0 ? raw.substring(0, comment) : raw).strip();
    }

    private String quoted(int start, char quote) {
        pos++;
        StringBuilder value = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw new EnvParseException(start, "the quoted value is not closed");
            }
            char c = text.charAt(pos++);
            if (c == quote) {
                break;
            }
            if (c == '\n') {
                line++;
            }
            if (c == '\\' && quote == '"' && pos < text.length()) {
                char escaped = text.charAt(pos++);
                switch (escaped) {
                    case 'n' -> value.append('\n');
                    case 'r' -> value.append('\r');
                    case 't' -> value.append('\t');
                    case '"', '\\', '$' -> value.append(escaped);
                    default -> {
                        if (escaped == '\n') {
                            line++;
                        }
                        value.append('\\').append(escaped);
                    }
                }
                continue;
            }
            value.append(c);
        }
        String after = text.substring(pos, lineEnd()).strip();
        if (!after.isEmpty() && !after.startsWith("#")) {
            throw new EnvParseException(line, "unexpected text after the closing quote");
        }
        pos = lineEnd();
        return value.toString();
    }

    private void skipBlanks() {
        while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t')) {
            pos++;
        }
    }

    private String currentLine() {
        return text.substring(pos, lineEnd());
    }

    private int lineEnd() {
        int end = text.indexOf('\n', pos);
        return end < 0 ? text.length() : end;
    }

    private void nextLine() {
        pos = lineEnd();
        if (pos < text.length()) {
            pos++;
            line++;
        }
    }
}
