package dev.switchboard.integrations.oauth2;

import dev.switchboard.spi.provider.ProviderException;
import dev.switchboard.spi.provider.ProviderException.Reason;
import org.junit.jupiter.api.Test;

import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ProviderHttpTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-01T12:00:00Z"), ZoneOffset.UTC);

    private static ProviderHttp.Response response(int status, Map<String, List<String>> headers, String body) {
        return new ProviderHttp.Response(status, HttpHeaders.of(headers, (name, value) -> true), body);
    }

    @Test
    void retryAfterReadsSecondsAndHttpDates() {
        assertEquals(Optional.of(Duration.ofSeconds(30)),
                ProviderHttp.retryAfter(response(429, Map.of("Retry-After", List.of("30")), "").headers(), CLOCK));
        assertEquals(Optional.of(Duration.ofSeconds(90)), ProviderHttp.retryAfter(response(429,
                Map.of("Retry-After", List.of("Wed, 01 Jan 2025 12:01:30 GMT")), "").headers(), CLOCK));
        assertEquals(Optional.of(Duration.ZERO), ProviderHttp.retryAfter(response(429,
                Map.of("Retry-After", List.of("Wed, 01 Jan 2025 11:00:00 GMT")), "").headers(), CLOCK));
        assertEquals(Optional.empty(), ProviderHttp.retryAfter(response(429,
                Map.of("Retry-After", List.of("soon")), "").headers(), CLOCK));
    }

    @Test
    void statusesMapToReasons() {
        assertEquals(Reason.UNAUTHORIZED, ProviderHttp.failure(response(401, Map.of(), ""), CLOCK, "call").reason());
        assertEquals(Reason.UNAUTHORIZED, ProviderHttp.failure(response(403, Map.of(), ""), CLOCK, "call").reason());
        assertEquals(Reason.UNAVAILABLE, ProviderHttp.failure(response(502, Map.of(), ""), CLOCK, "call").reason());
        assertEquals(Reason.BAD_RESPONSE, ProviderHttp.failure(response(404, Map.of(), ""), CLOCK, "call").reason());
        ProviderException limited = ProviderHttp.failure(response(429, Map.of(), ""), CLOCK, "call");
        assertEquals(Reason.RATE_LIMITED, limited.reason());
        assertEquals(Optional.of(ProviderHttp.DEFAULT_RETRY_AFTER), limited.retryAfter());
    }

    @Test
    void malformedJsonIsBadResponseWithoutTheBody() {
        ProviderException failure = assertThrows(ProviderException.class,
                () -> ProviderHttp.expectJson(response(200, Map.of(), "{\"secret\": oops"), CLOCK, "call"));

        assertEquals(Reason.BAD_RESPONSE, failure.reason());
        assertFalse(failure.getMessage().contains("oops"));
    }

    @Test
    void responseToStringLeavesTheBodyOut() {
        assertFalse(response(200, Map.of(), "{\"access_token\":\"tok-123\"}").toString().contains("tok-123"));
    }

    @Test
    void requestTimeoutAboveThirtySecondsIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new ProviderHttp(java.net.http.HttpClient.newHttpClient(), Duration.ofSeconds(31)));
    }
}
