package dev.switchboard.secrets.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.secrets.Ciphertext;
import dev.switchboard.secrets.SecretCipher;
import dev.switchboard.secrets.SecretCipherException;
import dev.switchboard.secrets.SecretCipherException.Reason;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfiguredSecretCipherTest {

    private static final String K1 = Fakes.newKey();
    private static final String K2 = Fakes.newKey();

    @Test
    void withoutConfigurationEveryCallFailsWithKeysMissing() throws Exception {
        ConfiguredSecretCipher cipher = new ConfiguredSecretCipher(Map.of("keys", "", "activeKeyId", ""));

        assertEquals(Reason.KEYS_MISSING, assertThrows(SecretCipherException.class, () -> cipher.encrypt("x")).reason());
        assertEquals(Reason.KEYS_MISSING, assertThrows(SecretCipherException.class, cipher::activeKeyId).reason());
        assertEquals(Reason.KEYS_MISSING, assertThrows(SecretCipherException.class,
                () -> cipher.decrypt(new Ciphertext("k1", "AAAA"))).reason());
        assertTrue(LogFile.read().lines().anyMatch(line -> line.contains("ERROR")
                && line.contains("secrets_key_missing") && line.contains("dev.switchboard.secrets.cfg keys is empty")));
    }

    @Test
    void aMalformedKeyIsLoggedOnceByIdNeverByValue() throws Exception {
        String material = "c2hvcnQta2V5LW1hdGVyaWFs"; // 18 bytes
        ConfiguredSecretCipher cipher = new ConfiguredSecretCipher(Map.of("keys", "rotated-7:" + material));

        SecretCipherException thrown = assertThrows(SecretCipherException.class, cipher::snapshot);

        assertEquals(Reason.KEYS_INVALID, thrown.reason());
        String log = LogFile.read();
        assertTrue(log.lines().anyMatch(line -> line.contains("ERROR") && line.contains("secrets_key_invalid")
                && line.contains("'rotated-7'") && line.contains("32")), log);
        assertFalse(log.contains(material));
        assertFalse(thrown.getMessage().contains(material));
    }

    @Test
    void aNewConfigurationAppliesAtOnceAndOldValuesStayReadable() {
        ConfiguredSecretCipher cipher = new ConfiguredSecretCipher(Map.of("keys", "k1:" + K1, "activeKeyId", "k1"));
        Ciphertext underK1 = cipher.encrypt("value");
        SecretCipher before = cipher.snapshot();

        cipher.modified(Map.of("keys", "k1:" + K1 + ",k2:" + K2, "activeKeyId", "k2"));

        assertEquals("k2", cipher.activeKeyId());
        assertEquals("k2", cipher.encrypt("value").keyId());
        assertEquals("value", cipher.decryptToString(underK1));
        assertEquals("k1", before.activeKeyId(), "a snapshot keeps its keys");

        cipher.modified(Map.of("keys", "broken"));
        assertEquals(Reason.KEYS_INVALID, assertThrows(SecretCipherException.class, () -> cipher.encrypt("v")).reason());
    }
}
