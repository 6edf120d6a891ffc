package dev.switchboard.integrations.calendar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.rest.ApiProblem;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code POST /api/v1/mailto}: the link, and bad input as 400 problems with stable codes and the field. */
class MailtoResourceTest {

    private final MailtoResource resource = new MailtoResource();

    @Test
    void answersTheLinkItsLengthAndWhetherItWasShortened() {
        MailtoResource.MailtoResponse response = resource.create(new MailtoResource.MailtoRequest(
                List.of("jane@example.com"), null, null, "Hello there", "Line 1\nLine 2"));
        assertEquals("mailto:jane@example.com?subject=Hello%20there&body=Line%201%0D%0ALine%202", response.url());
        assertEquals(response.url().length(), response.length());
        assertEquals(false, response.truncated());
        MailtoResource.MailtoResponse longOne = resource.create(new MailtoResource.MailtoRequest(
                List.of("jane@example.com"), null, null, "Hi", "x".repeat(5000)));
        assertTrue(longOne.truncated());
        assertTrue(longOne.length() <= 2000);
    }

    @Test
    void badInputIsA400WithACodeAndTheField() {
        ApiProblem address = assertThrows(ApiProblem.class, () -> resource.create(new MailtoResource.MailtoRequest(
                List.of("jane@example.com"), List.of("not an address"), null, null, null)));
        assertEquals(400, address.status());
        assertEquals("mailto_address_invalid", address.code());
        assertEquals("cc", address.errors().get(0).field());
        ApiProblem tooLong = assertThrows(ApiProblem.class, () -> resource.create(new MailtoResource.MailtoRequest(
                null, null, null, "s".repeat(2100), null)));
        assertEquals("mailto_too_long", tooLong.code());
        assertEquals("invalid_body", assertThrows(ApiProblem.class, () -> resource.create(null)).code());
    }
}
