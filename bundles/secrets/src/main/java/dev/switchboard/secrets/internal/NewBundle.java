package dev.switchboard.secrets.internal;

/** Body of {@code POST /api/v1/secret-bundles}. */
public record NewBundle(String name, String description, String targetPath) {
}
