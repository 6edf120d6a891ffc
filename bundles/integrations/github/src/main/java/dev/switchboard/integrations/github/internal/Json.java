package dev.switchboard.integrations.github.internal;

import java.util.Map;
import java.util.Optional;

/** Typed reads of parsed JSON objects, tolerant of missing fields. */
public final class Json {

    private Json() {
    }

    /** A non-blank string field. */
    public static Optional<String> text(Map<String, Object> object, String field) {
        return object.get(field) instanceof String text && !text.isBlank() ? Optional.of(text) : Optional.empty();
    }

    /** An integral number field (GitHub ids), as text. */
    public static Optional<String> id(Map<String, Object> object, String field) {
        Object value = object.get(field);
        if (value instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())) {
            return Optional.of(String.valueOf(number.longValue()));
        }
        return value instanceof String text && text.matches("[0-9]{1,20}") ? Optional.of(text) : Optional.empty();
    }

    /** A number field as seconds. */
    public static Optional<Long> seconds(Map<String, Object> object, String field) {
        Object value = object.get(field);
        if (value instanceof Number number) {
            return Optional.of(number.longValue());
        }
        if (value instanceof String text && text.matches("[0-9]{1,12}")) {
            return Optional.of(Long.parseLong(text));
        }
        return Optional.empty();
    }

    /** A nested object field. */
    @SuppressWarnings("unchecked")
    public static Optional<Map<String, Object>> object(Map<String, Object> object, String field) {
        return object.get(field) instanceof Map<?, ?> nested
                ? Optional.of((Map<String, Object>) nested) : Optional.empty();
    }
}
