package dev.switchboard.secrets.internal;

import dev.switchboard.secrets.Ciphertext;
import java.util.UUID;

/** A row of {@code secrets} with its ciphertext, for decryption and re-encryption only. */
public class SealedSecretRow {
    private UUID id;
    private UUID organizationId;
    private String scope;
    private UUID bundleId;
    private String key;
    private String keyId;
    private String ciphertext;

    public UUID getId() {
        return id;
    }

    public UUID getOrganizationId() {
        return organizationId;
    }

    public String getScope() {
        return scope;
    }

    public UUID getBundleId() {
        return bundleId;
    }

    public String getKey() {
        return key;
    }

    public String getKeyId() {
        return keyId;
    }

    public Ciphertext sealed() {
        return new Ciphertext(keyId, ciphertext);
    }

    @Override
    public String toString() {
        return "SealedSecretRow[id=" + id + ", key=" + key + ", keyId=" + keyId + "]";
    }
}
