package dev.switchboard.secrets;

import java.util.List;

/**
 * An env file a sandbox provider writes before the agent starts: the values of {@code keys} (from the
 * session's environment) into {@code path}, relative to {@code workspacePath}.
 *
 * @param workspacePath the workspace the path is relative to; {@code "."} for bundles
 * @param path          the bundle's target path, relative, never with {@code ..}
 * @param format        {@code env}
 * @param mode          {@code secret}: the file holds secret values
 * @param keys          the secret keys of the bundle, sorted
 */
public record EnvFileSpec(String workspacePath, String path, String format, String mode, List<String> keys) {

    public EnvFileSpec {
        keys = List.copyOf(keys);
    }
}
