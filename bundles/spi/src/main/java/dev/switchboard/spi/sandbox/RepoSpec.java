package dev.switchboard.spi.sandbox;

import dev.switchboard.spi.SecretValue;

import java.net.URI;
import java.util.Objects;

/**
 * A repository to clone into a new sandbox.
 *
 * @param cloneUrl      https clone URL without credentials
 * @param workspacePath directory below the workspace root, {@code .} for a single repository; relative,
 *                      without {@code ..}
 * @param token         credential for private repositories, or {@code null}; never printed
 */
public record RepoSpec(URI cloneUrl, String workspacePath, SecretValue token) {

    public RepoSpec {
        Objects.requireNonNull(cloneUrl, "cloneUrl");
        if (!cloneUrl.isAbsolute() || cloneUrl.getUserInfo() != null) {
            throw new IllegalArgumentException("cloneUrl must be absolute and carry no credentials");
        }
        workspacePath = workspacePath == null ? "." : workspacePath;
        EnvFile.requireRelative(workspacePath, "workspacePath");
    }
}
