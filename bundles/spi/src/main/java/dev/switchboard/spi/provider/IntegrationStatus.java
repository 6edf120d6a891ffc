package dev.switchboard.spi.provider;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Status of an integration (a stored connection), as changed by lifecycle webhooks. */
public enum IntegrationStatus {
    @JsonProperty("active") ACTIVE,
    /** Credentials no longer work; the user must reconnect. */
    @JsonProperty("expired") EXPIRED,
    /** The user or the provider revoked access. */
    @JsonProperty("revoked") REVOKED,
    /** The installation or connection was deleted on the provider side. */
    @JsonProperty("deleted") DELETED,
    /** The provider suspended the installation; it may become active again. */
    @JsonProperty("suspended") SUSPENDED
}
