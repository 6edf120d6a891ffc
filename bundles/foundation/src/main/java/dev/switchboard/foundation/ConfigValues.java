package dev.switchboard.foundation;

import java.math.BigDecimal;
import java.util.Map;

/**
 * Reads typed values from a component's configuration. A malformed value is reported with its key, the
 * value and the expected form, so that an operator can fix {@code etc/<pid>.cfg}.
 */
public final class ConfigValues {

    private final String pid;
    private final Map<String, ?> properties;

    public ConfigValues(String pid, Map<String, ?> properties) {
        this.pid = pid;
        this.properties = properties == null ? Map.of() : properties;
    }

    /** A whole number within [min, max], or {@code fallback} when the key is absent or blank. */
    public int intValue(String key, int fallback, int min, int max) {
        Object raw = properties.get(key);
        if (raw == null || raw.toString().isBlank()) {
            return fallback;
        }
        try {
            // Number.intValue() would silently wrap a Long and truncate a fraction into the range
            int value = raw instanceof Number number ? new BigDecimal(number.toString()).intValueExact()
                    : Integer.parseInt(raw.toString().trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException | ArithmeticException e) {
            // reported below with the expected form
        }
        throw invalid(key, raw, "a whole number from " + min + " to " + max);
    }

    /** {@code true}/{@code false}, or {@code fallback} when absent or blank. */
    public boolean booleanValue(String key, boolean fallback) {
        Object raw = properties.get(key);
        if (raw == null || raw.toString().isBlank()) {
            return fallback;
        }
        String text = raw.toString().trim().toLowerCase(java.util.Locale.ROOT);
        if (text.equals("true") || text.equals("false")) {
            return Boolean.parseBoolean(text);
        }
        throw invalid(key, raw, "true or false");
    }

    /** A non-blank string, or {@code fallback}. */
    public String stringValue(String key, String fallback) {
        Object raw = properties.get(key);
        return raw == null || raw.toString().isBlank() ? fallback : raw.toString().trim();
    }

    private InvalidConfigurationException invalid(String key, Object raw, String expected) {
        return new InvalidConfigurationException(pid, key, String.valueOf(raw), expected);
    }
}
