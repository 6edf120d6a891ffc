package dev.switchboard.integrations.gmail;

import static dev.switchboard.integrations.gmail.GmailConstants.ACCESS_TOKEN_VARIABLE;
import static dev.switchboard.integrations.gmail.GmailConstants.KIND_LABELS;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.integrations.oauth2.OAuth2Endpoints;
import dev.switchboard.integrations.oauth2.OAuth2ProviderAdapter;
import dev.switchboard.integrations.oauth2.PluginVersion;
import dev.switchboard.integrations.oauth2.ProviderConfig;
import dev.switchboard.integrations.oauth2.ProviderHttp;
import dev.switchboard.spi.AccessToken;
import dev.switchboard.spi.PluginDescriptor;
import dev.switchboard.spi.SecretValue;
import dev.switchboard.spi.provider.ProviderAdapter;
import dev.switchboard.spi.provider.ProviderContext;
import dev.switchboard.spi.provider.ProviderException;
import dev.switchboard.spi.provider.ProviderException.Reason;
import dev.switchboard.spi.provider.SkillVariable;
import org.osgi.service.component.annotations.Component;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Connects Gmail mailboxes through Google's OAuth 2.0 ({@link GmailConstants#ENDPOINTS}, read-only Gmail scope)
 * and looks up the mailbox's {@code labels}. Fills {@code GMAIL_ACCESS_TOKEN} for skills.
 */
@Component(service = ProviderAdapter.class)
public final class GmailProviderAdapter extends OAuth2ProviderAdapter {

    private static final String CONFIG_SCHEMA = """
            {"$schema": "https://json-schema.org/draft/2020-12/schema",
             "type": "object",
             "properties": {
               "apiBaseUrl": {"type": "string", "format": "uri", "default": "https://gmail.googleapis.com",
                              "description": "Gmail API root; change only for proxies and tests"}},
             "additionalProperties": false}""";

    private static final List<SkillVariable> VARIABLES = List.of(new SkillVariable(ACCESS_TOKEN_VARIABLE,
            "Google OAuth access token with read-only Gmail access (Authorization: Bearer)", true));

    private final OAuth2Endpoints endpoints;
    private final PluginDescriptor descriptor;

    public GmailProviderAdapter() {
        this(GmailConstants.ENDPOINTS, new ProviderHttp());
    }

    GmailProviderAdapter(OAuth2Endpoints endpoints, ProviderHttp http) {
        super(http);
        this.endpoints = endpoints;
        this.descriptor = new PluginDescriptor(GmailConstants.ID, "Gmail", PluginVersion.of(getClass()),
                "Connects Gmail mailboxes with Google OAuth 2.0 (read-only) and looks up their labels.",
                CONFIG_SCHEMA, Set.of());
    }

    @Override
    public PluginDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public String service() {
        return GmailConstants.SERVICE;
    }

    @Override
    protected OAuth2Endpoints defaultEndpoints() {
        return endpoints;
    }

    @Override
    public Set<String> metadataKinds() {
        return Set.of(KIND_LABELS);
    }

    @Override
    public List<Map<String, Object>> metadata(String kind, ProviderContext context, AccessToken token)
            throws ProviderException {
        if (!KIND_LABELS.equals(kind)) {
            throw ProviderException.unsupported("metadata " + kind);
        }
        URI base = ProviderConfig.baseUrl(context, GmailConstants.API_BASE_URL, GmailConstants.DEFAULT_API_BASE_URL);
        JsonNode body = http().getJson(ProviderConfig.resolve(base, GmailConstants.LABELS_PATH), token,
                context.clock(), "Gmail labels request");
        JsonNode labels = body.path("labels");
        if (body.has("labels") && !labels.isArray()) {
            throw ProviderException.of(Reason.BAD_RESPONSE, "Gmail labels answer is malformed");
        }
        List<Map<String, Object>> items = new ArrayList<>();
        // a mailbox without labels answers {}
        labels.forEach(label -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", label.path("id").asText());
            item.put("name", label.path("name").asText());
            item.put("type", label.path("type").asText(null));
            items.add(item);
        });
        return items;
    }

    @Override
    public Set<String> satisfiedCapabilities() {
        return Set.of(GmailConstants.CAPABILITY);
    }

    @Override
    public List<SkillVariable> skillVariables() {
        return VARIABLES;
    }

    @Override
    public Map<String, SecretValue> skillVariableValues(ProviderContext context, AccessToken token) {
        return Map.of(ACCESS_TOKEN_VARIABLE, token.value());
    }
}
