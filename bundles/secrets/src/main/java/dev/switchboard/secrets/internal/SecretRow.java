package dev.switchboard.secrets.internal;

import java.time.Instant;
import java.util.UUID;

/** Metadata of one row of {@code secrets} as MyBatis maps it: never the ciphertext. */
public class SecretRow {
    private UUID id;
    private UUID organizationId;
    private String scope;
    private UUID bundleId;
    private String key;
    private String description;
    private UUID createdBy;
    private Instant createdAt;
    private Instant updatedAt;

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

    public String getDescription() {
        return description;
    }

    public UUID getCreatedBy() {
        return createdBy;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }
}
