package dev.switchboard.mail.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.switchboard.mail.MailException;
import dev.switchboard.mail.MailMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import javax.mail.Address;
import javax.mail.Message;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Sends through GreenMail, a real SMTP server on a free loopback port of the test JVM. */
class SmtpMailSenderTest {

    private static final String USER = "switchboard";
    private static final String PASSWORD = "s3cret-Pa55word";

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(
            new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser(USER, PASSWORD));

    @Test
    void deliversPlainTextWithSubjectFromAndTo() throws Exception {
        SmtpMailSender sender = new SmtpMailSender(config());

        sender.send(new MailMessage("alice@example.com", "Welcome to Switchboard", "Hello Alice,\r\nwelcome."));

        MimeMessage received = onlyReceived();
        assertEquals("Welcome to Switchboard", received.getSubject());
        assertEquals("Hello Alice,\r\nwelcome.", GreenMailUtil.getBody(received).trim());
        assertEquals(new InternetAddress("noreply@switchboard.test"), received.getFrom()[0]);
        Address[] to = received.getRecipients(Message.RecipientType.TO);
        assertEquals(1, to.length);
        assertEquals(new InternetAddress("alice@example.com"), to[0]);
        assertTrue(received.getContentType().startsWith("text/plain"), received.getContentType());
    }

    @Test
    void usesTheDisplayNameOfFromAndEncodesNonAsciiSubjects() throws Exception {
        Map<String, Object> config = config();
        config.put("from", "Switchboard <noreply@switchboard.test>");

        new SmtpMailSender(config).send(new MailMessage("bob@example.com", "Bestätigen Sie Ihre Adresse – 🔑", "Grüße"));

        MimeMessage received = onlyReceived();
        assertEquals("Bestätigen Sie Ihre Adresse – 🔑", received.getSubject());
        assertEquals("Switchboard", ((InternetAddress) received.getFrom()[0]).getPersonal());
    }

    @Test
    void sendsHtmlAsAnAlternativeToText() throws Exception {
        new SmtpMailSender(config()).send(
                new MailMessage("alice@example.com", "Invitation", "Join: https://x.test/i/1", "<a href=\"https://x.test/i/1\">Join</a>"));

        MimeMessage received = onlyReceived();
        MimeMultipart alternatives = (MimeMultipart) received.getContent();
        assertTrue(alternatives.getContentType().startsWith("multipart/alternative"), alternatives.getContentType());
        assertEquals(2, alternatives.getCount());
        assertTrue(alternatives.getBodyPart(0).isMimeType("text/plain"));
        assertEquals("Join: https://x.test/i/1", alternatives.getBodyPart(0).getContent());
        assertTrue(alternatives.getBodyPart(1).isMimeType("text/html"));
        assertEquals("<a href=\"https://x.test/i/1\">Join</a>", alternatives.getBodyPart(1).getContent());
    }

    @Test
    void logsInWithUserNameAndPassword() throws Exception {
        Map<String, Object> config = config();
        config.put("smtp.username", USER);
        config.put("smtp.password", PASSWORD);

        new SmtpMailSender(config).send(new MailMessage("alice@example.com", "Verify", "code"));

        assertEquals("Verify", onlyReceived().getSubject());
    }

    @Test
    void refusedLoginNamesTheUserButNotThePassword() {
        Map<String, Object> config = config();
        config.put("smtp.username", USER);
        config.put("smtp.password", "wrong-" + PASSWORD);

        MailException e = assertThrows(MailException.class,
                () -> new SmtpMailSender(config).send(new MailMessage("alice@example.com", "Verify", "body-text")));

        assertTrue(e.getMessage().contains("refused the login of user 'switchboard'"), e.getMessage());
        assertFalse(e.getMessage().contains(PASSWORD), e.getMessage());
        assertFalse(e.getMessage().contains("body-text"), e.getMessage());
        assertEquals(0, SMTP.getReceivedMessages().length);
    }

    @Test
    void withoutHostItIsNotConfiguredAndSendFailsClearly() {
        SmtpMailSender sender = new SmtpMailSender(Map.of("smtp.host", "  ", "smtp.port", "not checked"));

        assertFalse(sender.isConfigured());
        MailException e = assertThrows(MailException.class,
                () -> sender.send(new MailMessage("alice@example.com", "s", "b")));
        assertTrue(e.getMessage().startsWith("no SMTP server is configured"), e.getMessage());
    }

    @Test
    void withoutAnyConfigurationItIsNotConfigured() {
        assertFalse(new SmtpMailSender(null).isConfigured());
        assertFalse(new SmtpMailSender(Map.of()).isConfigured());
    }

    @Test
    void withHostItIsConfigured() {
        assertTrue(new SmtpMailSender(config()).isConfigured());
    }

    @Test
    void headerInjectionIsRejectedBeforeAnythingIsSent() {
        assertThrows(IllegalArgumentException.class,
                () -> new MailMessage("alice@example.com", "Hi\r\nBcc: eve@evil.example", "b"));
        assertThrows(IllegalArgumentException.class,
                () -> new MailMessage("alice@example.com\r\nBcc: eve@evil.example", "Hi", "b"));
        assertThrows(IllegalArgumentException.class,
                () -> new MailMessage("alice@example.com,eve@evil.example", "Hi", "b"));

        assertEquals(0, SMTP.getReceivedMessages().length);
    }

    @Test
    void silentServerFailsWithinTheTimeoutWithoutThePassword() throws IOException {
        // accepts connections (the kernel's backlog) but never greets: the read timeout must end the wait
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Map<String, Object> config = config();
            config.put("smtp.port", silent.getLocalPort());
            config.put("timeout.seconds", "1");
            config.put("smtp.username", USER);
            config.put("smtp.password", PASSWORD);
            SmtpMailSender sender = new SmtpMailSender(config);

            long start = System.nanoTime();
            MailException e = assertThrows(MailException.class,
                    () -> sender.send(new MailMessage("alice@example.com", "s", "body-text")));
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

            assertTrue(elapsed.compareTo(Duration.ofSeconds(5)) < 0, "took " + elapsed);
            assertTrue(e.getMessage().contains("127.0.0.1:" + silent.getLocalPort()), e.getMessage());
            assertFalse(e.getMessage().contains(PASSWORD), e.getMessage());
            assertFalse(e.getMessage().contains("body-text"), e.getMessage());
        }
    }

    @Test
    void closedPortFailsAtOnceWithTheReason() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Map<String, Object> config = config();
        config.put("smtp.port", port);
        config.put("smtp.username", USER);
        config.put("smtp.password", PASSWORD);

        MailException e = assertThrows(MailException.class,
                () -> new SmtpMailSender(config).send(new MailMessage("alice@example.com", "s", "b")));

        assertTrue(e.getMessage().contains("Connection refused"), e.getMessage());
        assertFalse(e.getMessage().contains(PASSWORD), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void restoresTheCallersContextClassLoader() throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader callers = new ClassLoader(null) { };
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(callers);
        try {
            new SmtpMailSender(config()).send(new MailMessage("alice@example.com", "s", "b", "<p>b</p>"));

            assertSame(callers, thread.getContextClassLoader());
        } finally {
            thread.setContextClassLoader(previous);
        }
        assertEquals(1, SMTP.getReceivedMessages().length);
    }

    private static Map<String, Object> config() {
        Map<String, Object> config = new HashMap<>();
        config.put("smtp.host", "127.0.0.1");
        config.put("smtp.port", String.valueOf(SMTP.getSmtp().getPort()));
        // GreenMail 1.6 offers no STARTTLS: plain SMTP on loopback
        config.put("smtp.starttls", "false");
        config.put("from", "noreply@switchboard.test");
        config.put("timeout.seconds", "5");
        return config;
    }

    private static MimeMessage onlyReceived() {
        assertTrue(SMTP.waitForIncomingEmail(5_000, 1));
        MimeMessage[] received = SMTP.getReceivedMessages();
        assertEquals(1, received.length);
        return received[0];
    }
}
