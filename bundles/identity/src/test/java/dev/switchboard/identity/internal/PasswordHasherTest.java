package dev.switchboard.identity.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordHasherTest {

    private static final String PASSWORD = "correct horse battery staple";
    private final PasswordHasher hasher = new PasswordHasher();

    @Test
    void hashIsArgon2idInPhcFormatWithOwaspParameters() {
        String hash = hasher.hash(PASSWORD);

        assertTrue(hash.matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}"), hash);
        assertFalse(hash.contains(PASSWORD));
        String[] parts = hash.split("\\$");
        assertEquals(16, Base64.getDecoder().decode(parts[4]).length, "salt bytes");
        assertEquals(32, Base64.getDecoder().decode(parts[5]).length, "hash bytes");
    }

    @Test
    void verifiesTheRightPasswordOnly() {
        String hash = hasher.hash(PASSWORD);

        assertTrue(hasher.verify(PASSWORD, hash));
        assertFalse(hasher.verify("correct horse battery stapl", hash));
        assertFalse(hasher.verify(PASSWORD.toUpperCase(), hash));
        assertFalse(hasher.verify("", hash));
        assertFalse(hasher.verify(null, hash));
    }

    @Test
    void eachHashHasItsOwnSalt() {
        String first = hasher.hash(PASSWORD);
        String second = hasher.hash(PASSWORD);

        assertNotEquals(first.split("\\$")[4], second.split("\\$")[4]);
        assertNotEquals(first, second);
        assertTrue(hasher.verify(PASSWORD, first));
        assertTrue(hasher.verify(PASSWORD, second));
    }

    @Test
    void theCostParametersAreBoundIntoTheHash() {
        String hash = hasher.hash(PASSWORD);
        String[] parts = hash.split("\\$");
        String tampered = "$argon2id$v=19$m=8192,t=2,p=1$" + parts[4] + "$" + parts[5];

        assertFalse(hasher.verify(PASSWORD, tampered), "other memory cost must derive another hash");
    }

    @Test
    void aFlippedHashByteDoesNotVerify() {
        String hash = hasher.hash(PASSWORD);
        String[] parts = hash.split("\\$");
        byte[] digest = Base64.getDecoder().decode(parts[5]);
        digest[0] ^= 1;
        String tampered = "$argon2id$v=19$m=19456,t=2,p=1$" + parts[4] + "$"
                + Base64.getEncoder().withoutPadding().encodeToString(digest);

        assertFalse(hasher.verify(PASSWORD, tampered));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "plain-text-password",
        "$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",
        "$2a$10$abcdefghijklmnopqrstuu5rz3n1X0cJ8m3Yy1VtA7Q9mJ9iFq0u",
        "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA",
        "$argon2id$v=19$m=abc,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",
        "$argon2id$v=19$m=19456,t=2,p=1,x=3$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",
        "$argon2id$v=19$m=19456,t=2,p=1$not base64!$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",
        "$argon2id$v=19$m,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",
        "$argon2id$v=19$t=2$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",
        "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$",
        "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$YWI",
        "$argon2id$v=19$m=-1,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",
    })
    void aGarbledHashIsNoMatchAndNoError(String garbled) {
        assertFalse(hasher.verify(PASSWORD, garbled));
    }

    @Test
    void aMissingHashIsNoMatch() {
        assertFalse(hasher.verify(PASSWORD, null));
    }
}
