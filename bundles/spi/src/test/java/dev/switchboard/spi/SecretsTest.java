package dev.switchboard.spi;

import dev.switchboard.spi.provider.CodeExchange;
import dev.switchboard.spi.provider.ProviderContext;
import dev.switchboard.spi.provider.TokenSet;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SecretsTest {

    private static final String TOKEN = "ghs_very-secret-token";
    private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");

    @Test
    void secretValueNeverPrintsItsValue() {
        SecretValue secret = SecretValue.of(TOKEN);

        assertEquals("***", secret.toString());
        assertEquals(TOKEN, secret.reveal());
    }

    @Test
    void secretValuesCompareByContent() {
        assertEquals(SecretValue.of(TOKEN), SecretValue.of(TOKEN));
        assertNotEquals(SecretValue.of(TOKEN), SecretValue.of(TOKEN + "x"));
        assertThrows(NullPointerException.class, () -> SecretValue.of(null));
    }

    @Test
    void accessTokenToStringRedactsTheToken() {
        String printed = AccessToken.bearer(TOKEN, NOW).toString();

        assertFalse(printed.contains(TOKEN), printed);
        assertTrue(printed.contains("Bearer"), printed);
    }

    @Test
    void accessTokenMustNotBeEmptyUnlessNone() {
        assertThrows(IllegalArgumentException.class, () -> AccessToken.bearer(""));
        assertTrue(AccessToken.NONE.isNone());
        assertFalse(AccessToken.bearer(TOKEN).isNone());
    }

    @Test
    void expiresWithinUsesTheMargin() {
        AccessToken token = AccessToken.bearer(TOKEN, NOW.plusSeconds(30));

        assertTrue(token.expiresWithin(Duration.ofMinutes(1), NOW));
        assertFalse(token.expiresWithin(Duration.ofSeconds(10), NOW));
        assertFalse(AccessToken.bearer(TOKEN).expiresWithin(Duration.ofDays(365), NOW));
    }

    @Test
    void tokenSetToStringShowsNeitherTokensNorExtraValues() {
        TokenSet tokens = new TokenSet(SecretValue.of(TOKEN), SecretValue.of("refresh-secret"), NOW,
                Set.of("repo"), Map.of("id_token", "jwt-secret"));

        String printed = tokens.toString();

        assertFalse(printed.contains(TOKEN), printed);
        assertFalse(printed.contains("refresh-secret"), printed);
        assertFalse(printed.contains("jwt-secret"), printed);
        assertTrue(printed.contains("id_token"), printed);
    }

    @Test
    void tokenSetCopiesItsCollectionsAndConvertsToBearer() {
        var scopes = new java.util.HashSet<>(Set.of("repo"));
        TokenSet tokens = new TokenSet(SecretValue.of(TOKEN), null, NOW, scopes, null);
        scopes.add("admin");

        assertEquals(Set.of("repo"), tokens.scopes());
        assertEquals(Map.of(), tokens.extra());
        assertEquals(AccessToken.bearer(TOKEN, NOW), tokens.toAccessToken());
    }

    @Test
    void providerContextDoesNotPrintConfigValues() {
        ProviderContext context = new ProviderContext("org-1", null, null,
                Map.of("clientSecret", "s3cr3t"), Clock.systemUTC());

        assertFalse(context.toString().contains("s3cr3t"), context.toString());
        assertThrows(IllegalArgumentException.class,
                () -> new ProviderContext(" ", null, null, Map.of(), Clock.systemUTC()));
    }

    @Test
    void codeExchangeHidesTheCode() {
        CodeExchange exchange = new CodeExchange(SecretValue.of("auth-code-123"), URI.create("https://sb.example/cb"), null);

        assertFalse(exchange.toString().contains("auth-code-123"), exchange.toString());
        assertThrows(IllegalArgumentException.class,
                () -> new CodeExchange(SecretValue.EMPTY, URI.create("https://sb.example/cb"), null));
    }
}
