package dev.switchboard.spi;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WebhookRequestTest {

    private static final byte[] BODY = "{\"action\":\"opened\"}".getBytes(StandardCharsets.UTF_8);

    private static WebhookRequest request(byte[] body) {
        return new WebhookRequest(body, Map.of("X-Hub-Signature-256", List.of("sha256=abc")), "/t_1",
                Map.of("token", List.of("q")));
    }

    @Test
    void headersAreCaseInsensitive() {
        WebhookRequest request = request(BODY);

        assertEquals(Optional.of("sha256=abc"), request.header("x-hub-signature-256"));
        assertEquals(Optional.of("sha256=abc"), request.header("X-HUB-SIGNATURE-256"));
        assertEquals(Optional.empty(), request.header("Linear-Signature"));
        assertEquals(Optional.of("q"), request.queryParameter("token"));
    }

    @Test
    void bodyIsCopiedInAndOut() {
        byte[] body = BODY.clone();
        WebhookRequest request = request(body);
        body[0] = 'X';
        request.body()[1] = 'Y';

        assertArrayEquals(BODY, request.body());
        assertEquals("{\"action\":\"opened\"}", request.bodyAsString());
    }

    @Test
    void equalityComparesBodyContent() {
        assertEquals(request(BODY.clone()), request(BODY.clone()));
        assertEquals(request(BODY.clone()).hashCode(), request(BODY.clone()).hashCode());
    }

    @Test
    void toStringOmitsBodyAndHeaderValues() {
        String printed = request(BODY).toString();

        assertFalse(printed.contains("opened"), printed);
        assertFalse(printed.contains("sha256=abc"), printed);
        assertTrue(printed.contains("/t_1"), printed);
    }

    @Test
    void missingPartsBecomeEmpty() {
        WebhookRequest request = new WebhookRequest(null, null, null, null);

        assertEquals(0, request.body().length);
        assertTrue(request.headers().isEmpty());
        assertEquals("", request.path());
    }
}
