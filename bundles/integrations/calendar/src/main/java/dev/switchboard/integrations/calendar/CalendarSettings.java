package dev.switchboard.integrations.calendar;

import java.time.Duration;
import java.util.Map;

/**
 * Settings of pid {@value CalendarConstants#PID} ({@code etc/dev.switchboard.integrations.calendar.cfg}):
 *
 * <ul>
 *   <li>{@code fetchTimeoutSeconds} (default 10): connecting and reading a feed together, redirects included;</li>
 *   <li>{@code maxFeedBytes} (default 2 MiB): a larger feed is refused ({@code calendar_too_large});</li>
 *   <li>{@code maxRedirects} (default 3): redirects followed, each hop checked again;</li>
 *   <li>{@code allowHttp} (default false): accept plain {@code http://} feeds (tests only: the URL is a secret);</li>
 *   <li>{@code allowPrivateAddresses} (default false): fetch from loopback, private and other non-public
 *       addresses (tests, on-premises calendar servers).</li>
 * </ul>
 */
record CalendarSettings(Duration fetchTimeout, int maxFeedBytes, int maxRedirects, boolean allowHttp,
                        boolean allowPrivateAddresses) {

    static final CalendarSettings DEFAULTS = new CalendarSettings(Duration.ofSeconds(10), 2 * 1024 * 1024, 3,
            false, false);

    static CalendarSettings from(Map<String, ?> properties) {
        if (properties == null) {
            return DEFAULTS;
        }
        long seconds = number(properties, "fetchTimeoutSeconds", DEFAULTS.fetchTimeout.toSeconds(), 1, 30);
        long bytes = number(properties, "maxFeedBytes", DEFAULTS.maxFeedBytes, 1024, 20L * 1024 * 1024);
        long redirects = number(properties, "maxRedirects", DEFAULTS.maxRedirects, 0, 10);
        return new CalendarSettings(Duration.ofSeconds(seconds), (int) bytes, (int) redirects,
                flag(properties, "allowHttp"), flag(properties, "allowPrivateAddresses"));
    }

    AddressPolicy addressPolicy() {
        return allowPrivateAddresses ? AddressPolicy.ANY : AddressPolicy.PUBLIC_ONLY;
    }

    private static long number(Map<String, ?> properties, String key, long fallback, long min, long max) {
        Object value = properties.get(key);
        if (value == null || value.toString().isBlank()) {
            return fallback;
        }
        try {
            long parsed = Long.parseLong(value.toString().strip());
            if (parsed < min || parsed > max) {
                throw new IllegalArgumentException(CalendarConstants.PID + ": " + key + " must be between " + min
                        + " and " + max);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(CalendarConstants.PID + ": " + key + " must be a whole number", e);
        }
    }

    private static boolean flag(Map<String, ?> properties, String key) {
        Object value = properties.get(key);
        return value != null && Boolean.parseBoolean(value.toString().strip());
    }
}
