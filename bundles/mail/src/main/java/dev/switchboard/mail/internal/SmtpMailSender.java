package dev.switchboard.mail.internal;

import dev.switchboard.mail.MailException;
import dev.switchboard.mail.MailMessage;
import dev.switchboard.mail.MailSender;
import java.util.Date;
import java.util.Map;
import java.util.Objects;
import javax.mail.AuthenticationFailedException;
import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.Transport;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link MailSender} over the SMTP server of {@code etc/dev.switchboard.mail.cfg}, one connection per email.
 * Without {@code smtp.host} the service is still registered and says it is not configured; a malformed value
 * stops the component with an {@code InvalidConfigurationException} naming the key. A change of the file
 * re-creates the component.
 */
@Component(service = MailSender.class, immediate = true, configurationPid = SmtpSettings.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public class SmtpMailSender implements MailSender {

    private static final Logger LOG = LoggerFactory.getLogger(SmtpMailSender.class);
    private static final String UTF_8 = "UTF-8";

    private final SmtpSettings settings;

    @Activate
    public SmtpMailSender(Map<String, Object> properties) {
        settings = SmtpSettings.parse(properties);
        if (settings == null) {
            LOG.info("no SMTP server configured (smtp.host in etc/{}.cfg): emails are not sent", SmtpSettings.PID);
        } else {
            LOG.info("emails are sent via {}", settings);
        }
    }

    @Override
    public boolean isConfigured() {
        return settings != null;
    }

    @Override
    public void send(MailMessage message) throws MailException {
        Objects.requireNonNull(message, "message");
        if (settings == null) {
            throw new MailException("no SMTP server is configured: set " + SmtpSettings.HOST + " in etc/"
                    + SmtpSettings.PID + ".cfg (or SWITCHBOARD_SMTP_HOST)");
        }
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // Jakarta Mail finds its providers (META-INF/javamail.*) and activation its mailcap through the
        // context class loader: in OSGi that has to be the mail bundle's, not the caller's
        thread.setContextClassLoader(Session.class.getClassLoader());
        try {
            Session session = Session.getInstance(settings.sessionProperties());
            deliver(session, compose(session, message));
            LOG.debug("email sent to {} via {}", message.to(), settings.server());
        } catch (MessagingException e) {
            MailException failure = failure(message, e);
            LOG.debug("{}", failure.getMessage());
            throw failure;
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private MimeMessage compose(Session session, MailMessage message) throws MessagingException {
        MimeMessage mime = new MimeMessage(session);
        mime.setFrom(settings.from());
        // strict parsing again: MailMessage already refused anything but a plain address
        mime.setRecipient(Message.RecipientType.TO, new InternetAddress(message.to(), true));
        mime.setSubject(message.subject(), UTF_8);
        mime.setSentDate(new Date());
        if (message.htmlBody() == null) {
            mime.setText(message.textBody(), UTF_8);
        } else {
            MimeBodyPart text = new MimeBodyPart();
            text.setText(message.textBody(), UTF_8);
            MimeBodyPart html = new MimeBodyPart();
            html.setText(message.htmlBody(), UTF_8, "html");
            // the client shows the last alternative it can render: plain text first
            MimeMultipart alternatives = new MimeMultipart("alternative");
            alternatives.addBodyPart(text);
            alternatives.addBodyPart(html);
            mime.setContent(alternatives);
        }
        mime.saveChanges();
        return mime;
    }

    private void deliver(Session session, MimeMessage mime) throws MessagingException {
        // the transport is chosen by name rather than through Transport.send(), which looks it up by address type
        Transport transport = session.getTransport(settings.protocol());
        try {
            if (settings.authenticates()) {
                transport.connect(settings.host(), settings.port(), settings.username(), settings.password());
            } else {
                transport.connect(settings.host(), settings.port(), null, null);
            }
            transport.sendMessage(mime, mime.getAllRecipients());
        } finally {
            closeQuietly(transport);
        }
    }

    private static void closeQuietly(Transport transport) {
        try {
            transport.close();
        } catch (MessagingException e) {
            // the server has accepted the email or the send has already failed: QUIT changes neither
            LOG.debug("closing the SMTP connection failed: {}", e.toString());
        }
    }

    private MailException failure(MailMessage message, MessagingException e) {
        String reason = e instanceof AuthenticationFailedException
                ? "the server refused the login of user '" + settings.username() + "'"
                : "";
        String detail = SafeText.causes(e, settings.password());
        String text = "could not send email to " + message.to() + " via " + settings.protocol() + "://"
                + settings.server() + ": " + (reason.isEmpty() ? detail : reason + " (" + detail + ")");
        return new MailException(text, e);
    }
}
