package dev.switchboard.integrations.sentry;

import static dev.switchboard.integrations.sentry.SentryConstants.AUTH_TOKEN_VARIABLE;
import static dev.switchboard.integrations.sentry.SentryConstants.BASE_URL;
import static dev.switchboard.integrations.sentry.SentryConstants.KIND_ENVIRONMENTS;
import static dev.switchboard.integrations.sentry.SentryConstants.KIND_PROJECTS;
import static dev.switchboard.integrations.sentry.SentryConstants.ORGANIZATION;
import static dev.switchboard.integrations.sentry.SentryConstants.ORG_VARIABLE;
import static dev.switchboard.integrations.sentry.SentryConstants.PROJECT;
import static dev.switchboard.integrations.sentry.SentryConstants.URL_VARIABLE;

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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Connects Sentry organizations (sentry.io or self-hosted, {@code baseUrl}) through Sentry's OAuth 2.0 and looks
 * up {@code projects} and {@code environments} through the REST API. The organization is the configured
 * {@code organization} slug, else the first one the token can see; environments are those of the configured
 * {@code project}, else the organization's. Fills {@code SENTRY_AUTH_TOKEN}, {@code SENTRY_URL} and, when
 * configured, {@code SENTRY_ORG} (the names sentry-cli reads).
 */
@Component(service = ProviderAdapter.class)
public final class SentryProviderAdapter extends OAuth2ProviderAdapter {

    private static final String CONFIG_SCHEMA = """
            {"$schema": "https://json-schema.org/draft/2020-12/schema",
             "type": "object",
             "properties": {
               "baseUrl": {"type": "string", "format": "uri", "default": "https://sentry.io",
                           "description": "Sentry web and API root; set it for a self-hosted Sentry"},
               "organization": {"type": "string", "pattern": "^[a-z0-9][a-z0-9_-]*$",
                                "description": "Organization slug; default: the first organization the token sees"},
               "project": {"type": "string", "pattern": "^[a-z0-9][a-z0-9_-]*$",
                           "description": "Project slug whose environments are listed; default: all of the organization's"}},
             "additionalProperties": false}""";

    private static final List<SkillVariable> VARIABLES = List.of(
            new SkillVariable(AUTH_TOKEN_VARIABLE, "OAuth access token for the Sentry API (Authorization: Bearer)",
                    true),
            new SkillVariable(URL_VARIABLE, "Sentry web and API root, e.g. https://sentry.io", false),
            new SkillVariable(ORG_VARIABLE, "Slug of the configured Sentry organization", false));

    private static final OAuth2Endpoints DEFAULT_ENDPOINTS = SentryConstants.endpoints(SentryConstants.DEFAULT_BASE_URL);

    private final PluginDescriptor descriptor;
    private final SentryLinks links = new SentryLinks();

    public SentryProviderAdapter() {
        this(new ProviderHttp());
    }

    SentryProviderAdapter(ProviderHttp http) {
        super(http);
        this.descriptor = new PluginDescriptor(SentryConstants.ID, "Sentry", PluginVersion.of(getClass()),
                "Connects Sentry organizations (sentry.io or self-hosted) with OAuth 2.0 and looks up projects "
                        + "and environments.", CONFIG_SCHEMA, Set.of());
    }

    @Override
    public PluginDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public String service() {
        return SentryConstants.SERVICE;
    }

    /** The sentry.io endpoints; a self-hosted {@code baseUrl} replaces them per call. */
    @Override
    protected OAuth2Endpoints defaultEndpoints() {
        return DEFAULT_ENDPOINTS;
    }

    @Override
    protected OAuth2Endpoints endpoints(ProviderContext context) throws ProviderException {
        return SentryConstants.endpoints(baseUrl(context));
    }

    @Override
    public Set<String> metadataKinds() {
        return Set.of(KIND_PROJECTS, KIND_ENVIRONMENTS);
    }

    @Override
    public List<Map<String, Object>> metadata(String kind, ProviderContext context, AccessToken token)
            throws ProviderException {
        if (!metadataKinds().contains(kind)) {
            throw ProviderException.unsupported("metadata " + kind);
        }
        URI base = baseUrl(context);
        String organization = organization(base, context, token);
        if (kind.equals(KIND_PROJECTS)) {
            return list(api(base, "/organizations/" + segment(organization) + "/projects/"), context, token,
                    SentryProviderAdapter::project);
        }
        String path = ProviderConfig.string(context, PROJECT)
                .map(project -> "/projects/" + segment(organization) + "/" + segment(project) + "/environments/")
                .orElse("/organizations/" + segment(organization) + "/environments/");
        return list(api(base, path), context, token, SentryProviderAdapter::environment);
    }

    @Override
    public Set<String> satisfiedCapabilities() {
        return Set.of(SentryConstants.CAPABILITY);
    }

    @Override
    public List<SkillVariable> skillVariables() {
        return VARIABLES;
    }

    @Override
    public Map<String, SecretValue> skillVariableValues(ProviderContext context, AccessToken token)
            throws ProviderException {
        Map<String, SecretValue> values = new LinkedHashMap<>();
        values.put(AUTH_TOKEN_VARIABLE, token.value());
        values.put(URL_VARIABLE, SecretValue.of(baseUrl(context).toString()));
        ProviderConfig.string(context, ORGANIZATION).ifPresent(org -> values.put(ORG_VARIABLE, SecretValue.of(org)));
        return values;
    }

    private String organization(URI base, ProviderContext context, AccessToken token) throws ProviderException {
        Optional<String> configured = ProviderConfig.string(context, ORGANIZATION);
        if (configured.isPresent()) {
            return configured.get();
        }
        JsonNode organizations = http().getJson(api(base, "/organizations/"), token, context.clock(),
                "Sentry organizations request");
        if (!organizations.isArray()) {
            throw ProviderException.of(Reason.BAD_RESPONSE, "Sentry organizations answer is not a list");
        }
        if (organizations.isEmpty() || !organizations.get(0).path("slug").isTextual()) {
            throw ProviderException.of(Reason.BAD_RESPONSE, "the Sentry token sees no organization");
        }
        return organizations.get(0).path("slug").asText();
    }

    private List<Map<String, Object>> list(URI first, ProviderContext context, AccessToken token,
                                           Function<JsonNode, Map<String, Object>> mapper)
            throws ProviderException {
        List<Map<String, Object>> items = new ArrayList<>();
        URI next = first;
        for (int page = 0; page < SentryConstants.MAX_PAGES && next != null; page++) {
            ProviderHttp.Response response = http().send(http().jsonGet(next, token), "Sentry API request");
            JsonNode body = ProviderHttp.expectJson(response, context.clock(), "Sentry API request");
            if (!body.isArray()) {
                throw ProviderException.of(Reason.BAD_RESPONSE, "Sentry API answer is not a list");
            }
            body.forEach(node -> items.add(mapper.apply(node)));
            // the token goes nowhere but to the configured Sentry
            next = links.next(response.headers()).filter(uri -> sameOrigin(uri, first)).orElse(null);
        }
        return items;
    }

    private static Map<String, Object> project(JsonNode node) {
        Map<String, Object> project = new LinkedHashMap<>();
        project.put("id", node.path("id").asText());
        project.put("name", node.path("name").asText(node.path("slug").asText()));
        project.put("slug", node.path("slug").asText(null));
        project.put("platform", node.path("platform").asText(null));
        return project;
    }

    private static Map<String, Object> environment(JsonNode node) {
        Map<String, Object> environment = new LinkedHashMap<>();
        String name = node.path("name").asText();
        environment.put("id", node.path("id").asText(name));
        environment.put("name", name);
        return environment;
    }

    private static boolean sameOrigin(URI candidate, URI reference) {
        return reference.getScheme().equalsIgnoreCase(String.valueOf(candidate.getScheme()))
                && reference.getHost().equalsIgnoreCase(String.valueOf(candidate.getHost()))
                && reference.getPort() == candidate.getPort();
    }

    private static URI baseUrl(ProviderContext context) throws ProviderException {
        return ProviderConfig.baseUrl(context, BASE_URL, SentryConstants.DEFAULT_BASE_URL);
    }

    private static URI api(URI base, String path) {
        return ProviderConfig.resolve(base, "/api/0" + path);
    }

    private static String segment(String slug) {
        return URLEncoder.encode(slug, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
