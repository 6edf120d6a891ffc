package dev.switchboard.mail.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.foundation.InvalidConfigurationException;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SmtpSettingsTest {

    @Test
    void defaultsToSubmissionPortWithStarttlsAndTenSeconds() {
        SmtpSettings settings = SmtpSettings.parse(Map.of("smtp.host", "smtp.example.com", "from", "noreply@example.com"));

        assertEquals(587, settings.port());
        assertTrue(settings.starttls());
        assertFalse(settings.ssl());
        assertEquals(10, settings.timeoutSeconds());
        assertFalse(settings.authenticates());
    }

    @Test
    void blankHostMeansNoServer() {
        assertNull(SmtpSettings.parse(Map.of("smtp.host", "", "from", "")));
    }

    @Test
    void malformedPortIsReportedWithItsKey() {
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                () -> SmtpMailSenderTestConfig.sender("smtp.port", "abc"));

        assertEquals("smtp.port", e.key());
        assertEquals("dev.switchboard.mail", e.pid());
        assertEquals("invalid configuration etc/dev.switchboard.mail.cfg: smtp.port = 'abc', expected a whole number from 1 to 65535",
                e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "smtp.port|0", "smtp.port|70000", "smtp.starttls|yes", "smtp.ssl|1", "timeout.seconds|0",
            "timeout.seconds|10s", "from|not an address", "from|a@example.com, b@example.com", "smtp.host|smtp example.com"})
    void malformedValuesNameTheirKey(String key, String value) {
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                () -> SmtpMailSenderTestConfig.sender(key, value));

        assertEquals(key, e.key());
    }

    @Test
    void fromIsRequiredWhenHostIsSet() {
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                () -> SmtpSettings.parse(Map.of("smtp.host", "smtp.example.com")));

        assertEquals("from", e.key());
    }

    @Test
    void fromWithALineBreakIsRejected() {
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                () -> SmtpMailSenderTestConfig.sender("from", "a@example.com\r\nBcc: eve@evil.example"));

        assertEquals("from", e.key());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void passwordWithoutUserNameIsRejectedWithoutShowingThePassword() {
        Map<String, Object> config = SmtpMailSenderTestConfig.valid();
        config.put("smtp.password", "hunter2hunter2");

        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                () -> SmtpSettings.parse(config));

        assertEquals("smtp.username", e.key());
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    }

    @Test
    void starttlsIsRequiredNotJustAttempted() {
        Properties properties = SmtpSettings.parse(SmtpMailSenderTestConfig.valid()).sessionProperties();

        assertEquals("true", properties.getProperty("mail.smtp.starttls.enable"));
        assertEquals("true", properties.getProperty("mail.smtp.starttls.required"));
        assertEquals("true", properties.getProperty("mail.smtp.ssl.checkserveridentity"));
    }

    @Test
    void implicitTlsUsesSmtpsWithTheTimeoutOnConnectReadAndWrite() {
        Map<String, Object> config = SmtpMailSenderTestConfig.valid();
        config.put("smtp.ssl", "true");
        config.put("smtp.port", "465");
        config.put("timeout.seconds", "7");

        SmtpSettings settings = SmtpSettings.parse(config);
        Properties properties = settings.sessionProperties();

        assertEquals("smtps", settings.protocol());
        assertEquals("7000", properties.getProperty("mail.smtps.connectiontimeout"));
        assertEquals("7000", properties.getProperty("mail.smtps.timeout"));
        assertEquals("7000", properties.getProperty("mail.smtps.writetimeout"));
        assertEquals("true", properties.getProperty("mail.smtps.ssl.checkserveridentity"));
        assertNull(properties.getProperty("mail.smtp.starttls.enable"));
    }

    @Test
    void passwordIsKeptAsWrittenAndNeverShown() {
        Map<String, Object> config = SmtpMailSenderTestConfig.valid();
        config.put("smtp.username", "mailer");
        config.put("smtp.password", " pass word ");

        SmtpSettings settings = SmtpSettings.parse(config);

        assertEquals(" pass word ", settings.password());
        assertTrue(settings.authenticates());
        assertFalse(settings.toString().contains("pass word"), settings.toString());
        assertFalse(settings.sessionProperties().toString().contains("pass word"));
    }
}
