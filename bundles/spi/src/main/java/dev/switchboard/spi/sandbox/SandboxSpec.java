package dev.switchboard.spi.sandbox;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a provider needs to create (or recover) the sandbox of one session. {@link #toString()}
 * prints environment variable names, never their values.
 *
 * @param sessionId        the session the sandbox belongs to; {@link SandboxProvider#ensureSandbox} is
 *                         idempotent per session id
 * @param organizationId   the organization, for labelling and quotas at the provider
 * @param repos            repositories to clone when not restoring a snapshot; may be empty
 * @param branch           branch to check out (falls back to each repository's default), or {@code null}
 * @param envVars          environment variables of the agent process; values may be secrets
 * @param envFiles         files to write before the agent starts
 * @param systemPrompt     the agent's instructions, written into the sandbox
 * @param snapshotId       snapshot to restore, or {@code null} to start from the base image
 * @param currentSandboxId the sandbox the session had before, which ensure tries to recover, or {@code null}
 * @param sshPublicKey     a public key to authorize for SSH access, or {@code null}
 * @param lifetime         how long the sandbox may live before the provider stops it
 * @param options          provider-independent extras as plain JSON-like values (e.g. {@code agentConfig},
 *                         {@code triggerContext}, {@code serviceCommands}); unknown keys are ignored
 */
public record SandboxSpec(
        String sessionId,
        String organizationId,
        List<RepoSpec> repos,
        String branch,
        Map<String, String> envVars,
        List<EnvFile> envFiles,
        String systemPrompt,
        String snapshotId,
        String currentSandboxId,
        String sshPublicKey,
        Duration lifetime,
        Map<String, Object> options) {

    /** Default sandbox lifetime: one hour. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofSeconds(3600);

    public SandboxSpec {
        requireText(sessionId, "sessionId");
        requireText(organizationId, "organizationId");
        repos = repos == null ? List.of() : List.copyOf(repos);
        envVars = envVars == null ? Map.of() : Map.copyOf(envVars);
        envFiles = envFiles == null ? List.of() : List.copyOf(envFiles);
        systemPrompt = systemPrompt == null ? "" : systemPrompt;
        lifetime = lifetime == null ? DEFAULT_LIFETIME : lifetime;
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("lifetime must be positive");
        }
        options = options == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    /** A spec with only the ids set and defaults everywhere else. */
    public static SandboxSpec of(String sessionId, String organizationId) {
        return new SandboxSpec(sessionId, organizationId, null, null, null, null, null, null, null, null, null, null);
    }

    private static void requireText(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }

    @Override
    public String toString() {
        return "SandboxSpec[sessionId=" + sessionId + ", organizationId=" + organizationId + ", repos=" + repos.size()
                + ", branch=" + branch + ", envVars=" + envVars.keySet() + ", envFiles=" + envFiles
                + ", snapshotId=" + snapshotId + ", currentSandboxId=" + currentSandboxId
                + ", lifetime=" + lifetime + ", options=" + options.keySet() + "]";
    }
}
