package dev.switchboard.actions;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Actions on behalf of a session for other engine bundles (e.g. the inbox's tool loop of a skill), through the
 * same policy as an agent's requests in its sandbox: read actions run at once, write actions wait for a person's
 * approval unless a grant covers them, danger actions are denied; the session's rate and pending limits apply,
 * and every invocation, approval request and result is in the session's event log and the approval inbox.
 *
 * <p>Calls run on the caller's thread and may take up to the adapter's time limit. Parameters and results are
 * payloads: never log them.
 */
public interface ActionInvoker {

    /**
     * The actions the session may invoke: those of every installed action adapter whose integration the
     * organization connected (or that needs no connection), in adapter order.
     */
    List<AvailableAction> available(UUID organizationId, UUID sessionId);

    /**
     * Runs the policy for one request and, when it allows, the action.
     *
     * @param idempotencyKey {@code null}, or a key unique in the organization: a repeated call with the same key
     *                       and request gets the first invocation's state and never a second call
     * @return the outcome: {@link ActionStatus#COMPLETED} with the result, {@link ActionStatus#PENDING} (waiting for
     *         approval: ask {@link #outcome} later), {@link ActionStatus#DENIED}, {@link ActionStatus#FAILED}, or
     *         without an invocation when the request was refused before one (unknown action, invalid parameters,
     *         integration not connected, rate or pending limit; {@code code} and {@code detail} say which)
     */
    InvocationOutcome invoke(UUID organizationId, UUID sessionId, String integration, String action,
                             Map<String, Object> params, String idempotencyKey);

    /** Where an invocation of the organization stands now; empty when unknown (or another organization's). */
    Optional<InvocationOutcome> outcome(UUID organizationId, UUID invocationId);
}
