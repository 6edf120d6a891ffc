package dev.switchboard.integrations.oauth2.internal;

import com.github.tomakehurst.wiremock.client.BasicCredentials;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import dev.switchboard.foundation.InvalidConfigurationException;
import dev.switchboard.integrations.oauth2.Queries;
import dev.switchboard.spi.AccessToken;
import dev.switchboard.spi.SecretValue;
import dev.switchboard.spi.provider.AuthKind;
import dev.switchboard.spi.provider.AuthorizeRequest;
import dev.switchboard.spi.provider.CodeExchange;
import dev.switchboard.spi.provider.OAuth2Settings;
import dev.switchboard.spi.provider.OAuthClient;
import dev.switchboard.spi.provider.ProviderContext;
import dev.switchboard.spi.provider.ProviderException;
import dev.switchboard.spi.provider.ProviderException.Reason;
import dev.switchboard.spi.provider.SkillVariable;
import dev.switchboard.spi.provider.TokenSet;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.verify;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@WireMockTest
class GenericOAuth2ProviderAdapterTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-01T12:00:00Z"), ZoneOffset.UTC);
    private static final OAuthClient CLIENT = new OAuthClient("cal-client", SecretValue.of("cal-secret"));
    private static final URI REDIRECT = URI.create("https://switchboard.example/callback");

    private static Map<String, Object> properties() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("id", "calendly");
        properties.put("displayName", "Calendly");
        properties.put("authorizeUrl", "https://auth.calendly.com/oauth/authorize");
        properties.put("tokenUrl", "https://auth.calendly.com/oauth/token");
        properties.put("scopes", "default, extra");
        properties.put("pkce", "true");
        properties.put("felix.fileinstall.filename",
                "file:/opt/switchboard/etc/dev.switchboard.integrations.oauth2-calendly.cfg");
        return properties;
    }

    private static ProviderContext context() {
        return new ProviderContext("org-1", null, null, Map.of(), CLOCK, CLIENT);
    }

    @Test
    void anInstanceIsConfiguredFromItsProperties() {
        GenericOAuth2ProviderAdapter adapter = new GenericOAuth2ProviderAdapter(properties());

        assertEquals("calendly", adapter.descriptor().id());
        assertEquals("Calendly", adapter.descriptor().displayName());
        assertEquals("calendly", adapter.service());
        assertEquals(AuthKind.OAUTH2, adapter.authKind());
        assertEquals(new OAuth2Settings(URI.create("https://auth.calendly.com/oauth/authorize"),
                URI.create("https://auth.calendly.com/oauth/token"), List.of("default", "extra"), true),
                adapter.oauth2().orElseThrow());
        assertEquals(Set.of("calendly"), adapter.satisfiedCapabilities());
        assertEquals(List.of(new SkillVariable("CALENDLY_ACCESS_TOKEN", "OAuth access token for Calendly", true)),
                adapter.skillVariables());
        assertEquals(Set.of(), adapter.metadataKinds());
    }

    @Test
    void serviceAndSeparatorAreConfigurable() throws ProviderException {
        Map<String, Object> properties = properties();
        properties.put("id", "acme-ats");
        properties.put("service", "acme");
        properties.remove("displayName");
        properties.put("scopes", new String[] {"jobs:read", "candidates:read"});
        properties.put("scopeSeparator", "comma");

        GenericOAuth2ProviderAdapter adapter = new GenericOAuth2ProviderAdapter(properties);
        Map<String, String> query = Queries.of(adapter.authorizeUrl(
                new AuthorizeRequest("st", REDIRECT, List.of(), "ch"), context()));

        assertEquals("acme", adapter.service());
        assertEquals("acme-ats", adapter.descriptor().displayName());
        assertEquals("jobs:read,candidates:read", query.get("scope"));
        assertEquals("ch", query.get("code_challenge"));
        assertEquals("cal-client", query.get("client_id"));
    }

    @Test
    void skillVariableIsTheAccessToken() {
        GenericOAuth2ProviderAdapter adapter = new GenericOAuth2ProviderAdapter(properties());

        assertEquals(Map.of("CALENDLY_ACCESS_TOKEN", SecretValue.of("at-1")),
                adapter.skillVariableValues(context(), AccessToken.bearer("at-1")));
    }

    @Test
    void exchangesCodesAtTheConfiguredTokenUrl(WireMockRuntimeInfo wireMock) throws ProviderException {
        stubFor(post("/token").willReturn(okJson("{\"access_token\": \"at-1\", \"refresh_token\": \"rt-1\"}")));
        Map<String, Object> properties = properties();
        properties.put("tokenUrl", wireMock.getHttpBaseUrl() + "/token");
        properties.put("clientAuth", "client_secret_basic");

        TokenSet tokens = new GenericOAuth2ProviderAdapter(properties).exchangeCode(
                new CodeExchange(SecretValue.of("code-1"), REDIRECT, SecretValue.of("verifier-1")), context());

        assertEquals("rt-1", tokens.refreshToken().reveal());
        verify(postRequestedFor(urlEqualTo("/token"))
                .withBasicAuth(new BasicCredentials("cal-client", "cal-secret"))
                .withFormParam("code_verifier", equalTo("verifier-1")));
    }

    @Test
    void withoutAnOAuthClientTheCallIsUnauthorized() {
        GenericOAuth2ProviderAdapter adapter = new GenericOAuth2ProviderAdapter(properties());
        ProviderContext noClient = new ProviderContext("org-1", null, null, Map.of(), CLOCK);

        ProviderException failure = assertThrows(ProviderException.class, () -> adapter.authorizeUrl(
                new AuthorizeRequest("st", REDIRECT, List.of(), null), noClient));

        assertEquals(Reason.UNAUTHORIZED, failure.reason());
    }

    @Test
    void aMissingRequiredKeyNamesTheFileTheKeyAndTheExpectedForm() {
        Map<String, Object> properties = properties();
        properties.remove("tokenUrl");

        InvalidConfigurationException failure = assertThrows(InvalidConfigurationException.class,
                () -> new GenericOAuth2ProviderAdapter(properties));

        assertEquals("tokenUrl", failure.key());
        assertEquals("dev.switchboard.integrations.oauth2-calendly", failure.pid());
        assertTrue(failure.getMessage().contains("etc/dev.switchboard.integrations.oauth2-calendly.cfg"));
        assertTrue(failure.getMessage().contains("absolute https URL"));
    }

    @Test
    void malformedValuesAreReportedWithTheirKey() {
        assertInvalid("id", "Calendly App", "lower-case");
        assertInvalid("authorizeUrl", "http://auth.calendly.com/authorize", "https");
        assertInvalid("revokeUrl", "not a url", "https");
        assertInvalid("pkce", "yes", "true or false");
        assertInvalid("clientAuth", "private_key_jwt", "client_secret_post or client_secret_basic");
        assertInvalid("scopeSeparator", "semicolon", "space or comma");
        assertInvalid("service", "9lives", "lower-case letter");
    }

    @Test
    void httpIsAcceptedForLocalhostOnly() {
        Map<String, Object> properties = properties();
        properties.put("tokenUrl", "http://localhost:8080/token");

        assertEquals(URI.create("http://localhost:8080/token"),
                new GenericOAuth2ProviderAdapter(properties).oauth2().orElseThrow().tokenUrl());
    }

    private static void assertInvalid(String key, String value, String expected) {
        Map<String, Object> properties = properties();
        properties.put(key, value);

        InvalidConfigurationException failure = assertThrows(InvalidConfigurationException.class,
                () -> new GenericOAuth2ProviderAdapter(properties), key);

        assertEquals(key, failure.key());
        assertTrue(failure.getMessage().contains(expected), failure.getMessage());
    }
}
