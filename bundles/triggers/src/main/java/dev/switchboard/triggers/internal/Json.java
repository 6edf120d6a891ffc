package dev.switchboard.triggers.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** JSON text ↔ plain JSON-like values for the jsonb columns. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, Object>> OBJECT = new TypeReference<>() {
    };

    /** An escaped U+0000 (not a literal backslash before "u0000": those come as an even run of backslashes). */
    private static final Pattern ESCAPED_NUL = Pattern.compile("(?<!\\\\)((?:\\\\\\\\)*)\\\\u0000");

    private Json() {
    }

    /**
     * JSON text of {@code value} that jsonb accepts: U+0000, which jsonb cannot hold (and which would fail the
     * whole insert), is written as U+FFFD, the replacement character.
     */
    static String write(Object value) {
        try {
            String text = MAPPER.writeValueAsString(value);
            return text.contains("u0000") ? ESCAPED_NUL.matcher(text).replaceAll("$1\\\\ufffd") : text;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not representable as JSON: " + e.getOriginalMessage());
        }
    }

    /** {@code text} as PostgreSQL can store it: U+0000 written as U+FFFD. */
    static String storable(String text) {
        return text == null || text.indexOf('\u0000') < 0 ? text : text.replace('\u0000', '\ufffd');
    }

    static Map<String, Object> object(String text) {
        if (text == null || text.isBlank()) {
            return new LinkedHashMap<>();
        }
        try {
            return MAPPER.readValue(text, OBJECT);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON object");
        }
    }
}
