package dev.switchboard.mail;

/**
 * An email was not sent. The message is meant for logs and operators: it names the server and the reason,
 * and never contains the SMTP password or the message body.
 */
public class MailException extends Exception {
    private static final long serialVersionUID = 1L;

    public MailException(String message) {
        super(message);
    }

    public MailException(String message, Throwable cause) {
        super(message, cause);
    }
}
