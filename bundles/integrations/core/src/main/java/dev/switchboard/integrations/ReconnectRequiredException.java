package dev.switchboard.integrations;

import dev.switchboard.spi.provider.IntegrationStatus;
import java.util.UUID;

/**
 * The integration no longer gives credentials until a person reconnects it: the provider rejected its grant
 * (it is now {@code expired}), or it was revoked, deleted or suspended. The message reads
 * "reconnect &lt;service&gt;".
 */
public class ReconnectRequiredException extends IntegrationException {
    private static final long serialVersionUID = 1L;

    private final String service;
    private final IntegrationStatus status;

    public ReconnectRequiredException(UUID integrationId, String service, IntegrationStatus status) {
        super(integrationId, "reconnect " + service + ": the integration is " + status.name().toLowerCase(java.util.Locale.ROOT),
                null);
        this.service = service;
        this.status = status;
    }

    public String service() {
        return service;
    }

    public IntegrationStatus status() {
        return status;
    }

    @Override
    public String code() {
        return "integration_reconnect_required";
    }
}
