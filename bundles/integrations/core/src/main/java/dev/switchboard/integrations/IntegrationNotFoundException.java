package dev.switchboard.integrations;

import java.util.UUID;

/** No such integration in the organization (another organization's counts as none). */
public class IntegrationNotFoundException extends IntegrationException {
    private static final long serialVersionUID = 1L;

    public IntegrationNotFoundException(UUID integrationId) {
        super(integrationId, "no integration " + integrationId + " in this organization", null);
    }

    @Override
    public String code() {
        return "integration_not_found";
    }
}
