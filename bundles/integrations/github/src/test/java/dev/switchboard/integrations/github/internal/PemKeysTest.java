package dev.switchboard.integrations.github.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.switchboard.integrations.github.TestKeys;
import java.security.GeneralSecurityException;
import java.security.interfaces.RSAPrivateKey;
import org.junit.jupiter.api.Test;

class PemKeysTest {

    @Test
    void readsPkcs8() throws Exception {
        RSAPrivateKey key = PemKeys.rsaPrivateKey(TestKeys.PKCS8_PEM);

        assertArrayEquals(TestKeys.PAIR.getPrivate().getEncoded(), key.getEncoded());
    }

    @Test
    void readsPkcs1AsGitHubDownloadsIt() throws Exception {
        RSAPrivateKey key = PemKeys.rsaPrivateKey(TestKeys.PKCS1_PEM);

        assertArrayEquals(TestKeys.PAIR.getPrivate().getEncoded(), key.getEncoded());
    }

    @Test
    void readsPemWithEscapedNewlinesAndCrLf() throws Exception {
        String escaped = TestKeys.PKCS1_PEM.replace("\n", "\\n");
        String crlf = TestKeys.PKCS8_PEM.replace("\n", "\r\n");

        assertArrayEquals(TestKeys.PAIR.getPrivate().getEncoded(), PemKeys.rsaPrivateKey(escaped).getEncoded());
        assertArrayEquals(TestKeys.PAIR.getPrivate().getEncoded(), PemKeys.rsaPrivateKey(crlf).getEncoded());
    }

    @Test
    void rejectsOtherPemWithoutQuotingIt() {
        String encrypted = TestKeys.pem("ENCRYPTED PRIVATE KEY", TestKeys.PAIR.getPrivate().getEncoded());
        String corrupt = TestKeys.PKCS1_PEM.replace(TestKeys.keyBody(TestKeys.PKCS1_PEM), "AAAA");

        for (String pem : new String[] {encrypted, corrupt, "not a key", TestKeys.PKCS8_PEM.replace("-----END", "")}) {
            GeneralSecurityException failure = assertThrows(GeneralSecurityException.class,
                    () -> PemKeys.rsaPrivateKey(pem));
            assertFalse(failure.getMessage().contains(TestKeys.keyBody(TestKeys.PKCS8_PEM)));
        }
    }

    @Test
    void encodesDerLengths() {
        assertArrayEquals(new byte[] {0x7f}, PemKeys.derLength(127));
        assertArrayEquals(new byte[] {(byte) 0x81, (byte) 0x80}, PemKeys.derLength(128));
        assertArrayEquals(new byte[] {(byte) 0x82, 0x04, (byte) 0xa6}, PemKeys.derLength(1190));
        assertArrayEquals(new byte[] {(byte) 0x83, 0x01, 0x00, 0x00}, PemKeys.derLength(65536));
    }

    @Test
    void wrapsPkcs1IntoThePkcs8TheJdkWrites() {
        byte[] pkcs8 = TestKeys.PAIR.getPrivate().getEncoded();

        assertEquals(pkcs8.length, PemKeys.pkcs1ToPkcs8(TestKeys.pkcs1(pkcs8)).length);
        assertArrayEquals(pkcs8, PemKeys.pkcs1ToPkcs8(TestKeys.pkcs1(pkcs8)));
    }
}
