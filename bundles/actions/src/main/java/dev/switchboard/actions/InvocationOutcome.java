package dev.switchboard.actions;

import java.util.Map;
import java.util.UUID;

/**
 * What became of an action request.
 *
 * @param invocationId the invocation; {@code null} when the request was refused before one was made
 * @param status       the invocation's status; {@code null} without an invocation
 * @param result       the action's result as stored (secret-named keys removed, large results replaced by a
 *                     marker) when completed; else {@code null}
 * @param code         a stable code when it did not complete ({@code action_denied}, {@code action_failed},
 *                     {@code invalid_params}, {@code rate_limited}, ...); {@code null} otherwise
 * @param detail       a sentence for people (and models) when it did not complete; {@code null} otherwise
 */
public record InvocationOutcome(UUID invocationId, ActionStatus status, Map<String, Object> result, String code,
                                String detail) {

    /** Waiting for a decision, or approved and not finished yet: ask again later. */
    public boolean open() {
        return status != null && !status.terminal();
    }

    /** Refused before an invocation was made. */
    public boolean refused() {
        return invocationId == null;
    }

    /** Without the result, which is a payload. */
    @Override
    public String toString() {
        return "InvocationOutcome[" + invocationId + ", " + status + ", code=" + code + "]";
    }
}
