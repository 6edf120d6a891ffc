package dev.switchboard.integrations;

import java.util.UUID;

/**
 * A credential for an integration could not be had. {@link #code()} is a stable machine-readable code; the
 * message is for people and never carries a token or a provider response body.
 */
public abstract class IntegrationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final UUID integrationId;

    protected IntegrationException(UUID integrationId, String message, Throwable cause) {
        super(message, cause);
        this.integrationId = integrationId;
    }

    public UUID integrationId() {
        return integrationId;
    }

    /** Stable code, e.g. {@code integration_reconnect_required}. */
    public abstract String code();
}
