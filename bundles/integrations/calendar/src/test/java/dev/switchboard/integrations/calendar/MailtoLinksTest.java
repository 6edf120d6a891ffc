package dev.switchboard.integrations.calendar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** RFC 6068 encoding, address checks and the 2000-character limit, including properties over random drafts. */
class MailtoLinksTest {

    private static final Pattern URL_CHARS = Pattern.compile("mailto:[A-Za-z0-9\\-._~%@,?=&]*");

    private static MailtoLinks.Link build(List<String> to, String subject, String body) throws Exception {
        return MailtoLinks.build(new MailtoLinks.Draft(to, null, null, subject, body));
    }

    @Test
    void encodesSpacesNewlinesAndUtf8() throws Exception {
        MailtoLinks.Link link = MailtoLinks.build(new MailtoLinks.Draft(List.of("jane.doe@example.com", "bob+x@Example.COM"),
                List.of("cc@example.com"), List.of("bcc@example.com"), "Interview: Tuesday & Wednesday?",
                "Hi Jane,\nline two\r\nthree\rfour — café 😀 100% a+b=c"));
        assertEquals("mailto:jane.doe@example.com,bob%2Bx@example.com?cc=cc@example.com&bcc=bcc@example.com"
                + "&subject=Interview%3A%20Tuesday%20%26%20Wednesday%3F"
                + "&body=Hi%20Jane%2C%0D%0Aline%20two%0D%0Athree%0D%0Afour%20%E2%80%94%20caf%C3%A9%20%F0%9F%98%80"
                + "%20100%25%20a%2Bb%3Dc", link.url());
        assertFalse(link.truncated());
        assertEquals(link.url().length(), link.length());
    }

    @Test
    void aDraftWithoutRecipientsOrBodyIsStillALink() throws Exception {
        assertEquals("mailto:?subject=Hello", build(null, "Hello", null).url());
        assertEquals("mailto:a@example.com", build(List.of("a@example.com"), null, "").url());
        assertEquals("mailto:a@example.com?subject=two%20lines", build(List.of("a@example.com"), "two\r\nlines", null).url());
    }

    @Test
    void invalidAddressesAreRefused() {
        for (String bad : List.of("", "jane", "jane@", "@example.com", "jane doe@example.com", "jane@example",
                "a,b@example.com", "jane@@example.com", "jane..doe@example.com", "\"q\"@example.com",
                "x@example.com\r\nBcc: evil@example.com", "a".repeat(65) + "@example.com")) {
            MailtoLinks.MailtoException e = assertThrows(MailtoLinks.MailtoException.class,
                    () -> build(List.of(bad), null, null), bad);
            assertEquals("mailto_address_invalid", e.code());
            assertEquals("to", e.field());
        }
        assertTrue(MailtoLinks.isAddress("jürgen@bücher.example"));
    }

    @Test
    void recipientsAndSubjectAloneOverTheLimitAreRefused() {
        MailtoLinks.MailtoException e = assertThrows(MailtoLinks.MailtoException.class,
                () -> build(List.of("a@example.com"), "x".repeat(2000), "body"));
        assertEquals("mailto_too_long", e.code());
    }

    @Test
    void aLongBodyIsShortenedToExactlyFitWithTheMarker() throws Exception {
        MailtoLinks.Link link = build(List.of("a@example.com"), "Hi", "word ".repeat(1000));
        assertTrue(link.truncated());
        assertTrue(link.length() <= 2000 && link.length() >= 2000 - 3, String.valueOf(link.length()));
        assertTrue(link.url().endsWith("%E2%80%A6"));
    }

    @Test
    void escapesAreNeverSplit() throws Exception {
        // every character is a 4-byte emoji (12 encoded characters): the cut must fall between two of them
        for (int subject = 0; subject < 40; subject++) {
            MailtoLinks.Link link = build(List.of("a@example.com"), "s".repeat(subject), "😀".repeat(400));
            String body = body(link.url());
            assertTrue(body.endsWith("…"));
            assertTrue(body.substring(0, body.length() - 1).chars().allMatch(c -> Character.isSurrogate((char) c)));
            assertEquals(0, (body.length() - 1) % 2);
        }
    }

    /** Properties over many random drafts: length, valid encoding, body a prefix of the original, nothing lost. */
    @Test
    void randomDraftsRespectTheLimitAndRoundTrip() throws Exception {
        Random random = new Random(6068);
        String alphabet = "aZ09 -._~!#$&'()*+,/:;=?@[]%\"<>\\^`{|}\t\r\n\u00e9\u00df\u20ac\u2014\u4e2d\ud83d\ude00\u0301";
        int truncated = 0;
        for (int round = 0; round < 2000; round++) {
            String subject = randomText(random, alphabet, random.nextInt(120));
            String body = randomText(random, alphabet, random.nextInt(random.nextBoolean() ? 200 : 3000));
            List<String> to = random.nextInt(4) == 0 ? List.of() : List.of("user" + round + "@example.com");
            MailtoLinks.Link link = build(to, subject, body);
            String url = link.url();
            assertTrue(url.length() <= MailtoLinks.DEFAULT_LIMIT, "round " + round);
            assertEquals(url.length(), link.length());
            assertTrue(URL_CHARS.matcher(url).matches(), url);
            Map<String, String> fields = fields(url);
            assertEquals(subject.replaceAll("[\\r\\n\\t]+", " "), fields.getOrDefault("subject", ""));
            String expected = body.replace("\r\n", "\n").replace('\r', '\n').replace("\n", "\r\n");
            String decodedBody = fields.getOrDefault("body", "");
            if (link.truncated()) {
                truncated++;
                assertTrue(decodedBody.isEmpty() || decodedBody.endsWith(MailtoLinks.MARKER));
                String kept = decodedBody.isEmpty() ? "" : decodedBody.substring(0, decodedBody.length() - 1);
                assertTrue(expected.startsWith(kept), "round " + round);
                assertFalse(kept.endsWith("\r"), "a line break was split");
            } else {
                assertEquals(expected, decodedBody);
            }
        }
        assertTrue(truncated > 100 && truncated < 1900, "both outcomes are exercised: " + truncated);
    }

    private static String randomText(Random random, String alphabet, int length) {
        StringBuilder text = new StringBuilder();
        int[] codePoints = alphabet.codePoints().toArray();
        for (int i = 0; i < length; i++) {
            text.appendCodePoint(codePoints[random.nextInt(codePoints.length)]);
        }
        return text.toString();
    }

    private static String body(String url) throws Exception {
        return fields(url).get("body");
    }

    /** The hfields of a mailto URL, strictly percent-decoded as UTF-8 (malformed escapes or UTF-8 fail). */
    private static Map<String, String> fields(String url) throws Exception {
        Map<String, String> fields = new LinkedHashMap<>();
        int query = url.indexOf('?');
        if (query < 0) {
            return fields;
        }
        for (String pair : url.substring(query + 1).split("&")) {
            String[] parts = pair.split("=", 2);
            fields.put(parts[0], decode(parts[1]));
        }
        return fields;
    }

    private static String decode(String text) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                bytes.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                bytes.write(c);
            }
        }
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
    }
}
