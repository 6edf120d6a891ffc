package dev.switchboard.integrations.github.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.spi.SecretValue;
import dev.switchboard.spi.provider.ProviderException;
import dev.switchboard.spi.provider.ProviderException.Reason;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GitHubSettingsTest {

    @Test
    void defaultsWithoutConfiguration() throws ProviderException {
        GitHubSettings settings = GitHubSettings.merge(Map.of(), Map.of());

        assertEquals(URI.create("https://api.github.com"), settings.apiBaseUrl());
        assertEquals(URI.create("https://github.com"), settings.webBaseUrl());
        assertEquals(List.of("repo", "read:org"), settings.scopes());
        assertNull(settings.appId());
        assertFalse(settings.appConfigured());
    }

    @Test
    void contextOverridesComponentWhichOverridesDefaults() throws ProviderException {
        Map<String, Object> component = Map.of("apiBaseUrl", "https://ghe.example.com/api/v3/", "appId", "1",
                "privateKey", "component-key", "slug", "component-app");
        Map<String, Object> context = Map.of("appId", 42, "slug", " ", "scopes", List.of("repo"));

        GitHubSettings settings = GitHubSettings.merge(component, context);

        assertEquals(URI.create("https://ghe.example.com/api/v3"), settings.apiBaseUrl());
        assertEquals(URI.create("https://ghe.example.com/api/v3/app"), settings.api("/app"));
        assertEquals("42", settings.appId());
        assertEquals("component-key", settings.privateKey().reveal());
        assertEquals("component-app", settings.slug(), "a blank context value falls through");
        assertEquals(List.of("repo"), settings.scopes());
        assertTrue(settings.appConfigured());
    }

    @Test
    void blankComponentValuesFromUnsetEnvironmentVariablesCountAsUnset() throws ProviderException {
        GitHubSettings settings = GitHubSettings.merge(
                Map.of("appId", "", "privateKey", "", "webhookSecret", "", "scopes", "repo, gist"), Map.of());

        assertNull(settings.appId());
        assertTrue(settings.privateKey().isEmpty());
        assertEquals(List.of("repo", "gist"), settings.scopes());
    }

    @Test
    void secretValuesInTheContextAreAccepted() throws ProviderException {
        GitHubSettings settings = GitHubSettings.merge(Map.of(), Map.of("webhookSecret", SecretValue.of("s3cret")));

        assertEquals("s3cret", settings.webhookSecret().reveal());
    }

    @Test
    void malformedValuesFailWithTheKeyAndNotTheValue() {
        for (Map<String, Object> bad : List.<Map<String, Object>>of(Map.of("apiBaseUrl", "ftp://x"),
                Map.of("webBaseUrl", "not a url"), Map.of("apiBaseUrl", "https://x/?q=1"),
                Map.of("appId", "1\",\"admin\":true"), Map.of("slug", "../evil"))) {
            ProviderException failure = assertThrows(ProviderException.class, () -> GitHubSettings.merge(bad, Map.of()));
            assertEquals(Reason.BAD_RESPONSE, failure.reason());
            String key = bad.keySet().iterator().next();
            assertTrue(failure.getMessage().contains(key), failure.getMessage());
            assertFalse(failure.getMessage().contains(String.valueOf(bad.get(key))), failure.getMessage());
        }
    }

    @Test
    void toStringHidesSecrets() throws ProviderException {
        String text = GitHubSettings.merge(Map.of("privateKey", "PEM-BODY", "webhookSecret", "hook-secret"), Map.of())
                .toString();

        assertFalse(text.contains("PEM-BODY"));
        assertFalse(text.contains("hook-secret"));
        assertTrue(text.contains("privateKey=***"));
    }

    @Test
    void onlyTheApiOriginCountsAsSameOrigin() throws ProviderException {
        GitHubSettings settings = GitHubSettings.merge(Map.of("apiBaseUrl", "https://ghe.example.com/api/v3"), Map.of());

        assertTrue(settings.sameOriginAsApi(URI.create("https://ghe.example.com/api/v3/installation/repositories?page=2")));
        assertFalse(settings.sameOriginAsApi(URI.create("https://evil.example.com/api/v3/x")));
        assertFalse(settings.sameOriginAsApi(URI.create("http://ghe.example.com/api/v3/x")));
        assertFalse(settings.sameOriginAsApi(URI.create("https://ghe.example.com:8443/api/v3/x")));
        assertFalse(settings.sameOriginAsApi(URI.create("https://ghe.example.com/other")));
    }
}
