package dev.switchboard.secrets.internal;

import java.util.UUID;

/** Body of {@code POST /api/v1/secrets}. {@code scope} absent or empty: organization-wide. */
public record NewSecret(String key, String value, String scope, UUID bundleId, String description) {

    @Override
    public String toString() {
        return "NewSecret[key=" + key + ", scope=" + scope + ", bundleId=" + bundleId + "]";
    }
}
