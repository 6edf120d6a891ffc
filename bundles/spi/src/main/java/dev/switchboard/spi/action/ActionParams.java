package dev.switchboard.spi.action;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads one action's parameters and collects every problem, so that a single {@code BAD_PARAMS} names all bad
 * fields: a helper for action adapters. The engine validates against the action's schema first; this is the
 * adapter's own check before any outside call. Problems describe the field, never its value (values may be
 * personal data). Not thread-safe: one instance per call.
 */
public final class ActionParams {

    private final Map<String, Object> params;
    private final Map<String, String> errors = new LinkedHashMap<>();

    public ActionParams(Map<String, Object> params) {
        this.params = params;
    }

    /** Whether {@code name} was given at all, even as {@code null}. */
    public boolean has(String name) {
        return params.containsKey(name);
    }

    /** The non-blank string {@code name}, trimmed; {@code null} (and a recorded problem) when missing. */
    public String required(String name) {
        Object value = params.get(name);
        if (value instanceof String text && !text.isBlank()) {
            return text.trim();
        }
        errors.put(name, value == null ? "is required" : "must be a non-empty string");
        return null;
    }

    /** The optional string {@code name}; blank or non-string values are problems. */
    public Optional<String> string(String name) {
        Object value = params.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof String text && !text.isBlank()) {
            return Optional.of(text);
        }
        errors.put(name, "must be a non-empty string");
        return Optional.empty();
    }

    /** The optional string {@code name} that may be an explicit {@code null} (meaning "clear it"). */
    public String nullableString(String name) {
        return params.get(name) == null ? null : string(name).orElse(null);
    }

    /** The optional whole number {@code name} within {@code [min, max]}. */
    public Optional<Integer> integer(String name, int min, int max) {
        Object value = params.get(name);
        if (value == null) {
            return Optional.empty();
        }
        Long whole = wholeNumber(value);
        if (whole == null || whole < min || whole > max) {
            errors.put(name, "must be a whole number from " + min + " to " + max);
            return Optional.empty();
        }
        return Optional.of(whole.intValue());
    }

    /** The optional list of non-blank strings {@code name}. */
    public Optional<List<String>> strings(String name) {
        Object value = params.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof List<?> list && list.stream().allMatch(item -> item instanceof String text && !text.isBlank())) {
            return Optional.of(new ArrayList<>(list.stream().map(String.class::cast).toList()));
        }
        errors.put(name, "must be a list of non-empty strings");
        return Optional.empty();
    }

    /** The id {@code name}, given as a non-blank string or a whole number; {@code null} (and a problem) when missing. */
    public String requiredId(String name) {
        Object value = params.get(name);
        Long whole = value instanceof String ? null : wholeNumber(value);
        if (whole != null && whole >= 0) {
            return whole.toString();
        }
        if (value instanceof String text && !text.isBlank()) {
            return text.trim();
        }
        errors.put(name, value == null ? "is required" : "must be a non-empty string or a whole number");
        return null;
    }

    /** The optional string {@code name}, which may be empty; non-string values are problems. */
    public Optional<String> text(String name) {
        Object value = params.get(name);
        if (value == null || value instanceof String) {
            return Optional.ofNullable((String) value);
        }
        errors.put(name, "must be a string");
        return Optional.empty();
    }

    /** The optional string {@code name}, which must be one of {@code allowed}. */
    public Optional<String> oneOf(String name, List<String> allowed) {
        Object value = params.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof String text && allowed.contains(text)) {
            return Optional.of(text);
        }
        errors.put(name, "must be one of " + String.join(", ", allowed));
        return Optional.empty();
    }

    /** Records {@code problem} for {@code name}, for rules that span fields. */
    public void problem(String name, String problem) {
        errors.put(name, problem);
    }

    /** Whether any of {@code names} was given. */
    public boolean anyOf(Set<String> names) {
        return names.stream().anyMatch(params::containsKey);
    }

    /** Throws {@code BAD_PARAMS} with every recorded problem, if there is one. */
    public void check() throws ActionException {
        if (!errors.isEmpty()) {
            throw ActionException.badParams(errors);
        }
    }

    private static Long wholeNumber(Object value) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger big && big.bitLength() < 63) {
            return big.longValue();
        }
        if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
            if (value instanceof Number number && !(value instanceof BigDecimal) && !Double.isFinite(number.doubleValue())) {
                return null;
            }
            BigDecimal decimal = new BigDecimal(value.toString());
            if (decimal.stripTrailingZeros().scale() <= 0 && decimal.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) < 0) {
                return decimal.longValue();
            }
        }
        return null;
    }
}
