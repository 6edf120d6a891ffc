package dev.switchboard.triggers.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What a schedule hands its skill at every fire: {@code text} (what the skill's act reads, at most 10,000
 * characters) and {@code fields} (values the act receives as if extracted; at most 50, JSON at most 16 KiB). A
 * schedule of an automation takes no input (its run gets the schedule's name and fire time).
 */
final class ScheduleInputs {

    static final int MAX_TEXT = 10_000;
    static final int MAX_FIELDS = 50;
    static final int MAX_FIELDS_JSON = 16 * 1024;
    private static final Set<String> KEYS = Set.of("text", "fields");

    private ScheduleInputs() {
    }

    /** The input as JSON text for the row; 400 when malformed. */
    static String validate(Map<String, Object> input, Targets target) {
        if (input == null || input.isEmpty()) {
            return "{}";
        }
        if (Targets.AUTOMATION.equals(target.kind())) {
            throw Inputs.invalid("input", "is for schedules of skills; a run gets the schedule's name and fire time");
        }
        for (String key : input.keySet()) {
            if (!KEYS.contains(key)) {
                throw Inputs.invalid("input." + key, "is not known (text, fields)");
            }
        }
        Map<String, Object> clean = new LinkedHashMap<>();
        Object text = input.get("text");
        if (text != null) {
            if (!(text instanceof String value) || value.length() > MAX_TEXT) {
                throw Inputs.invalid("input.text", "must be a string of at most " + MAX_TEXT + " characters");
            }
            clean.put("text", value);
        }
        Object fields = input.get("fields");
        if (fields != null) {
            if (!(fields instanceof Map<?, ?> map) || map.size() > MAX_FIELDS) {
                throw Inputs.invalid("input.fields", "must be an object with at most " + MAX_FIELDS + " values");
            }
            if (Json.write(map).length() > MAX_FIELDS_JSON) {
                throw Inputs.invalid("input.fields", "must be at most " + MAX_FIELDS_JSON + " bytes as JSON");
            }
            clean.put("fields", map);
        }
        return Json.write(clean);
    }
}
