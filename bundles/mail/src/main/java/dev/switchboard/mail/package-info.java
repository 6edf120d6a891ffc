/**
 * Outgoing email for engine bundles: invitation and verification emails now, notifications later.
 * {@link dev.switchboard.mail.MailSender} is always registered; whether an SMTP server is configured is a
 * question to ask it, not a precondition of using it.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package dev.switchboard.mail;
