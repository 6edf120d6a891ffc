package dev.switchboard.spi.action;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One call of an action. {@link #toString()} omits parameter values (they may hold personal data).
 *
 * @param action         the action's {@link ActionDefinition#name()}
 * @param params         parameters as plain JSON-like values, already validated against the action's schema
 * @param context        organization, integration, session, config and clock
 * @param deadline       when the engine stops waiting; outbound calls must time out by then
 * @param idempotencyKey for {@link RiskLevel#WRITE} and {@link RiskLevel#DANGER} actions, a key that is the
 *                       same when the engine retries the same invocation, or {@code null}; adapters pass it to
 *                       services that support idempotency keys
 */
public record ActionRequest(
        String action,
        Map<String, Object> params,
        ActionContext context,
        Instant deadline,
        String idempotencyKey) {

    public ActionRequest {
        Objects.requireNonNull(action, "action");
        if (action.isBlank()) {
            throw new IllegalArgumentException("action must not be blank");
        }
        params = params == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(params));
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(deadline, "deadline");
        if (idempotencyKey != null && idempotencyKey.isBlank()) {
            throw new IllegalArgumentException("idempotencyKey must be null or non-blank");
        }
    }

    /** The idempotency key, if the engine supplied one. */
    public Optional<String> optionalIdempotencyKey() {
        return Optional.ofNullable(idempotencyKey);
    }

    /** The parameter {@code name} if present and a non-blank string. */
    public Optional<String> stringParam(String name) {
        return params.get(name) instanceof String value && !value.isBlank() ? Optional.of(value) : Optional.empty();
    }

    @Override
    public String toString() {
        return "ActionRequest[action=" + action + ", params=" + params.keySet() + ", deadline=" + deadline
                + ", idempotencyKey=" + idempotencyKey + "]";
    }
}
