package dev.switchboard.spi.provider;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProviderTypesTest {

    private static final URI CALLBACK = URI.create("https://switchboard.example/oauth/callback");

    @Test
    void oauth2SettingsRequireAbsoluteUrlsAndCopyScopes() {
        List<String> scopes = new ArrayList<>(List.of("read", "write"));
        OAuth2Settings settings = new OAuth2Settings(URI.create("https://linear.app/oauth/authorize"),
                URI.create("https://api.linear.app/oauth/token"), scopes, true);
        scopes.clear();

        assertEquals(List.of("read", "write"), settings.defaultScopes());
        assertThrows(IllegalArgumentException.class,
                () -> new OAuth2Settings(URI.create("/authorize"), URI.create("https://x/token"), null, false));
    }

    @Test
    void authorizeRequestNeedsStateAndAbsoluteRedirect() {
        assertThrows(IllegalArgumentException.class, () -> new AuthorizeRequest("", CALLBACK, null, null));
        assertThrows(IllegalArgumentException.class,
                () -> new AuthorizeRequest("state", URI.create("/callback"), null, null));
        assertThrows(IllegalArgumentException.class, () -> new AuthorizeRequest("state", CALLBACK, null, " "));
        assertEquals(List.of(), new AuthorizeRequest("state", CALLBACK, null, null).scopes());
    }

    @Test
    void skillVariableNamesAreUpperSnake() {
        assertEquals("ATS_TOKEN", new SkillVariable("ATS_TOKEN", null, true).name());
        assertThrows(IllegalArgumentException.class, () -> new SkillVariable("ats_token", "", true));
        assertThrows(IllegalArgumentException.class, () -> new SkillVariable("1TOKEN", "", true));
    }

    @Test
    void invalidGrantMeansReconnect() {
        assertTrue(ProviderException.of(ProviderException.Reason.INVALID_GRANT, "refresh token revoked")
                .reconnectRequired());
        assertFalse(ProviderException.of(ProviderException.Reason.UNAVAILABLE, "timeout").reconnectRequired());
    }

    @Test
    void rateLimitedCarriesRetryAfter() {
        ProviderException failure = ProviderException.rateLimited(Duration.ofSeconds(42));

        assertEquals(ProviderException.Reason.RATE_LIMITED, failure.reason());
        assertEquals(Duration.ofSeconds(42), failure.retryAfter().orElseThrow());
        assertTrue(ProviderException.unsupported("refresh").retryAfter().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> ProviderException.rateLimited(Duration.ofSeconds(-1)));
    }

    @Test
    void lifecycleEventNeedsAConnection() {
        assertThrows(IllegalArgumentException.class, () -> new LifecycleEvent(" ", IntegrationStatus.DELETED));
        assertThrows(NullPointerException.class, () -> new LifecycleEvent("123", null));
    }
}
