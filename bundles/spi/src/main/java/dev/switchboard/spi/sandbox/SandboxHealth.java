package dev.switchboard.spi.sandbox;

import java.util.Objects;

/**
 * Whether a provider can serve requests right now.
 *
 * @param healthy whether its API answered and accepted the credentials
 * @param detail  a short secret-free explanation, empty when healthy
 */
public record SandboxHealth(boolean healthy, String detail) {

    public SandboxHealth {
        detail = Objects.requireNonNullElse(detail, "");
    }

    /** The provider is healthy. */
    public static SandboxHealth up() {
        return new SandboxHealth(true, "");
    }

    /** The provider is not usable, because of {@code detail}. */
    public static SandboxHealth down(String detail) {
        return new SandboxHealth(false, detail);
    }
}
