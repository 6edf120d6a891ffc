package dev.switchboard.spi.sandbox;

import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A running sandbox as the engine sees it.
 *
 * @param sandboxId the provider's id, used for every later call
 * @param endpoints URLs by name; must contain {@link #AGENT_URL}; well-known names are the constants below
 * @param expiresAt when the provider will stop the sandbox, or {@code null} if it did not say
 */
public record SandboxHandle(String sandboxId, Map<String, URI> endpoints, Instant expiresAt) {

    /** The agent (OpenCode) API. */
    public static final String AGENT_URL = "agentUrl";
    /** The preview proxy for the user's app. */
    public static final String PREVIEW_URL = "previewUrl";
    /** SSH access, as {@code ssh://host:port}. */
    public static final String SSH_URL = "sshUrl";

    public SandboxHandle {
        Objects.requireNonNull(sandboxId, "sandboxId");
        if (sandboxId.isBlank()) {
            throw new IllegalArgumentException("sandboxId must not be blank");
        }
        endpoints = endpoints == null ? Map.of() : Map.copyOf(endpoints);
        if (!endpoints.containsKey(AGENT_URL)) {
            throw new IllegalArgumentException("endpoints must contain " + AGENT_URL);
        }
    }

    /** The endpoint called {@code name}, if the provider exposed it. */
    public Optional<URI> endpoint(String name) {
        return Optional.ofNullable(endpoints.get(name));
    }
}
