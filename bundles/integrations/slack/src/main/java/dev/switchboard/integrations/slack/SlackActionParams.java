package dev.switchboard.integrations.slack;

import dev.switchboard.spi.action.ActionException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads an action's parameters and collects what is wrong with them, thrown once by {@link #check()} before any
 * call to Slack. A getter returns {@code null} (or the fallback) for a bad value; callers use values only after
 * {@link #check()}. Problems never quote the value.
 */
final class SlackActionParams {

    private final Map<String, Object> params;
    private final Map<String, String> errors = new LinkedHashMap<>();

    SlackActionParams(Map<String, Object> params) {
        this.params = params;
    }

    /** A non-blank string of at most {@code maxLength} characters. */
    String requiredText(String name, int maxLength) {
        if (params.get(name) == null) {
            errors.put(name, "is required and must be a non-empty string");
            return null;
        }
        return optionalText(name, maxLength);
    }

    /** A non-blank string of at most {@code maxLength} characters, or {@code null} when absent. */
    String optionalText(String name, int maxLength) {
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

    /** An optional string matching {@code pattern} entirely. */
    String optionalMatching(String name, Pattern pattern, String problem) {
        String value = optionalText(name, 255);
        if (value != null && !pattern.matcher(value).matches()) {
            errors.put(name, problem);
            return null;
        }
        return value;
    }

    /** A whole number in {@code [min, max]}, or {@code fallback} when absent. */
    int optionalInt(String name, int min, int max, int fallback) {
        Object value = params.get(name);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())
                && number.doubleValue() >= min && number.doubleValue() <= max) {
            return number.intValue();
        }
        errors.put(name, "must be an integer from " + min + " to " + max);
        return fallback;
    }

    /** A boolean, or {@code fallback} when absent. */
    boolean optionalBoolean(String name, boolean fallback) {
        Object value = params.get(name);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Boolean flag) {
            return flag;
        }
        errors.put(name, "must be true or false");
        return fallback;
    }

    /** Distinct members of {@code allowed}, or {@code fallback} when absent. */
    List<String> optionalEnums(String name, Set<String> allowed, List<String> fallback) {
        Object value = params.get(name);
        if (value == null) {
            return fallback;
        }
        if (value instanceof List<?> list && !list.isEmpty() && list.stream().allMatch(allowed::contains)) {
            return list.stream().map(String.class::cast).distinct().toList();
        }
        errors.put(name, "must be a non-empty array of " + allowed.stream().sorted().toList());
        return fallback;
    }

    /** Up to {@code maxItems} JSON objects, each with a string {@code type} (Block Kit), or {@code null}. */
    List<Object> optionalBlocks(String name, int maxItems) {
        Object value = params.get(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof List<?> list) || list.isEmpty() || list.size() > maxItems
                || !list.stream().allMatch(SlackActionParams::isBlock)) {
            errors.put(name, "must be an array of 1 to " + maxItems + " Block Kit blocks (objects with a type)");
            return null;
        }
        return List.copyOf(list);
    }

    private static boolean isBlock(Object block) {
        return block instanceof Map<?, ?> map && map.get("type") instanceof String;
    }

    /** Throws {@code BAD_PARAMS} with every problem found so far. */
    void check() throws ActionException {
        if (!errors.isEmpty()) {
            throw ActionException.badParams(errors);
        }
    }
}
