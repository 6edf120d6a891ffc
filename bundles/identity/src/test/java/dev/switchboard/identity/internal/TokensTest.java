package dev.switchboard.identity.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokensTest {

    @Test
    void aTokenIsItsPrefixAnd32RandomBytes() {
        String token = Tokens.generate(Tokens.API_KEY);

        assertTrue(token.matches("sbk_[A-Za-z0-9_-]{43}"), token);
    }

    @Test
    void tokensDoNotRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            assertTrue(seen.add(Tokens.generate(Tokens.SESSION_TOKEN)));
        }
    }

    @Test
    void theHashIsSha256HexOfTheWholeToken() throws Exception {
        String token = Tokens.generate(Tokens.CONSOLE_SESSION);
        String expected = HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));

        assertEquals(expected, Tokens.hash(token));
        assertNotEquals(Tokens.hash(token), Tokens.hash(token + "x"));
    }

    @Test
    void theVisiblePrefixKeepsTheKindAndEightCharactersOnly() {
        String key = Tokens.generate(Tokens.API_KEY);

        assertEquals(key.substring(0, 12), Tokens.visiblePrefix(key));
        assertEquals("sbk_ab", Tokens.visiblePrefix("sbk_ab"));
    }
}
