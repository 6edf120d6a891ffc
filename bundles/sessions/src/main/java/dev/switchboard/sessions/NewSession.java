package dev.switchboard.sessions;

import dev.switchboard.spi.sandbox.EnvFile;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A session another engine bundle starts (e.g. for an automation run), started at once.
 *
 * @param originKey      unique per organization: starting again with the same key returns the first session
 *                       (e.g. {@code run:<id>:session}), so a retried caller never gets a second one
 * @param createdBy      the user the session acts for (grants are recorded in this name); may be {@code null}
 * @param workspace      {@code {"repos": [{"url", "branch"}]}} as the REST API takes it; may be empty
 * @param agentCommand   the agent's command, or {@code null} for the organization's or deployment's default
 * @param sandboxProvider the provider's id, or {@code null} for the organization's or deployment's default, or
 *                       {@link #NO_SANDBOX} for a session without a sandbox: it is {@code running} at once and
 *                       exists for the actions policy (approvals, grants) and its event log; the engine works in it
 *                       itself (e.g. the inbox's tool loop of a skill), no agent runs, messages and pause are refused
 * @param prompt         the first message, delivered exactly once when the sandbox is up (ignored without one)
 * @param files          files written into the workspace at every start (no secrets: they land in the sandbox)
 * @param integrations   integrations bound to the session before it starts (the organization's; others are left out)
 */
public record NewSession(UUID organizationId, String originKey, UUID createdBy, String sessionType, String clientType,
                         String title, Map<String, Object> workspace, List<String> agentCommand,
                         String sandboxProvider, String prompt, List<EnvFile> files, List<UUID> integrations) {

    /** The {@code sandboxProvider} of a session without a sandbox. */
    public static final String NO_SANDBOX = "none";

    public NewSession {
        Objects.requireNonNull(organizationId, "organizationId");
        Objects.requireNonNull(originKey, "originKey");
        workspace = workspace == null ? Map.of() : workspace;
        files = files == null ? List.of() : List.copyOf(files);
        integrations = integrations == null ? List.of() : List.copyOf(integrations);
    }
}
