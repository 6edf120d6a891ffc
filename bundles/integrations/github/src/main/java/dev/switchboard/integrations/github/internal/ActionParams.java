package dev.switchboard.integrations.github.internal;

import dev.switchboard.spi.action.ActionException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads an action's parameters and collects what is wrong with them, to be thrown once by {@link #check()}
 * before any HTTP call. The engine validates against the JSON Schema first; this is the adapter's own guard
 * (and the only one when an engine skips validation). A getter returns {@code null} (or 0) for a bad value;
 * callers use the values only after {@link #check()}. Problems never quote the value.
 */
public final class ActionParams {

    private final Map<String, Object> params;
    private final Map<String, String> errors = new LinkedHashMap<>();

    public ActionParams(Map<String, Object> params) {
        this.params = params;
    }

    /** A non-blank string of at most {@code maxLength} characters. */
    public String requiredText(String name, int maxLength) {
        String value = optionalText(name, maxLength);
        if (value == null && !errors.containsKey(name)) {
            errors.put(name, "is required and must be a non-empty string");
        }
        return value;
    }

    /** A non-blank string of at most {@code maxLength} characters, or {@code null} when absent. */
    public String optionalText(String name, int maxLength) {
        Object value = params.get(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text) || text.isBlank()) {
            errors.put(name, "must be a non-empty string");
            return null;
        }
        if (text.length() > maxLength) {
            errors.put(name, "must be at most " + maxLength + " characters");
            return null;
        }
        return text;
    }

    /** A required string matching {@code pattern} entirely. */
    public String requiredMatching(String name, Pattern pattern, String problem) {
        String value = requiredText(name, 255);
        if (value != null && !pattern.matcher(value).matches()) {
            errors.put(name, problem);
            return null;
        }
        return value;
    }

    /** One of {@code allowed}, or {@code fallback} when absent. */
    public String optionalEnum(String name, Set<String> allowed, String fallback) {
        String value = optionalText(name, 64);
        if (params.get(name) == null) {
            return fallback;
        }
        if (value == null || !allowed.contains(value)) {
            errors.put(name, "must be one of " + allowed.stream().sorted().toList());
            return null;
        }
        return value;
    }

    /** A required whole number of at least 1 (issue and pull request numbers, line numbers). */
    public long requiredPositive(String name) {
        if (params.get(name) == null) {
            errors.put(name, "is required and must be a positive integer");
            return 0;
        }
        Long value = whole(params.get(name));
        if (value == null || value < 1) {
            errors.put(name, "must be a positive integer");
            return 0;
        }
        return value;
    }

    /** A whole number in {@code [min, max]}, or {@code fallback} when absent. */
    public int optionalInt(String name, int min, int max, int fallback) {
        if (params.get(name) == null) {
            return fallback;
        }
        Long value = whole(params.get(name));
        if (value == null || value < min || value > max) {
            errors.put(name, "must be an integer from " + min + " to " + max);
            return fallback;
        }
        return value.intValue();
    }

    /**
     * A list of non-blank strings (at most {@code maxItems}), or an empty list when absent. A comma-separated
     * string is accepted too, as agents often write {@code "bug,ui"}.
     */
    public List<String> optionalStrings(String name, int maxItems) {
        Object value = params.get(name);
        if (value == null) {
            return List.of();
        }
        List<?> items = value instanceof String text ? Arrays.asList(text.split(",")) : value instanceof List<?> list
                ? list : null;
        if (items == null) {
            errors.put(name, "must be an array of strings");
            return List.of();
        }
        List<String> strings = new ArrayList<>();
        for (Object item : items) {
            if (!(item instanceof String text) || text.isBlank()) {
                errors.put(name, "must be an array of non-empty strings");
                return List.of();
            }
            strings.add(text.strip());
        }
        if (strings.size() > maxItems) {
            errors.put(name, "must hold at most " + maxItems + " items");
            return List.of();
        }
        return List.copyOf(strings);
    }

    /** Records a problem found by the caller. */
    public void reject(String name, String problem) {
        errors.put(name, problem);
    }

    /** Throws {@code BAD_PARAMS} with every problem found so far. */
    public void check() throws ActionException {
        if (!errors.isEmpty()) {
            throw ActionException.badParams(errors);
        }
    }

    private static Long whole(Object value) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            return ((Number) value).longValue();
        }
        if (value instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())
                && Math.abs(number.doubleValue()) < 1e15) {
            return number.longValue();
        }
        if (value instanceof String text && text.strip().matches("[0-9]{1,15}")) {
            return Long.parseLong(text.strip());
        }
        return null;
    }
}
