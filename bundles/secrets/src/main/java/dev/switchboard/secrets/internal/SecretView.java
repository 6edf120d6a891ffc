package dev.switchboard.secrets.internal;

import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * A secret as the API shows it: metadata only, never the value or its ciphertext.
 *
 * @param scope {@code ""} for organization-wide, else the repo or workspace key
 */
public record SecretView(UUID id, String key, String scope, UUID bundleId, String description, String createdAt,
                         String updatedAt) {

    static SecretView of(SecretRow row) {
        return new SecretView(row.getId(), row.getKey(), row.getScope(), row.getBundleId(), row.getDescription(),
                row.getCreatedAt().truncatedTo(ChronoUnit.SECONDS).toString(),
                row.getUpdatedAt().truncatedTo(ChronoUnit.SECONDS).toString());
    }
}
