package dev.switchboard.secrets.internal;

import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** A secret bundle with the number of secrets in it. */
public record BundleView(UUID id, String name, String description, String targetPath, long secretCount,
                         String createdAt, String updatedAt) {

    static BundleView of(BundleRow row) {
        return new BundleView(row.getId(), row.getName(), row.getDescription(), row.getTargetPath(),
                row.getSecretCount(), row.getCreatedAt().truncatedTo(ChronoUnit.SECONDS).toString(),
                row.getUpdatedAt().truncatedTo(ChronoUnit.SECONDS).toString());
    }
}
