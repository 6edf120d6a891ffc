package dev.switchboard.actions.internal;

import dev.switchboard.secrets.Ciphertext;
import dev.switchboard.secrets.SecretCipher;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** A real AES-GCM cipher with a fixed test key, standing in for the secrets bundle's configured one. */
final class TestCipher implements SecretCipher {

    private final SecretKeySpec key = new SecretKeySpec("actions-test-key-of-32-bytes!!!!".getBytes(), "AES");
    private final SecureRandom random = new SecureRandom();

    @Override
    public Ciphertext encrypt(byte[] plaintext) {
        try {
            byte[] nonce = new byte[12];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            byte[] sealed = cipher.doFinal(plaintext);
            return new Ciphertext("test", Base64.getEncoder().encodeToString(
                    ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public byte[] decrypt(Ciphertext ciphertext) {
        try {
            byte[] all = Base64.getDecoder().decode(ciphertext.value());
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, all, 0, 12));
            return cipher.doFinal(all, 12, all.length - 12);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String activeKeyId() {
        return "test";
    }
}
