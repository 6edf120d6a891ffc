package dev.switchboard.identity.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.foundation.InvalidConfigurationException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServiceTokensTest {

    @Test
    void matchesATokenByTheConfiguredHash() {
        ServiceTokens tokens = ServiceTokens.parse("deployer:" + Tokens.hash("first-secret") + ", backup:"
                + Tokens.hash("second-secret"));

        assertEquals(Optional.of("deployer"), tokens.match("first-secret"));
        assertEquals(Optional.of("backup"), tokens.match("second-secret"));
        assertEquals(Optional.empty(), tokens.match("third-secret"));
        assertEquals(Optional.empty(), tokens.match(Tokens.hash("first-secret")), "the hash is not the token");
    }

    @Test
    void nothingConfiguredMatchesNothing() {
        assertEquals(Optional.empty(), ServiceTokens.parse(null).match("anything"));
        assertEquals(Optional.empty(), ServiceTokens.parse(" , ").match("anything"));
    }

    @Test
    void aPlainTokenInTheConfigurationIsRefusedWithoutEchoingIt() {
        String plain = "plain-token-that-should-have-been-hashed";

        InvalidConfigurationException error = assertThrows(InvalidConfigurationException.class,
                () -> ServiceTokens.parse("deployer:" + plain));

        assertFalse(error.getMessage().contains(plain), error.getMessage());
        assertTrue(error.getMessage().contains("serviceTokens"), error.getMessage());
    }
}
