package dev.switchboard.secrets.internal;

import java.time.Instant;
import java.util.UUID;

/** One row of {@code secret_bundles} with the number of its secrets. */
public class BundleRow {
    private UUID id;
    private UUID organizationId;
    private String name;
    private String description;
    private String targetPath;
    private long secretCount;
    private Instant createdAt;
    private Instant updatedAt;

    public UUID getId() {
        return id;
    }

    public UUID getOrganizationId() {
        return organizationId;
    }

    public String getName() {
        return name;
    }

    public String getDescription() {
        return description;
    }

    public String getTargetPath() {
        return targetPath;
    }

    public long getSecretCount() {
        return secretCount;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }
}
