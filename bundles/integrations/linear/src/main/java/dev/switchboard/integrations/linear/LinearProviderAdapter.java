package dev.switchboard.integrations.linear;

import static dev.switchboard.integrations.linear.LinearConstants.ACCESS_TOKEN_VARIABLE;
import static dev.switchboard.integrations.linear.LinearConstants.API_BASE_URL;
import static dev.switchboard.integrations.linear.LinearConstants.API_URL_VARIABLE;
import static dev.switchboard.integrations.linear.LinearConstants.KIND_LABELS;
import static dev.switchboard.integrations.linear.LinearConstants.KIND_STATES;
import static dev.switchboard.integrations.linear.LinearConstants.KIND_TEAMS;
import static dev.switchboard.integrations.linear.LinearConstants.TEAM_ID;

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
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Connects Linear workspaces through Linear's OAuth 2.0 ({@link LinearConstants#ENDPOINTS}) and looks up
 * {@code teams}, workflow {@code states} and issue {@code labels} through the GraphQL API; states and labels are
 * limited to the configured {@code teamId} when there is one. Fills {@code LINEAR_ACCESS_TOKEN} and
 * {@code LINEAR_API_URL} for skills.
 */
@Component(service = ProviderAdapter.class)
public final class LinearProviderAdapter extends OAuth2ProviderAdapter {

    private static final String CONFIG_SCHEMA = """
            {"$schema": "https://json-schema.org/draft/2020-12/schema",
             "type": "object",
             "properties": {
               "apiBaseUrl": {"type": "string", "format": "uri", "default": "https://api.linear.app",
                              "description": "Linear API root hosting /graphql; change only for proxies and tests"},
               "teamId": {"type": "string", "minLength": 1,
                          "description": "Limits the states and labels look-ups to this team (its id)"}},
             "additionalProperties": false}""";

    private static final String TEAMS = """
            query Teams($first: Int!, $after: String) {
              teams(first: $first, after: $after) {
                nodes { id name key }
                pageInfo { hasNextPage endCursor } } }""";
    private static final String STATES = """
            query States($first: Int!, $after: String, $filter: WorkflowStateFilter) {
              workflowStates(first: $first, after: $after, filter: $filter) {
                nodes { id name type color position team { id } }
                pageInfo { hasNextPage endCursor } } }""";
    private static final String LABELS = """
            query Labels($first: Int!, $after: String, $filter: IssueLabelFilter) {
              issueLabels(first: $first, after: $after, filter: $filter) {
                nodes { id name color team { id } }
                pageInfo { hasNextPage endCursor } } }""";

    private static final List<SkillVariable> VARIABLES = List.of(
            new SkillVariable(ACCESS_TOKEN_VARIABLE, "OAuth access token for the Linear API (Authorization: Bearer)",
                    true),
            new SkillVariable(API_URL_VARIABLE, "URL of Linear's GraphQL API", false));

    private final OAuth2Endpoints endpoints;
    private final LinearGraphQl graphQl;
    private final PluginDescriptor descriptor;

    public LinearProviderAdapter() {
        this(LinearConstants.ENDPOINTS, new ProviderHttp());
    }

    LinearProviderAdapter(OAuth2Endpoints endpoints, ProviderHttp http) {
        super(http);
        this.endpoints = endpoints;
        this.graphQl = new LinearGraphQl(http);
        this.descriptor = new PluginDescriptor(LinearConstants.ID, "Linear", PluginVersion.of(getClass()),
                "Connects Linear workspaces with OAuth 2.0 and looks up teams, workflow states and labels.",
                CONFIG_SCHEMA, Set.of());
    }

    @Override
    public PluginDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public String service() {
        return LinearConstants.SERVICE;
    }

    @Override
    protected OAuth2Endpoints defaultEndpoints() {
        return endpoints;
    }

    @Override
    public Set<String> metadataKinds() {
        return Set.of(KIND_TEAMS, KIND_STATES, KIND_LABELS);
    }

    @Override
    public List<Map<String, Object>> metadata(String kind, ProviderContext context, AccessToken token)
            throws ProviderException {
        Optional<String> teamId = ProviderConfig.string(context, TEAM_ID);
        return switch (kind) {
            case KIND_TEAMS -> list(context, token, TEAMS, "teams", Map.of(), LinearProviderAdapter::team);
            case KIND_STATES -> list(context, token, STATES, "workflowStates", teamFilter(teamId),
                    LinearProviderAdapter::state);
            case KIND_LABELS -> list(context, token, LABELS, "issueLabels", teamFilter(teamId),
                    LinearProviderAdapter::label);
            default -> throw ProviderException.unsupported("metadata " + kind);
        };
    }

    @Override
    public Set<String> satisfiedCapabilities() {
        return Set.of(LinearConstants.CAPABILITY);
    }

    @Override
    public List<SkillVariable> skillVariables() {
        return VARIABLES;
    }

    @Override
    public Map<String, SecretValue> skillVariableValues(ProviderContext context, AccessToken token)
            throws ProviderException {
        return Map.of(ACCESS_TOKEN_VARIABLE, token.value(),
                API_URL_VARIABLE, SecretValue.of(graphQlUrl(context).toString()));
    }

    private List<Map<String, Object>> list(ProviderContext context, AccessToken token, String query, String field,
                                           Map<String, Object> filter, Function<JsonNode, Map<String, Object>> mapper)
            throws ProviderException {
        URI endpoint = graphQlUrl(context);
        List<Map<String, Object>> items = new ArrayList<>();
        String after = null;
        for (int page = 0; page < LinearConstants.MAX_PAGES; page++) {
            Map<String, Object> variables = new LinkedHashMap<>();
            variables.put("first", LinearConstants.PAGE_SIZE);
            if (after != null) {
                variables.put("after", after);
            }
            if (!filter.isEmpty()) {
                variables.put("filter", filter);
            }
            JsonNode connection = graphQl.query(endpoint, token, query, variables, context.clock()).path(field);
            JsonNode nodes = connection.path("nodes");
            if (!nodes.isArray()) {
                throw ProviderException.of(Reason.BAD_RESPONSE, "Linear " + field + " answer without nodes");
            }
            nodes.forEach(node -> items.add(mapper.apply(node)));
            JsonNode pageInfo = connection.path("pageInfo");
            if (!pageInfo.path("hasNextPage").asBoolean(false) || !pageInfo.path("endCursor").isTextual()) {
                break;
            }
            after = pageInfo.path("endCursor").asText();
        }
        return items;
    }

    private static Map<String, Object> teamFilter(Optional<String> teamId) {
        return teamId.<Map<String, Object>>map(id -> Map.of("team", Map.of("id", Map.of("eq", id)))).orElse(Map.of());
    }

    private static Map<String, Object> team(JsonNode node) {
        Map<String, Object> team = base(node);
        team.put("key", node.path("key").asText(null));
        return team;
    }

    private static Map<String, Object> state(JsonNode node) {
        Map<String, Object> state = base(node);
        state.put("type", node.path("type").asText(null));
        state.put("color", node.path("color").asText(null));
        state.put("position", node.path("position").isNumber() ? node.path("position").numberValue() : null);
        state.put("teamId", node.path("team").path("id").asText(null));
        return state;
    }

    private static Map<String, Object> label(JsonNode node) {
        Map<String, Object> label = base(node);
        label.put("color", node.path("color").asText(null));
        label.put("teamId", node.path("team").path("id").asText(null));
        return label;
    }

    private static Map<String, Object> base(JsonNode node) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", node.path("id").asText());
        item.put("name", node.path("name").asText());
        return item;
    }

    private static URI graphQlUrl(ProviderContext context) throws ProviderException {
        URI base = ProviderConfig.baseUrl(context, API_BASE_URL, LinearConstants.DEFAULT_API_BASE_URL);
        return ProviderConfig.resolve(base, LinearConstants.GRAPHQL_PATH);
    }
}
