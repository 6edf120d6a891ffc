package dev.switchboard.actions.internal;

import java.time.Duration;
import java.util.Set;

/** The numbers of the actions spec, in one place. */
final class ActionsConstants {

    /** Configuration pid; every value below that is configurable has its key here. */
    static final String PID = "dev.switchboard.actions";

    static final Duration PENDING_TTL = Duration.ofMinutes(5);
    static final int MAX_PENDING_PER_SESSION = 10;
    static final int INVOCATIONS_PER_MINUTE = 60;
    static final Duration ADAPTER_TIMEOUT = Duration.ofSeconds(30);
    static final int ADAPTER_THREADS = 4;
    static final int ADAPTER_QUEUE = 16;
    static final int MAX_RESULT_BYTES = 10 * 1024;
    static final Set<String> REDACTED_KEYS = Set.of("token", "secret", "password", "authorization", "api_key", "apikey");
    static final long SWEEP_PERIOD_MILLIS = 60_000;
    static final Duration EVENT_RETENTION = Duration.ofHours(24);
    static final Duration HEARTBEAT = Duration.ofSeconds(15);
    static final Duration EVENT_POLL = Duration.ofSeconds(1);
    static final String WILDCARD = "*";

    static final String KEY_PENDING_TTL_SECONDS = "pendingTtlSeconds";
    static final String KEY_MAX_PENDING = "maxPendingPerSession";
    static final String KEY_RATE = "invocationsPerMinute";
    static final String KEY_TIMEOUT_SECONDS = "adapterTimeoutSeconds";
    static final String KEY_THREADS = "adapterThreads";
    static final String KEY_QUEUE = "adapterQueue";

    private ActionsConstants() {
    }
}
