package dev.switchboard.spi.action;

import dev.switchboard.spi.Plugin;
import dev.switchboard.spi.AccessToken;

import java.util.List;
import java.util.Optional;

/**
 * Operations an agent may perform on one outside service (e.g. Linear: list, create and update issues).
 * The engine owns policy (risk levels, approvals, grants), rate limits, auditing, redaction and token
 * handling; the adapter only describes its actions and performs them.
 *
 * <p>Contract for every method:
 * <ul>
 *   <li><b>Threading.</b> Called from any engine thread, concurrently. Implementations must be thread-safe.</li>
 *   <li><b>Values.</b> Parameters and results are plain JSON-like Java values ({@code Map<String,Object>},
 *       {@code List<Object>}, {@code String}, {@code Number}, {@code Boolean}, {@code null}); schemas are JSON
 *       text. No JSON library types cross this interface.</li>
 * </ul>
 */
public interface ActionAdapter extends Plugin {

    /** The service this adapter acts on, e.g. {@code linear}; the engine passes that integration's token. */
    String service();

    /**
     * Whether {@link #execute} needs a connected integration. When {@code false} the engine does not look one
     * up and passes {@link AccessToken#NONE}.
     */
    default boolean requiresConnection() {
        return true;
    }

    /** The actions offered, in display order; names unique; cheap and constant for the service's lifetime. */
    List<ActionDefinition> actions();

    /** The action called {@code name}, if offered. */
    default Optional<ActionDefinition> action(String name) {
        return actions().stream().filter(definition -> definition.name().equals(name)).findFirst();
    }

    /** Markdown guide for the agent: what the actions are for, and examples. Constant; empty if none. */
    default String guide() {
        return "";
    }

    /**
     * Performs {@code request.action()} with a fresh {@code token}.
     *
     * <ul>
     *   <li><b>Time.</b> Every outbound call must time out by {@link ActionRequest#deadline()}; the engine
     *       abandons the call at the deadline and in any case after 30 s, and records it as failed.</li>
     *   <li><b>Errors.</b> {@link ActionException} of a {@link ActionException.Kind}: {@code BAD_PARAMS} with
     *       field errors for parameters the schema cannot express (or missing required ones),
     *       {@code UNAUTHORIZED} when the service rejects the token (the engine refreshes it and retries once),
     *       {@code RATE_LIMITED} with the service's retry-after, {@code UPSTREAM_ERROR} for other service
     *       failures, {@code NOT_FOUND} for an unknown action or missing target. A runtime exception is a bug.</li>
     *   <li><b>Idempotency.</b> Read actions are safe to repeat. Write actions may be retried by the engine
     *       after an {@code UNAUTHORIZED} refresh; pass {@link ActionRequest#idempotencyKey()} to services that
     *       support it.</li>
     *   <li><b>Secrets.</b> Never log the token, the parameters or the result.</li>
     * </ul>
     */
    ActionResult execute(ActionRequest request, AccessToken token) throws ActionException;
}
