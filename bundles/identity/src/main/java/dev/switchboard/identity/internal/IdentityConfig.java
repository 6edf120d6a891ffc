package dev.switchboard.identity.internal;

import dev.switchboard.foundation.ConfigValues;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Settings of pid {@code dev.switchboard.identity}. */
record IdentityConfig(Set<String> superAdminEmails, boolean signupEnabled, String initialOwnerEmail,
                      String initialOwnerPassword, Duration sessionTtl, Duration sessionRefresh, boolean secureCookie,
                      String publicUrl) {

    static final String PID = "dev.switchboard.identity";
    static final Duration INVITATION_TTL = Duration.ofDays(7);
    static final Duration IMPERSONATION_TTL = Duration.ofHours(24);

    static IdentityConfig from(Map<String, ?> properties) {
        ConfigValues values = new ConfigValues(PID, properties);
        Set<String> admins = Arrays.stream(values.stringValue("superAdmins", "").split(","))
                .map(email -> email.trim().toLowerCase(Locale.ROOT))
                .filter(email -> !email.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        return new IdentityConfig(admins,
                values.booleanValue("signup.enabled", true),
                values.stringValue("initialOwner.email", null),
                values.stringValue("initialOwner.password", null),
                Duration.ofDays(values.intValue("session.ttl.days", 7, 1, 365)),
                Duration.ofHours(values.intValue("session.refresh.hours", 24, 1, 24 * 30)),
                values.booleanValue("session.cookie.secure", false),
                values.stringValue("publicUrl", "http://localhost:8181"));
    }

    boolean isSuperAdmin(String email) {
        return email != null && superAdminEmails.contains(email.toLowerCase(Locale.ROOT));
    }
}
