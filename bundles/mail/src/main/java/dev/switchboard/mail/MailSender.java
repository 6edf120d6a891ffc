package dev.switchboard.mail;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Sends one email at a time over the SMTP server of {@code etc/dev.switchboard.mail.cfg}. Calls block for at
 * most about twice {@code timeout.seconds} and may be made from any thread.
 */
@ProviderType
public interface MailSender {

    /**
     * Whether an SMTP server is configured ({@code smtp.host} is set). When it is not, {@link #send} always
     * fails; a caller that can do without email (e.g. show an invitation link instead) asks this first.
     */
    boolean isConfigured();

    /**
     * Delivers {@code message} to the SMTP server, which takes it from there: success means the server
     * accepted it, not that it reached the inbox.
     *
     * @throws MailException when no server is configured, or the server cannot be reached, refuses the
     *         login, the sender or the recipient, or does not answer in time. The message says which, and
     *         never contains the SMTP password or the message body.
     */
    void send(MailMessage message) throws MailException;
}
