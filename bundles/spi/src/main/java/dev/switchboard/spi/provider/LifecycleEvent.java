package dev.switchboard.spi.provider;

import java.util.Objects;

/**
 * A change of an integration's status that a provider announced through a lifecycle webhook, e.g.
 * a GitHub App installation that was deleted or suspended.
 *
 * @param connectionId the provider-side connection id (e.g. the installation id) the change applies to
 * @param status       the integration's new status
 */
public record LifecycleEvent(String connectionId, IntegrationStatus status) {

    public LifecycleEvent {
        Objects.requireNonNull(connectionId, "connectionId");
        if (connectionId.isBlank()) {
            throw new IllegalArgumentException("connectionId must not be blank");
        }
        Objects.requireNonNull(status, "status");
    }
}
