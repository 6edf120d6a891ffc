package dev.switchboard.secrets.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.secrets.SecretCipherException;
import dev.switchboard.secrets.SecretCipherException.Reason;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeyRingTest {

    private static final String K1 = Fakes.newKey();
    private static final String K2 = Fakes.newKey();

    @Test
    void parsesKeysAndTheActiveId() {
        KeyRing ring = KeyRing.parse(" k1:" + K1 + " , k2 : " + K2 + " ", "k2");

        assertEquals("k2", ring.activeKeyId());
        assertEquals(Set.of("k1", "k2"), ring.keyIds());
        assertEquals(32, ring.key("k1").getEncoded().length);
    }

    @Test
    void theOnlyKeyIsActiveWhenNoneIsNamed() {
        assertEquals("k1", KeyRing.parse("k1:" + K1, " ").activeKeyId());
    }

    @Test
    void blankKeysAreMissingAndNameTheSetting() {
        for (String keys : new String[] {null, "", "   ", " , "}) {
            SecretCipherException thrown = assertThrows(SecretCipherException.class, () -> KeyRing.parse(keys, "k1"));
            assertEquals(Reason.KEYS_MISSING, thrown.reason());
            assertEquals("secrets_key_missing", thrown.reason().code());
            assertTrue(thrown.getMessage().contains("keys"), thrown.getMessage());
            assertTrue(thrown.getMessage().contains("dev.switchboard.secrets.cfg"), thrown.getMessage());
        }
    }

    @Test
    void twoKeysWithoutAnActiveIdAreMissingTheActiveId() {
        SecretCipherException thrown = assertThrows(SecretCipherException.class,
                () -> KeyRing.parse("k1:" + K1 + ",k2:" + K2, ""));

        assertEquals(Reason.KEYS_MISSING, thrown.reason());
        assertTrue(thrown.getMessage().contains("activeKeyId"), thrown.getMessage());
    }

    @Test
    void malformedKeysAreInvalidAndNeverEchoTheMaterial() {
        String short16 = Base64.getEncoder().encodeToString(new byte[16]);
        String[][] cases = {
            {K1, null},                             // no id: the material itself
            {"k1:" + K1 + "," + K2, null},          // second entry without id
            {"k1:" + short16, "k1"},                // wrong length
            {"k1:%%%notbase64%%%", "k1"},           // not base64
            {"k1:" + K1 + ",k1:" + K2, "k1"},       // duplicate id
            {"bad id:" + K1, null},                 // id with a space
        };
        for (String[] c : cases) {
            SecretCipherException thrown = assertThrows(SecretCipherException.class, () -> KeyRing.parse(c[0], ""));
            assertEquals(Reason.KEYS_INVALID, thrown.reason(), c[0]);
            assertEquals(c[1], thrown.keyId());
            assertFalse(thrown.getMessage().contains(K1), thrown.getMessage());
            assertFalse(thrown.getMessage().contains(K2), thrown.getMessage());
            assertFalse(thrown.getMessage().contains(short16), thrown.getMessage());
            assertFalse(thrown.getMessage().contains("notbase64"), thrown.getMessage());
            assertTrue(thrown.getMessage().contains("32"), "names the expected form: " + thrown.getMessage());
        }
    }

    @Test
    void anActiveIdThatIsNotConfiguredIsInvalid() {
        SecretCipherException thrown = assertThrows(SecretCipherException.class, () -> KeyRing.parse("k1:" + K1, "k9"));

        assertEquals(Reason.KEYS_INVALID, thrown.reason());
        assertEquals("k9", thrown.keyId());
        assertTrue(thrown.getMessage().contains("activeKeyId"), thrown.getMessage());
    }

    @Test
    void anActiveIdThatLooksLikeKeyMaterialIsNotEchoed() {
        SecretCipherException thrown = assertThrows(SecretCipherException.class, () -> KeyRing.parse("k1:" + K1, K2));

        assertNull(thrown.keyId());
        assertFalse(thrown.getMessage().contains(K2));
    }
}
