package dev.switchboard.mail.internal;

import java.util.HashMap;
import java.util.Map;

/** A valid configuration to spoil one key at a time. */
final class SmtpMailSenderTestConfig {

    private SmtpMailSenderTestConfig() {
    }

    static Map<String, Object> valid() {
        Map<String, Object> config = new HashMap<>();
        config.put("smtp.host", "smtp.example.com");
        config.put("from", "noreply@example.com");
        return config;
    }

    /** Activates the component as DS would, with {@code key} set to {@code value}. */
    static SmtpMailSender sender(String key, String value) {
        Map<String, Object> config = valid();
        config.put(key, value);
        return new SmtpMailSender(config);
    }
}
