package dev.switchboard.integrations;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * Transient: the provider or its adapter is down, slow or throttling. The integration's status is unchanged;
 * retry after {@link #retryAfter()} or with backoff.
 */
public class IntegrationUnavailableException extends IntegrationException {
    private static final long serialVersionUID = 1L;

    private final Duration retryAfter;

    public IntegrationUnavailableException(UUID integrationId, String message, Duration retryAfter, Throwable cause) {
        super(integrationId, message, cause);
        this.retryAfter = retryAfter;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    @Override
    public String code() {
        return "integration_unavailable";
    }
}
