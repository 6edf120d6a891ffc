package dev.switchboard.secrets.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.secrets.Ciphertext;
import dev.switchboard.secrets.SecretCipherException;
import dev.switchboard.secrets.SecretCipherException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AesGcmCipherTest {

    private static final String PLANTED = "PLANTED-cipher-value-4f2a";
    private static final String K1 = Fakes.newKey();
    private static final String K2 = Fakes.newKey();

    private final AesGcmCipher cipher = Fakes.cipher("k1:" + K1, "k1");

    @Test
    void roundTripsTextAndBytes() {
        for (String value : new String[] {PLANTED, "", "ünïcødé ✓ 🔑", "line1\nline2", "x".repeat(70_000)}) {
            Ciphertext sealed = cipher.encrypt(value);
            assertEquals("k1", sealed.keyId());
            assertFalse(sealed.value().contains(value.isEmpty() ? "\u0000" : value));
            assertEquals(value, cipher.decryptToString(sealed));
        }
        byte[] binary = {0, 1, 2, (byte) 0xff, (byte) 0x80};
        assertArrayEquals(binary, cipher.decrypt(cipher.encrypt(binary)));
    }

    @Test
    void theLayoutIsNonceCiphertextAndTag() {
        byte[] raw = Base64.getDecoder().decode(cipher.encrypt("abc").value());

        assertEquals(12 + 3 + 16, raw.length);
    }

    @Test
    void everyEncryptionUsesAFreshNonce() {
        Set<String> nonces = new HashSet<>();
        Set<String> values = new HashSet<>();
        for (int i = 0; i < 2_000; i++) {
            String value = cipher.encrypt(PLANTED).value();
            values.add(value);
            nonces.add(Base64.getEncoder().encodeToString(Arrays.copyOf(Base64.getDecoder().decode(value), 12)));
        }
        assertEquals(2_000, values.size());
        assertEquals(2_000, nonces.size());
    }

    @Test
    void anyAlteredByteFailsTheTag() {
        Ciphertext sealed = cipher.encrypt(PLANTED);
        byte[] raw = Base64.getDecoder().decode(sealed.value());
        for (int index : new int[] {0, 11, 12, raw.length - 17, raw.length - 16, raw.length - 1}) {
            byte[] altered = raw.clone();
            altered[index] ^= 0x01;
            SecretCipherException thrown = assertThrows(SecretCipherException.class, () -> cipher.decrypt(
                    new Ciphertext("k1", Base64.getEncoder().encodeToString(altered))));
            assertEquals(Reason.TAG_MISMATCH, thrown.reason(), "byte " + index);
            assertFalse(thrown.getMessage().contains(PLANTED));
        }
    }

    @Test
    void aTruncatedOrNonBase64ValueIsMalformed() {
        assertEquals(Reason.MALFORMED, assertThrows(SecretCipherException.class,
                () -> cipher.decrypt(new Ciphertext("k1", "not base64 at all!"))).reason());
        assertEquals(Reason.MALFORMED, assertThrows(SecretCipherException.class,
                () -> cipher.decrypt(new Ciphertext("k1", "AAAA"))).reason());
    }

    @Test
    void anUnknownKeyIdFailsLoudlyNamingTheId() {
        Ciphertext sealed = Fakes.cipher("old:" + K2, "old").encrypt(PLANTED);

        SecretCipherException thrown = assertThrows(SecretCipherException.class, () -> cipher.decrypt(sealed));

        assertEquals(Reason.UNKNOWN_KEY_ID, thrown.reason());
        assertEquals("old", thrown.keyId());
        assertTrue(thrown.getMessage().contains("'old'"), thrown.getMessage());
        assertFalse(thrown.getMessage().contains(PLANTED));
        assertFalse(thrown.getMessage().contains(K1));
    }

    @Test
    void otherKeyMaterialUnderTheSameIdFailsTheTag() {
        Ciphertext sealed = cipher.encrypt(PLANTED);
        AesGcmCipher impostor = Fakes.cipher("k1:" + K2, "k1");

        SecretCipherException thrown = assertThrows(SecretCipherException.class, () -> impostor.decrypt(sealed));

        assertEquals(Reason.TAG_MISMATCH, thrown.reason());
        assertFalse(thrown.getMessage().contains(PLANTED));
        assertFalse(thrown.getMessage().contains(K2));
    }

    @Test
    void theKeyIdIsAuthenticated() {
        // the same key material under two ids: relabelling a ciphertext must not verify
        AesGcmCipher twoIds = Fakes.cipher("a:" + K1 + ",b:" + K1, "a");
        Ciphertext sealed = twoIds.encrypt(PLANTED);

        assertEquals(Reason.TAG_MISMATCH, assertThrows(SecretCipherException.class,
                () -> twoIds.decrypt(new Ciphertext("b", sealed.value()))).reason());
    }

    @Test
    void rotationKeepsOldValuesReadableAndReencryptsUnderTheActiveKey() {
        Ciphertext underK1 = cipher.encrypt(PLANTED);
        AesGcmCipher rotated = Fakes.cipher("k1:" + K1 + ",k2:" + K2, "k2");

        assertEquals("k2", rotated.activeKeyId());
        assertEquals(PLANTED, rotated.decryptToString(underK1));
        Ciphertext underK2 = rotated.reencrypt(underK1);
        assertEquals("k2", underK2.keyId());
        assertSame(underK2, rotated.reencrypt(underK2), "already under the active key");

        AesGcmCipher k2Only = Fakes.cipher("k2:" + K2, "k2");
        assertEquals(PLANTED, k2Only.decryptToString(underK2));
        assertEquals(Reason.UNKNOWN_KEY_ID, assertThrows(SecretCipherException.class,
                () -> k2Only.decrypt(underK1)).reason());
    }

    @Test
    void ciphertextsDoNotPrintTheirValue() {
        Ciphertext sealed = cipher.encrypt(PLANTED);

        assertEquals("Ciphertext[keyId=k1]", sealed.toString());
        assertNotEquals(PLANTED.getBytes(StandardCharsets.UTF_8).length, sealed.value().length());
    }
}
