package dev.switchboard.integrations.github.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.switchboard.integrations.github.TestKeys;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AppJwtTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void claimsAreBackdatedIssuedAtNineMinuteExpiryAndNumericIssuer() throws Exception {
        String jwt = AppJwt.create("123456", TestKeys.PAIR.getPrivate(), NOW);

        Map<String, Object> claims = TestKeys.verifiedClaims(jwt, TestKeys.PAIR.getPublic());

        assertEquals(NOW.getEpochSecond() - 60, ((Number) claims.get("iat")).longValue());
        assertEquals(NOW.getEpochSecond() + 540, ((Number) claims.get("exp")).longValue());
        assertEquals(123456, claims.get("iss"));
        assertEquals(3, claims.size());
    }

    @Test
    void clientIdIssuerIsAString() throws Exception {
        String jwt = AppJwt.create("Iv23liAbC.d-e_f", TestKeys.PAIR.getPrivate(), NOW);

        assertEquals("Iv23liAbC.d-e_f", TestKeys.verifiedClaims(jwt, TestKeys.PAIR.getPublic()).get("iss"));
    }

    @Test
    void aSignatureFromAnotherKeyDoesNotVerify() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String jwt = AppJwt.create("1", generator.generateKeyPair().getPrivate(), NOW);

        assertThrows(AssertionError.class, () -> TestKeys.verifiedClaims(jwt, TestKeys.PAIR.getPublic()));
    }
}
