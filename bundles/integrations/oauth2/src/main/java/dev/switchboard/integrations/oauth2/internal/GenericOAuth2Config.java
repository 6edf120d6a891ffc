package dev.switchboard.integrations.oauth2.internal;

import static dev.switchboard.integrations.oauth2.internal.OAuth2Constants.AUTHORIZE_URL;
import static dev.switchboard.integrations.oauth2.internal.OAuth2Constants.CLIENT_AUTH;
import static dev.switchboard.integrations.oauth2.internal.OAuth2Constants.DISPLAY_NAME;
import static dev.switchboard.integrations.oauth2.internal.OAuth2Constants.FACTORY_PID;
import static dev.switchboard.integrations.oauth2.internal.OAuth2Constants.FILEINSTALL_FILENAME;
import static dev.switchboard.integrations.oauth2.internal.OAuth2Constants.ID;
import static dev.switchboard.integrations.oauth2.internal.OAuth2Constants.PKCE;
import static dev.switchboard.integrations.oauth2.internal.OAuth2Constants.REVOKE_URL;
import static dev.switchboard.integrations.oauth2.internal.OAuth2Constants.SCOPES;
import static dev.switchboard.integrations.oauth2.internal.OAuth2Constants.SCOPE_SEPARATOR;
import static dev.switchboard.integrations.oauth2.internal.OAuth2Constants.SERVICE;
import static dev.switchboard.integrations.oauth2.internal.OAuth2Constants.TOKEN_URL;

import dev.switchboard.foundation.ConfigValues;
import dev.switchboard.foundation.InvalidConfigurationException;
import dev.switchboard.integrations.oauth2.ClientAuthMethod;
import dev.switchboard.integrations.oauth2.OAuth2Endpoints;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One generic OAuth2 service as configured in {@code etc/dev.switchboard.integrations.oauth2-<name>.cfg}.
 * Parsing fails with an {@link InvalidConfigurationException} naming the file, key, value and expected form.
 */
record GenericOAuth2Config(String id, String service, String displayName, OAuth2Endpoints endpoints) {

    private static final Pattern ID_FORM = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern SERVICE_FORM = Pattern.compile("[a-z][a-z0-9-]{0,40}");
    private static final Pattern SCOPE_SPLIT = Pattern.compile("[\\s,]+");
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    static GenericOAuth2Config from(Map<String, ?> properties) {
        String pid = pidOf(properties);
        ConfigValues values = new ConfigValues(pid, properties);
        String id = required(pid, values, ID, ID_FORM, "a plugin id: lower-case letters, digits and '-'");
        String service = values.stringValue(SERVICE, id);
        if (!SERVICE_FORM.matcher(service).matches()) {
            throw new InvalidConfigurationException(pid, SERVICE, service,
                    "a service name: a lower-case letter, then lower-case letters, digits and '-'");
        }
        OAuth2Endpoints endpoints = OAuth2Endpoints.builder(
                        url(pid, values, AUTHORIZE_URL, true), url(pid, values, TOKEN_URL, true))
                .revokeUrl(url(pid, values, REVOKE_URL, false))
                .defaultScopes(scopes(properties.get(SCOPES)))
                .scopeSeparator(scopeSeparator(pid, values))
                .pkce(values.booleanValue(PKCE, false))
                .clientAuth(clientAuth(pid, values))
                .build();
        return new GenericOAuth2Config(id, service, values.stringValue(DISPLAY_NAME, id), endpoints);
    }

    /** {@code dev.switchboard.integrations.oauth2-<name>} from the file the configuration came from, if known. */
    private static String pidOf(Map<String, ?> properties) {
        Object file = properties.get(FILEINSTALL_FILENAME);
        if (file != null) {
            String name = file.toString().replaceAll(".*[/\\\\]", "");
            return name.replaceAll("\\.(cfg|config)$", "");
        }
        return FACTORY_PID + "-<name>";
    }

    private static String required(String pid, ConfigValues values, String key, Pattern form, String expected) {
        String value = values.stringValue(key, null);
        if (value == null || !form.matcher(value).matches()) {
            throw new InvalidConfigurationException(pid, key, String.valueOf(value), expected);
        }
        return value;
    }

    private static URI url(String pid, ConfigValues values, String key, boolean required) {
        String value = values.stringValue(key, null);
        if (value == null) {
            if (required) {
                throw new InvalidConfigurationException(pid, key, "", expectedUrl());
            }
            return null;
        }
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            boolean secure = scheme.equals("https") || scheme.equals("http") && LOOPBACK.contains(uri.getHost());
            if (uri.isAbsolute() && uri.getHost() != null && secure && uri.getFragment() == null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new InvalidConfigurationException(pid, key, value, expectedUrl());
    }

    private static String expectedUrl() {
        return "an absolute https URL without fragment (http only for localhost)";
    }

    private static List<String> scopes(Object raw) {
        List<String> scopes = new ArrayList<>();
        if (raw instanceof Collection<?> collection) {
            collection.forEach(element -> addScopes(scopes, String.valueOf(element)));
        } else if (raw instanceof Object[] array) {
            for (Object element : array) {
                addScopes(scopes, String.valueOf(element));
            }
        } else if (raw != null) {
            addScopes(scopes, raw.toString());
        }
        return scopes;
    }

    private static void addScopes(List<String> scopes, String text) {
        for (String scope : SCOPE_SPLIT.split(text.trim())) {
            if (!scope.isEmpty() && !scopes.contains(scope)) {
                scopes.add(scope);
            }
        }
    }

    private static String scopeSeparator(String pid, ConfigValues values) {
        String value = values.stringValue(SCOPE_SEPARATOR, "space");
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "space" -> " ";
            case "comma" -> ",";
            default -> throw new InvalidConfigurationException(pid, SCOPE_SEPARATOR, value, "space or comma");
        };
    }

    private static ClientAuthMethod clientAuth(String pid, ConfigValues values) {
        String value = values.stringValue(CLIENT_AUTH, ClientAuthMethod.CLIENT_SECRET_POST.configValue());
        return ClientAuthMethod.fromConfigValue(value).orElseThrow(() ->
                new InvalidConfigurationException(pid, CLIENT_AUTH, value, "client_secret_post or client_secret_basic"));
    }
}
