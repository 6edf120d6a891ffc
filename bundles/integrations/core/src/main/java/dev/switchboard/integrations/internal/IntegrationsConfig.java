package dev.switchboard.integrations.internal;

import dev.switchboard.foundation.ConfigValues;
import dev.switchboard.spi.SecretValue;
import dev.switchboard.spi.provider.OAuthClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Settings of pid {@value #PID} ({@code etc/dev.switchboard.integrations.cfg}).
 *
 * <ul>
 *   <li>{@code stateSigningKey}: HMAC key (at least 32 characters) signing OAuth states; every node of a
 *       deployment must share it. Unset: a random in-memory key (single node only; a WARN says so).</li>
 *   <li>{@code publicUrl}: base URL providers redirect browsers back to (callback
 *       {@code <publicUrl>/api/v1/integrations/oauth/callback}).</li>
 *   <li>{@code consoleUrl}: where the callback sends the browser afterwards, with {@code ?integration=<id>}
 *       or {@code ?error=<code>}; default {@code <publicUrl>/integrations}.</li>
 *   <li>{@code oauth.<providerAdapterId>.clientId} / {@code .clientSecret}: the deployment's OAuth app.</li>
 *   <li>{@code webhook.<providerAdapterId>.secret}: the app-level webhook secret of a provider.</li>
 *   <li>{@code provider.<providerAdapterId>.<key>}: configuration passed to the adapter as
 *       {@code ProviderContext.config()}.</li>
 *   <li>{@code installations.allowUnverified}: accept app installations whose claim the adapter cannot verify
 *       (default {@code false}; see {@code AppInstallations}).</li>
 * </ul>
 */
record IntegrationsConfig(byte[] stateKey, URI publicUrl, URI consoleUrl, Map<String, OAuthClient> deploymentClients,
                          Map<String, SecretValue> webhookSecrets, Map<String, Map<String, Object>> providerConfig,
                          boolean allowUnverifiedInstallations) {

    static final String PID = "dev.switchboard.integrations";
    static final String CALLBACK_PATH = "/api/v1/integrations/oauth/callback";
    static final int MIN_KEY_LENGTH = 32;
    static final String ALLOW_UNVERIFIED_INSTALLATIONS = "installations.allowUnverified";

    /** Parses {@code properties}; {@code fallbackKey} is used when no usable signing key is configured. */
    static IntegrationsConfig from(Map<String, ?> properties, byte[] fallbackKey) {
        ConfigValues values = new ConfigValues(PID, properties);
        String key = values.stringValue("stateSigningKey", null);
        byte[] stateKey = key != null && key.length() >= MIN_KEY_LENGTH ? key.getBytes(StandardCharsets.UTF_8) : fallbackKey;
        String publicUrl = trimSlash(values.stringValue("publicUrl", "http://localhost:8181"));
        String consoleUrl = values.stringValue("consoleUrl", publicUrl + "/integrations");
        Map<String, String> clientIds = new LinkedHashMap<>();
        Map<String, String> clientSecrets = new LinkedHashMap<>();
        Map<String, SecretValue> webhookSecrets = new LinkedHashMap<>();
        Map<String, Map<String, Object>> providerConfig = new LinkedHashMap<>();
        properties.forEach((name, raw) -> {
            String value = raw == null ? "" : raw.toString().trim();
            if (value.isEmpty()) {
                return;
            }
            String[] parts = name.split("\\.", 3);
            if (parts.length == 3 && parts[0].equals("oauth") && parts[2].equals("clientId")) {
                clientIds.put(parts[1], value);
            } else if (parts.length == 3 && parts[0].equals("oauth") && parts[2].equals("clientSecret")) {
                clientSecrets.put(parts[1], value);
            } else if (parts.length == 3 && parts[0].equals("webhook") && parts[2].equals("secret")) {
                webhookSecrets.put(parts[1], SecretValue.of(value));
            } else if (parts.length == 3 && parts[0].equals("provider")) {
                providerConfig.computeIfAbsent(parts[1], id -> new LinkedHashMap<>()).put(parts[2], value);
            }
        });
        Map<String, OAuthClient> clients = new LinkedHashMap<>();
        clientIds.forEach((id, clientId) -> clients.put(id, new OAuthClient(clientId,
                clientSecrets.containsKey(id) ? SecretValue.of(clientSecrets.get(id)) : null)));
        return new IntegrationsConfig(stateKey, URI.create(publicUrl), URI.create(consoleUrl), Map.copyOf(clients),
                Map.copyOf(webhookSecrets), Map.copyOf(providerConfig),
                values.booleanValue(ALLOW_UNVERIFIED_INSTALLATIONS, false));
    }

    static boolean hasSigningKey(Map<String, ?> properties) {
        Object key = properties.get("stateSigningKey");
        return key != null && key.toString().trim().length() >= MIN_KEY_LENGTH;
    }

    URI callbackUri() {
        return URI.create(publicUrl + CALLBACK_PATH);
    }

    Map<String, Object> providerConfig(String providerAdapterId) {
        return providerConfig.getOrDefault(providerAdapterId, Map.of());
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public String toString() {
        return "IntegrationsConfig[publicUrl=" + publicUrl + ", consoleUrl=" + consoleUrl + ", clients="
                + deploymentClients.keySet() + ", webhookSecrets=" + webhookSecrets.keySet()
                + ", allowUnverifiedInstallations=" + allowUnverifiedInstallations + "]";
    }
}
