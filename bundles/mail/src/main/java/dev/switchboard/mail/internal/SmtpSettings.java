package dev.switchboard.mail.internal;

import dev.switchboard.foundation.ConfigValues;
import dev.switchboard.foundation.InvalidConfigurationException;
import dev.switchboard.mail.MailMessage;
import java.util.Map;
import java.util.Properties;
import javax.mail.internet.AddressException;
import javax.mail.internet.InternetAddress;

/**
 * The SMTP server of {@code etc/dev.switchboard.mail.cfg}, validated. {@link #toString()} leaves the password
 * out.
 */
record SmtpSettings(String host, int port, String username, String password, boolean starttls, boolean ssl,
        InternetAddress from, int timeoutSeconds) {

    static final String PID = "dev.switchboard.mail";
    static final String HOST = "smtp.host";
    static final String PORT = "smtp.port";
    static final String USERNAME = "smtp.username";
    static final String PASSWORD = "smtp.password";
    static final String STARTTLS = "smtp.starttls";
    static final String SSL = "smtp.ssl";
    static final String FROM = "from";
    static final String TIMEOUT_SECONDS = "timeout.seconds";

    private static final String FROM_FORM =
            "one email address, optionally with a display name: noreply@example.com or Switchboard <noreply@example.com>";

    /**
     * The settings, or {@code null} when {@code smtp.host} is blank (no server: email is off).
     *
     * @throws InvalidConfigurationException naming the first malformed key
     */
    static SmtpSettings parse(Map<String, ?> properties) {
        ConfigValues config = new ConfigValues(PID, properties);
        String host = config.stringValue(HOST, "");
        if (host.isEmpty()) {
            return null;
        }
        if (!host.matches("[A-Za-z0-9.:\\[\\]-]+")) {
            throw new InvalidConfigurationException(PID, HOST, host, "a host name or IP address");
        }
        int port = config.intValue(PORT, 587, 1, 65535);
        String username = config.stringValue(USERNAME, "");
        // a password may legitimately start or end with a space: take it as it is
        Object rawPassword = properties == null ? null : properties.get(PASSWORD);
        String password = rawPassword == null ? "" : rawPassword.toString();
        if (username.isEmpty() && !password.isEmpty()) {
            // without a user name the password would silently go unused
            throw new InvalidConfigurationException(PID, USERNAME, "", "the SMTP user name, since " + PASSWORD + " is set");
        }
        boolean starttls = config.booleanValue(STARTTLS, true);
        boolean ssl = config.booleanValue(SSL, false);
        InternetAddress from = parseFrom(config.stringValue(FROM, ""));
        int timeoutSeconds = config.intValue(TIMEOUT_SECONDS, 10, 1, 300);
        return new SmtpSettings(host, port, username, password, starttls, ssl, from, timeoutSeconds);
    }

    private static InternetAddress parseFrom(String value) {
        if (value.isEmpty()) {
            throw new InvalidConfigurationException(PID, FROM, value, FROM_FORM + " (required when " + HOST + " is set)");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidConfigurationException(PID, FROM, value.replaceAll("\\p{Cntrl}", "?"), FROM_FORM);
        }
        try {
            InternetAddress[] parsed = InternetAddress.parse(value, true);
            if (parsed.length == 1 && MailMessage.isValidAddress(parsed[0].getAddress())) {
                return parsed[0];
            }
        } catch (AddressException e) {
            // reported below with the expected form
        }
        throw new InvalidConfigurationException(PID, FROM, value, FROM_FORM);
    }

    boolean authenticates() {
        return !username.isEmpty();
    }

    /** {@code smtps} speaks TLS from the first byte; {@code smtp} may upgrade with STARTTLS. */
    String protocol() {
        return ssl ? "smtps" : "smtp";
    }

    /** Jakarta Mail session properties; everything the transport does not get as connect() arguments. */
    Properties sessionProperties() {
        String prefix = "mail." + protocol() + ".";
        String timeoutMillis = Integer.toString(timeoutSeconds * 1000);
        Properties properties = new Properties();
        properties.setProperty(prefix + "host", host);
        properties.setProperty(prefix + "port", Integer.toString(port));
        properties.setProperty(prefix + "auth", Boolean.toString(authenticates()));
        properties.setProperty(prefix + "from", from.getAddress());
        properties.setProperty(prefix + "connectiontimeout", timeoutMillis);
        properties.setProperty(prefix + "timeout", timeoutMillis);
        properties.setProperty(prefix + "writetimeout", timeoutMillis);
        if (!ssl && starttls) {
            // required: a server (or someone in between) that does not offer STARTTLS must not get the password in clear
            properties.setProperty(prefix + "starttls.enable", "true");
            properties.setProperty(prefix + "starttls.required", "true");
        }
        if (ssl || starttls) {
            // Jakarta Mail 1.6 does not check the certificate's host name unless asked to
            properties.setProperty(prefix + "ssl.checkserveridentity", "true");
        }
        return properties;
    }

    String server() {
        return host + ":" + port;
    }

    @Override
    public String toString() {
        return "SmtpSettings[" + protocol() + "://" + server() + ", starttls=" + (starttls && !ssl)
                + ", username=" + (authenticates() ? username : "(none)") + ", from=" + from
                + ", timeout=" + timeoutSeconds + "s]";
    }
}
