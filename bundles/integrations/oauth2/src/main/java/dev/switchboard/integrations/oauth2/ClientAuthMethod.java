package dev.switchboard.integrations.oauth2;

import java.util.Arrays;
import java.util.Optional;

/** How the client authenticates at the token and revocation endpoints (RFC 6749 section 2.3.1). */
public enum ClientAuthMethod {
    /** {@code client_id} and {@code client_secret} in the form body. */
    CLIENT_SECRET_POST("client_secret_post"),
    /** HTTP Basic with the form-encoded client id and secret. */
    CLIENT_SECRET_BASIC("client_secret_basic");

    private final String configValue;

    ClientAuthMethod(String configValue) {
        this.configValue = configValue;
    }

    /** The name used in configuration and in OAuth server metadata, e.g. {@code client_secret_post}. */
    public String configValue() {
        return configValue;
    }

    /** The method named {@code value} (as in {@link #configValue()}, case-insensitive), if any. */
    public static Optional<ClientAuthMethod> fromConfigValue(String value) {
        return Arrays.stream(values()).filter(method -> method.configValue.equalsIgnoreCase(value)).findFirst();
    }
}
