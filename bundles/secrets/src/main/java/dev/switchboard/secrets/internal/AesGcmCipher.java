package dev.switchboard.secrets.internal;

import dev.switchboard.secrets.Ciphertext;
import dev.switchboard.secrets.SecretCipher;
import dev.switchboard.secrets.SecretCipherException;
import dev.switchboard.secrets.SecretCipherException.Reason;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * The JDK's AES/GCM/NoPadding over one {@link KeyRing}. The key id is bound to the ciphertext as
 * additional authenticated data, so a ciphertext relabelled with another key id does not verify.
 */
final class AesGcmCipher implements SecretCipher {

    static final String TRANSFORMATION = "AES/GCM/NoPadding";
    static final int NONCE_BYTES = 12;
    static final int TAG_BITS = 128;

    private final KeyRing keys;
    private final SecureRandom random;

    AesGcmCipher(KeyRing keys, SecureRandom random) {
        this.keys = keys;
        this.random = random;
    }

    @Override
    public Ciphertext encrypt(byte[] plaintext) {
        Objects.requireNonNull(plaintext, "plaintext");
        String keyId = keys.activeKeyId();
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, keys.key(keyId), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad(keyId));
            byte[] sealed = cipher.doFinal(plaintext);
            byte[] out = ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
            return new Ciphertext(keyId, Base64.getEncoder().encodeToString(out));
        } catch (GeneralSecurityException e) {
            // AES-GCM is mandatory in every JDK: this is a broken runtime, not bad input
            throw new IllegalStateException("AES-GCM encryption failed under key '" + keyId + "': "
                    + e.getClass().getSimpleName(), e);
        }
    }

    @Override
    public byte[] decrypt(Ciphertext ciphertext) {
        Objects.requireNonNull(ciphertext, "ciphertext");
        String keyId = ciphertext.keyId();
        SecretKey key = keys.key(keyId);
        if (key == null) {
            throw new SecretCipherException(Reason.UNKNOWN_KEY_ID, keyId, "cannot decrypt: key id '" + keyId
                    + "' is not configured in etc/" + KeyRing.PID + ".cfg " + KeyRing.KEYS + " (configured: "
                    + keys.keyIds() + ")");
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(ciphertext.value());
        } catch (IllegalArgumentException e) {
            throw malformed(keyId);
        }
        if (raw.length < NONCE_BYTES + TAG_BITS / 8) {
            throw malformed(keyId);
        }
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, raw, 0, NONCE_BYTES));
            cipher.updateAAD(aad(keyId));
            return cipher.doFinal(raw, NONCE_BYTES, raw.length - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new SecretCipherException(Reason.TAG_MISMATCH, keyId, "cannot decrypt under key '" + keyId
                    + "': the authentication tag does not verify (wrong key material or altered ciphertext)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed under key '" + keyId + "': "
                    + e.getClass().getSimpleName(), e);
        }
    }

    @Override
    public String activeKeyId() {
        return keys.activeKeyId();
    }

    private static byte[] aad(String keyId) {
        return keyId.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static SecretCipherException malformed(String keyId) {
        return new SecretCipherException(Reason.MALFORMED, keyId, "cannot decrypt under key '" + keyId
                + "': the stored value is not base64 of nonce, ciphertext and tag");
    }
}
