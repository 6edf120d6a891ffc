package dev.switchboard.spi.sandbox;

import java.util.Objects;

/**
 * A file of environment values to write into a sandbox, e.g. a {@code .env} in a repository.
 * {@link #toString()} never prints the content (it holds secrets).
 *
 * @param path    path relative to the workspace root: no leading {@code /}, no {@code ..} segment, no drive
 * @param content the complete file content (e.g. dotenv lines)
 */
public record EnvFile(String path, String content) {

    public EnvFile {
        requireRelative(path, "path");
        Objects.requireNonNull(content, "content");
    }

    static void requireRelative(String path, String name) {
        Objects.requireNonNull(path, name);
        String normalized = path.replace('\\', '/');
        boolean escapes = normalized.equals("..") || normalized.startsWith("../") || normalized.endsWith("/..")
                || normalized.contains("/../");
        if (path.isBlank() || normalized.startsWith("/") || normalized.matches("^[A-Za-z]:.*") || escapes) {
            throw new IllegalArgumentException(name + " must be relative and stay inside the workspace: " + path);
        }
    }

    @Override
    public String toString() {
        return "EnvFile[path=" + path + ", content=***]";
    }
}
