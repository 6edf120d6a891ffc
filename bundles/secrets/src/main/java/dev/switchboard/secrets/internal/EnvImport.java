package dev.switchboard.secrets.internal;

import java.util.UUID;

/** Body of {@code POST /api/v1/secrets/import}. */
public record EnvImport(String envText, String scope, UUID bundleId) {

    @Override
    public String toString() {
        return "EnvImport[scope=" + scope + ", bundleId=" + bundleId + "]";
    }
}
