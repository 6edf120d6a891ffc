package dev.switchboard.integrations.posthog;

import dev.switchboard.spi.AccessToken;
import dev.switchboard.spi.PluginDescriptor;
import dev.switchboard.spi.SecretValue;
import dev.switchboard.spi.provider.AuthKind;
import dev.switchboard.spi.provider.ProviderAdapter;
import dev.switchboard.spi.provider.ProviderContext;
import dev.switchboard.spi.provider.ProviderException;
import dev.switchboard.spi.provider.ProviderException.Reason;
import dev.switchboard.spi.provider.SkillVariable;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import java.net.URI;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * PostHog through a personal API key that an admin enters ({@link AuthKind#API_KEY}); nothing is minted or
 * refreshed. {@link #resolveToken} returns the configured key as a bearer token without a network call.
 *
 * <p><b>Checking a key on connect.</b> The SPI has no validation hook, so the engine checks a newly entered key
 * by calling {@code metadata("projects", context, resolveToken(context))} before it stores the integration:
 * an invalid key fails with {@link Reason#UNAUTHORIZED} (HTTP 401), a key without {@code project:read} scope
 * with {@code UNAUTHORIZED} too (HTTP 403). Kind {@code user} ({@code GET /api/users/@me/}) identifies the key's
 * owner; it needs the {@code user:read} scope, which narrowly scoped keys may lack, so it is not the check.
 */
@Component(service = ProviderAdapter.class)
public final class PostHogProviderAdapter implements ProviderAdapter {

    private static final String CONFIG_SCHEMA = """
            {"type": "object",
             "properties": {
               "apiKey": {"type": "string", "minLength": 1, "writeOnly": true, "format": "password",
                 "title": "Personal API key",
                 "description": "A PostHog personal API key (phx_...) with at least the project:read scope"},
               "apiBaseUrl": {"type": "string", "format": "uri", "default": "https://us.posthog.com",
                 "title": "PostHog instance",
                 "description": "https://us.posthog.com (US Cloud), https://eu.posthog.com (EU Cloud) or your self-hosted URL",
                 "examples": ["https://us.posthog.com", "https://eu.posthog.com"]}},
             "required": ["apiKey"],
             "additionalProperties": false}""";

    private static final PluginDescriptor DESCRIPTOR = new PluginDescriptor(PostHogConstants.ID, "PostHog", "1.0.0",
            "Connects a PostHog instance (US, EU or self-hosted) with a personal API key.", CONFIG_SCHEMA, Set.of());

    private static final List<SkillVariable> VARIABLES = List.of(
            new SkillVariable(PostHogConstants.API_KEY_VARIABLE, "PostHog personal API key", true),
            new SkillVariable(PostHogConstants.HOST_VARIABLE, "PostHog instance URL, e.g. https://eu.posthog.com",
                    false));

    private final PostHogApi api;

    @Activate
    public PostHogProviderAdapter() {
        this(HttpClient.newBuilder().connectTimeout(PostHogConstants.CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).build());
    }

    PostHogProviderAdapter(HttpClient http) {
        this.api = new PostHogApi(http);
    }

    @Override
    public PluginDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public String service() {
        return PostHogConstants.SERVICE;
    }

    @Override
    public AuthKind authKind() {
        return AuthKind.API_KEY;
    }

    /** The configured key; personal API keys do not expire on their own. */
    @Override
    public AccessToken resolveToken(ProviderContext context) throws ProviderException {
        return new AccessToken(PostHogConfig.from(context.config()).apiKey(), "Bearer", null);
    }

    @Override
    public Set<String> metadataKinds() {
        return Set.of(PostHogConstants.METADATA_PROJECTS, PostHogConstants.METADATA_USER);
    }

    @Override
    public List<Map<String, Object>> metadata(String kind, ProviderContext context, AccessToken token)
            throws ProviderException {
        URI base = PostHogConfig.baseUrl(context.config());
        return switch (kind) {
            case PostHogConstants.METADATA_PROJECTS -> projects(base, token.value());
            case PostHogConstants.METADATA_USER -> List.of(user(base, token.value()));
            default -> throw ProviderException.unsupported("metadata " + kind);
        };
    }

    /** {@code GET /api/projects/}, following {@code next} on the same instance only, up to 500 projects. */
    private List<Map<String, Object>> projects(URI base, SecretValue apiKey) throws ProviderException {
        List<Map<String, Object>> projects = new ArrayList<>();
        URI page = URI.create(base + PostHogConstants.PROJECTS_PATH);
        while (page != null && projects.size() < PostHogConstants.MAX_PROJECTS) {
            Map<String, Object> body = api.get(page, apiKey);
            if (!(body.get("results") instanceof List<?> results)) {
                throw ProviderException.of(Reason.BAD_RESPONSE, "PostHog /api/projects/ returned no results");
            }
            for (Object element : results) {
                if (element instanceof Map<?, ?> project && project.get("id") != null
                        && projects.size() < PostHogConstants.MAX_PROJECTS) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("id", String.valueOf(project.get("id")));
                    row.put("name", project.get("name") instanceof String name ? name : row.get("id"));
                    if (project.get("uuid") instanceof String uuid) {
                        row.put("uuid", uuid);
                    }
                    projects.add(row);
                }
            }
            page = next(base, body.get("next"));
        }
        return projects;
    }

    /** The key goes only where the base URL points: a {@code next} link to anywhere else ends the listing. */
    private static URI next(URI base, Object next) {
        if (!(next instanceof String link) || link.isBlank()) {
            return null;
        }
        URI uri = URI.create(link);
        boolean sameInstance = Objects.equals(uri.getScheme(), base.getScheme())
                && Objects.equals(uri.getHost(), base.getHost()) && uri.getPort() == base.getPort()
                && uri.getRawPath() != null && uri.getRawPath().startsWith(base.getRawPath() + "/api/");
        return sameInstance ? uri : null;
    }

    /** {@code GET /api/users/@me/}: who the key belongs to. */
    private Map<String, Object> user(URI base, SecretValue apiKey) throws ProviderException {
        Map<String, Object> me = api.get(URI.create(base + PostHogConstants.CURRENT_USER_PATH), apiKey);
        Object id = me.get("uuid") != null ? me.get("uuid") : me.get("id");
        if (id == null) {
            throw ProviderException.of(Reason.BAD_RESPONSE, "PostHog /api/users/@me/ returned no user id");
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", String.valueOf(id));
        String email = me.get("email") instanceof String text ? text : null;
        String firstName = me.get("first_name") instanceof String text && !text.isBlank() ? text : null;
        row.put("name", firstName != null ? firstName : email != null ? email : row.get("id"));
        if (email != null) {
            row.put("email", email);
        }
        return row;
    }

    @Override
    public Set<String> satisfiedCapabilities() {
        return Set.of(PostHogConstants.CAPABILITY);
    }

    @Override
    public List<SkillVariable> skillVariables() {
        return VARIABLES;
    }

    @Override
    public Map<String, SecretValue> skillVariableValues(ProviderContext context, AccessToken token)
            throws ProviderException {
        Map<String, SecretValue> values = new LinkedHashMap<>();
        if (!token.isNone()) {
            values.put(PostHogConstants.API_KEY_VARIABLE, token.value());
        }
        values.put(PostHogConstants.HOST_VARIABLE, SecretValue.of(PostHogConfig.baseUrl(context.config()).toString()));
        return values;
    }
}
