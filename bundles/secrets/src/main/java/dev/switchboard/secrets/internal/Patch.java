package dev.switchboard.secrets.internal;

import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A PATCH body: only the fields present change; an explicit {@code null} clears a field. Problems name
 * the field, never its value.
 */
final class Patch {

    private final Map<String, Object> fields;

    private Patch(Map<String, Object> fields) {
        this.fields = fields;
    }

    static Patch of(Map<String, Object> body, Set<String> allowed) {
        if (body == null || body.isEmpty()) {
            throw SecretsProblems.invalid("body", "expected a JSON object with at least one of " + allowed);
        }
        for (String field : body.keySet()) {
            if (!allowed.contains(field)) {
                throw SecretsProblems.invalid(field, "unknown field; expected one of " + allowed);
            }
        }
        return new Patch(body);
    }

    /** The names of the fields present (never their values). */
    Set<String> fields() {
        return fields.keySet();
    }

    boolean has(String field) {
        return fields.containsKey(field);
    }

    /** The field as a string (null when null). */
    String string(String field) {
        Object value = fields.get(field);
        if (value != null && !(value instanceof String)) {
            throw SecretsProblems.invalid(field, "must be a string or null");
        }
        return (String) value;
    }

    /** The field as a UUID (null when null). */
    UUID uuid(String field) {
        String text = string(field);
        if (text == null) {
            return null;
        }
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw SecretsProblems.invalid(field, "must be a UUID or null");
        }
    }
}
