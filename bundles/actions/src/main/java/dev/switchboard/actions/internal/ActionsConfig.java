package dev.switchboard.actions.internal;

import dev.switchboard.foundation.ConfigValues;
import java.time.Duration;
import java.util.Map;

/** Settings of pid {@value ActionsConstants#PID}; every one defaults to the spec's number. */
record ActionsConfig(Duration pendingTtl, int maxPendingPerSession, int invocationsPerMinute, Duration adapterTimeout,
                     int adapterThreads, int adapterQueue, Map<String, Map<String, Object>> adapterSettings) {

    static final ActionsConfig DEFAULTS = from(Map.of());
    /** Keys {@code adapter.<adapter id>.<key>} become that adapter's configuration (e.g. a self-hosted base URL). */
    static final String ADAPTER_PREFIX = "adapter.";

    /** The configuration handed to an action adapter with every call. */
    Map<String, Object> adapterConfig(String adapterId) {
        return adapterSettings.getOrDefault(adapterId, Map.of());
    }

    private static Map<String, Map<String, Object>> adapterSettings(Map<String, ?> properties) {
        Map<String, Map<String, Object>> settings = new java.util.HashMap<>();
        properties.forEach((key, value) -> {
            if (key.startsWith(ADAPTER_PREFIX) && value != null && !value.toString().isBlank()) {
                String rest = key.substring(ADAPTER_PREFIX.length());
                int dot = rest.indexOf('.');
                if (dot > 0 && dot < rest.length() - 1) {
                    settings.computeIfAbsent(rest.substring(0, dot), id -> new java.util.HashMap<>())
                            .put(rest.substring(dot + 1), value.toString().trim());
                }
            }
        });
        Map<String, Map<String, Object>> frozen = new java.util.HashMap<>();
        settings.forEach((id, values) -> frozen.put(id, Map.copyOf(values)));
        return Map.copyOf(frozen);
    }

    static ActionsConfig from(Map<String, ?> properties) {
        ConfigValues values = new ConfigValues(ActionsConstants.PID, properties);
        return new ActionsConfig(
                Duration.ofSeconds(values.intValue(ActionsConstants.KEY_PENDING_TTL_SECONDS,
                        (int) ActionsConstants.PENDING_TTL.toSeconds(), 10, 86_400)),
                values.intValue(ActionsConstants.KEY_MAX_PENDING, ActionsConstants.MAX_PENDING_PER_SESSION, 1, 10_000),
                values.intValue(ActionsConstants.KEY_RATE, ActionsConstants.INVOCATIONS_PER_MINUTE, 1, 100_000),
                Duration.ofSeconds(values.intValue(ActionsConstants.KEY_TIMEOUT_SECONDS,
                        (int) ActionsConstants.ADAPTER_TIMEOUT.toSeconds(), 1, 30)),
                values.intValue(ActionsConstants.KEY_THREADS, ActionsConstants.ADAPTER_THREADS, 1, 64),
                values.intValue(ActionsConstants.KEY_QUEUE, ActionsConstants.ADAPTER_QUEUE, 0, 10_000),
                adapterSettings(properties));
    }

    ActionsConfig withAdapterTimeout(Duration timeout) {
        return new ActionsConfig(pendingTtl, maxPendingPerSession, invocationsPerMinute, timeout, adapterThreads,
                adapterQueue, adapterSettings);
    }

    ActionsConfig withLimits(int maxPending, int perMinute) {
        return new ActionsConfig(pendingTtl, maxPending, perMinute, adapterTimeout, adapterThreads, adapterQueue,
                adapterSettings);
    }
}
