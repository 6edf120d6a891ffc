package dev.switchboard.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MailMessageTest {

    @Test
    void plainTextMessageHasNoHtmlBody() {
        MailMessage message = new MailMessage("alice@example.com", "Welcome", "Hello");

        assertNull(message.htmlBody());
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice@example.com", "a.b+tag@mail.example.co.uk", "ops@localhost", "x_y-z@sub-domain.example"})
    void acceptsPlainAddresses(String address) {
        assertEquals(address, new MailMessage(address, "s", "b").to());
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice@example.com\r\nBcc: eve@evil.example", "alice@example.com\nBcc: eve@evil.example",
            "alice@example.com, eve@evil.example", "Alice <alice@example.com>", "alice", "@example.com", "alice@",
            "alice@@example.com", "al ice@example.com", "alice@example..com", ".alice@example.com", "alice@-example.com",
            "alïce@example.com", ""})
    void rejectsAnythingButOnePlainAddress(String address) {
        assertThrows(IllegalArgumentException.class, () -> new MailMessage(address, "s", "b"));
    }

    @Test
    void rejectsNullRecipient() {
        assertThrows(IllegalArgumentException.class, () -> new MailMessage(null, "s", "b"));
    }

    @Test
    void rejectsOverlongAddress() {
        String local = "a".repeat(65);

        assertThrows(IllegalArgumentException.class, () -> new MailMessage(local + "@example.com", "s", "b"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Hi\r\nBcc: eve@evil.example", "Hi\nBcc: eve@evil.example", "Hi\rthere", "Hi\u0000",
            "Hi\tthere", " ", ""})
    void rejectsSubjectsWithLineBreaksOrControlCharactersOrNothing(String subject) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MailMessage("alice@example.com", subject, "b"));

        assertFalse(e.getMessage().contains("evil"), e.getMessage());
    }

    @Test
    void rejectsNullBody() {
        assertThrows(NullPointerException.class, () -> new MailMessage("alice@example.com", "s", null));
    }

    @Test
    void bodiesMayHaveLineBreaks() {
        MailMessage message = new MailMessage("alice@example.com", "s", "line 1\r\nline 2", "<p>1</p>\n<p>2</p>");

        assertTrue(message.textBody().contains("\n"));
    }

    @Test
    void toStringLeavesBodiesOut() {
        String text = new MailMessage("alice@example.com", "Your code", "secret code 123456", "<b>123456</b>").toString();

        assertTrue(text.contains("alice@example.com"), text);
        assertFalse(text.contains("123456"), text);
    }
}
