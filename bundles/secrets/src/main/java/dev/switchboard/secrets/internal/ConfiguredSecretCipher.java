package dev.switchboard.secrets.internal;

import dev.switchboard.foundation.ConfigValues;
import dev.switchboard.secrets.Ciphertext;
import dev.switchboard.secrets.SecretCipher;
import dev.switchboard.secrets.SecretCipherException;
import java.security.SecureRandom;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link SecretCipher} service, configured from {@code etc/dev.switchboard.secrets.cfg}. Always
 * registered; without usable keys every call fails with {@code KEYS_MISSING}/{@code KEYS_INVALID}, and
 * one ERROR line says what to fix. A changed configuration (a new active key) applies at once.
 */
@Component(service = {SecretCipher.class, ConfiguredSecretCipher.class}, configurationPid = KeyRing.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public class ConfiguredSecretCipher implements SecretCipher {

    private static final Logger LOG = LoggerFactory.getLogger(ConfiguredSecretCipher.class);

    private final SecureRandom random = new SecureRandom();
    private volatile SecretCipher current;
    private volatile SecretCipherException problem;

    @Activate
    public ConfiguredSecretCipher(Map<String, Object> properties) {
        configure(properties);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        configure(properties);
    }

    private void configure(Map<String, Object> properties) {
        ConfigValues config = new ConfigValues(KeyRing.PID, properties);
        try {
            KeyRing ring = KeyRing.parse(config.stringValue(KeyRing.KEYS, ""),
                    config.stringValue(KeyRing.ACTIVE_KEY_ID, ""));
            current = new AesGcmCipher(ring, random);
            problem = null;
            LOG.info("secrets encryption keys configured: active key id '{}', {} key(s)", ring.activeKeyId(),
                    ring.keyIds().size());
        } catch (SecretCipherException e) {
            current = null;
            problem = e;
            LOG.error("secrets are unusable ({}): {}", e.reason().code(), e.getMessage());
        }
    }

    /**
     * The cipher of the current configuration: a snapshot that a key change does not alter mid-use.
     *
     * @throws SecretCipherException {@code KEYS_MISSING} or {@code KEYS_INVALID}
     */
    public SecretCipher snapshot() {
        SecretCipher cipher = current;
        if (cipher == null) {
            SecretCipherException cause = problem;
            throw new SecretCipherException(cause.reason(), cause.keyId(), cause.getMessage());
        }
        return cipher;
    }

    @Override
    public Ciphertext encrypt(byte[] plaintext) {
        return snapshot().encrypt(plaintext);
    }

    @Override
    public byte[] decrypt(Ciphertext ciphertext) {
        return snapshot().decrypt(ciphertext);
    }

    @Override
    public String activeKeyId() {
        return snapshot().activeKeyId();
    }
}
