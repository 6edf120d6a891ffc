package dev.switchboard.integrations.linear;

import dev.switchboard.spi.action.ActionParams;
import static dev.switchboard.integrations.linear.LinearResults.COMMENT_FIELDS;
import static dev.switchboard.integrations.linear.LinearResults.ISSUE_FIELDS;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.spi.AccessToken;
import dev.switchboard.spi.action.ActionException;
import dev.switchboard.spi.action.ActionRequest;
import dev.switchboard.spi.action.ActionResult;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The Linear actions: each checks its parameters, sends one GraphQL operation and maps the answer.
 *
 * <p>Idempotency: Linear takes no idempotency key, but its create inputs accept the new entity's id (a UUID v4).
 * {@code create_issue} and {@code add_comment} derive that id from the request's idempotency key, so a retried
 * invocation cannot create a second issue or comment; when Linear refuses the retry, the adapter looks the entity
 * up by that id and returns it with {@code replayed: true}. Updates set fields and are safe to repeat; a repeated
 * delete finds nothing and fails with not found.
 */
final class LinearActions {

    private static final String LIST_ISSUES = """
            query ListIssues($first: Int!, $after: String, $filter: IssueFilter) {
              issues(first: $first, after: $after, filter: $filter, orderBy: updatedAt) {
                nodes { ...IssueFields }
                pageInfo { hasNextPage endCursor } } }
            """ + ISSUE_FIELDS;
    private static final String GET_ISSUE = """
            query GetIssue($id: String!) {
              issue(id: $id) { ...IssueFields description comments(first: 20) { nodes { ...CommentFields } } } }
            """ + ISSUE_FIELDS + "\n" + COMMENT_FIELDS;
    private static final String CREATE_ISSUE = """
            mutation CreateIssue($input: IssueCreateInput!) {
              issueCreate(input: $input) { success issue { ...IssueFields } } }
            """ + ISSUE_FIELDS;
    private static final String UPDATE_ISSUE = """
            mutation UpdateIssue($id: String!, $input: IssueUpdateInput!) {
              issueUpdate(id: $id, input: $input) { success issue { ...IssueFields } } }
            """ + ISSUE_FIELDS;
    private static final String ADD_COMMENT = """
            mutation AddComment($input: CommentCreateInput!) {
              commentCreate(input: $input) { success comment { ...CommentFields } } }
            """ + COMMENT_FIELDS;
    private static final String FIND_ISSUE = """
            query FindIssue($id: String!) { issue(id: $id) { ...IssueFields } }
            """ + ISSUE_FIELDS;
    private static final String FIND_COMMENT = """
            query FindComment($id: String!) { comment(id: $id) { ...CommentFields } }
            """ + COMMENT_FIELDS;
    private static final String DELETE_ISSUE = """
            mutation DeleteIssue($id: String!) { issueDelete(id: $id) { success } }""";

    private static final Pattern UUID_PATTERN =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final List<String> UPDATABLE =
            List.of("title", "description", "priority", "labelIds", "assigneeId", "stateId", "projectId");

    private final LinearActionClient client;

    LinearActions(LinearActionClient client) {
        this.client = client;
    }

    ActionResult listIssues(ActionRequest request, AccessToken token) throws ActionException {
        ActionParams params = new ActionParams(request.params());
        Map<String, Object> filter = new LinkedHashMap<>();
        params.string("team").ifPresent(team -> filter.put("team", UUID_PATTERN.matcher(team).matches()
                ? Map.of("id", Map.of("eq", team)) : Map.of("key", Map.of("eqIgnoreCase", team))));
        params.string("state").ifPresent(state -> filter.put("state", Map.of("name", Map.of("eqIgnoreCase", state))));
        params.string("assignee").ifPresent(assignee -> filter.put("assignee", assigneeFilter(assignee)));
        params.string("projectId").ifPresent(project -> filter.put("project", Map.of("id", Map.of("eq", project))));
        params.string("query").ifPresent(query -> filter.put("or", List.of(
                Map.of("title", Map.of("containsIgnoreCase", query)),
                Map.of("description", Map.of("containsIgnoreCase", query)))));
        int first = params.integer("first", 1, LinearActionDefinitions.PAGE_CAP)
                .orElse(LinearActionDefinitions.DEFAULT_PAGE);
        Optional<String> after = params.string("after");
        params.check();

        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("first", first);
        after.ifPresent(cursor -> variables.put("after", cursor));
        if (!filter.isEmpty()) {
            variables.put("filter", filter);
        }
        JsonNode connection = client.execute(request, token, LIST_ISSUES, variables).path("issues");
        if (!connection.path("nodes").isArray()) {
            throw badAnswer("issues without nodes");
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("issues", mapAll(connection.path("nodes"), LinearResults::issue));
        JsonNode pageInfo = connection.path("pageInfo");
        boolean more = pageInfo.path("hasNextPage").asBoolean(false);
        data.put("hasNextPage", more);
        data.put("nextCursor", more && pageInfo.path("endCursor").isTextual() ? pageInfo.path("endCursor").asText() : null);
        return ActionResult.of(data);
    }

    ActionResult getIssue(ActionRequest request, AccessToken token) throws ActionException {
        ActionParams params = new ActionParams(request.params());
        String id = params.required("issueId");
        params.check();
        JsonNode issue = client.execute(request, token, GET_ISSUE, Map.of("id", id)).path("issue");
        if (!issue.isObject()) {
            throw ActionException.notFound("Linear: issue not found");
        }
        return ActionResult.of(Map.of("issue", LinearResults.issue(issue)));
    }

    ActionResult createIssue(ActionRequest request, AccessToken token) throws ActionException {
        ActionParams params = new ActionParams(request.params());
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("teamId", params.required("teamId"));
        input.put("title", params.required("title"));
        optionalFields(params, input, List.of("description", "priority", "labelIds", "assigneeId", "stateId",
                "projectId"));
        params.check();
        String id = entityId(request, "issue");
        if (id != null) {
            input.put("id", id);
        }
        return created(request, token, id, () -> client.execute(request, token, CREATE_ISSUE, Map.of("input", input)),
                "issueCreate", "issue", FIND_ISSUE, LinearResults::issue);
    }

    ActionResult updateIssue(ActionRequest request, AccessToken token) throws ActionException {
        ActionParams params = new ActionParams(request.params());
        String id = params.required("issueId");
        Map<String, Object> input = new LinkedHashMap<>();
        optionalFields(params, input, UPDATABLE);
        if (!params.anyOf(Set.copyOf(UPDATABLE))) {
            params.problem("fields", "give at least one of " + String.join(", ", UPDATABLE));
        }
        params.check();
        JsonNode result = client.execute(request, token, UPDATE_ISSUE, Map.of("id", id, "input", input))
                .path("issueUpdate");
        return ActionResult.of(Map.of("issue", LinearResults.issue(successful(result, "issueUpdate", "issue"))));
    }

    ActionResult addComment(ActionRequest request, AccessToken token) throws ActionException {
        ActionParams params = new ActionParams(request.params());
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("issueId", params.required("issueId"));
        input.put("body", params.required("body"));
        params.check();
        String id = entityId(request, "comment");
        if (id != null) {
            input.put("id", id);
        }
        return created(request, token, id, () -> client.execute(request, token, ADD_COMMENT, Map.of("input", input)),
                "commentCreate", "comment", FIND_COMMENT, LinearResults::comment);
    }

    ActionResult deleteIssue(ActionRequest request, AccessToken token) throws ActionException {
        ActionParams params = new ActionParams(request.params());
        String id = params.required("issueId");
        params.check();
        JsonNode result = client.execute(request, token, DELETE_ISSUE, Map.of("id", id)).path("issueDelete");
        if (!result.path("success").asBoolean(false)) {
            throw badAnswer("issueDelete without success");
        }
        return ActionResult.of(Map.of("issueId", id, "deleted", true));
    }

    /** Sends a create mutation; a refused retry of the same invocation returns the entity made the first time. */
    private ActionResult created(ActionRequest request, AccessToken token, String id, Mutation mutation,
                                 String operation, String field, String findQuery,
                                 Function<JsonNode, Map<String, Object>> mapper) throws ActionException {
        try {
            JsonNode result = mutation.send().path(operation);
            return ActionResult.of(Map.of(field, mapper.apply(successful(result, operation, field))));
        } catch (ActionException refused) {
            if (id == null || refused.kind() != ActionException.Kind.UPSTREAM_ERROR
                    || refused.upstreamStatus().isEmpty()) {
                throw refused;
            }
            Optional<JsonNode> existing = find(request, token, findQuery, field, id);
            if (existing.isEmpty()) {
                throw refused;
            }
            Map<String, Object> data = new LinkedHashMap<>();
            data.put(field, mapper.apply(existing.get()));
            data.put("replayed", true);
            return ActionResult.of(data);
        }
    }

    private Optional<JsonNode> find(ActionRequest request, AccessToken token, String query, String field, String id) {
        try {
            JsonNode node = client.execute(request, token, query, Map.of("id", id)).path(field);
            return node.isObject() ? Optional.of(node) : Optional.empty();
        } catch (ActionException e) {
            // the caller reports the original refusal
            return Optional.empty();
        }
    }

    private static JsonNode successful(JsonNode result, String operation, String field) throws ActionException {
        if (!result.path("success").asBoolean(false) || !result.path(field).isObject()) {
            throw badAnswer(operation + " without success");
        }
        return result.path(field);
    }

    private static void optionalFields(ActionParams params, Map<String, Object> input, List<String> fields) {
        for (String field : fields) {
            switch (field) {
                case "priority" -> params.integer(field, 0, 4).ifPresent(value -> input.put(field, value));
                case "labelIds" -> params.strings(field).ifPresent(value -> input.put(field, value));
                case "assigneeId" -> {
                    if (params.has(field)) {
                        input.put(field, params.nullableString(field));
                    }
                }
                default -> params.string(field).ifPresent(value -> input.put(field, value));
            }
        }
    }

    private static Map<String, Object> assigneeFilter(String assignee) {
        if (assignee.equalsIgnoreCase("me")) {
            return Map.of("isMe", Map.of("eq", true));
        }
        if (assignee.contains("@")) {
            return Map.of("email", Map.of("eqIgnoreCase", assignee));
        }
        if (UUID_PATTERN.matcher(assignee).matches()) {
            return Map.of("id", Map.of("eq", assignee));
        }
        return Map.of("or", List.of(Map.of("name", Map.of("eqIgnoreCase", assignee)),
                Map.of("displayName", Map.of("eqIgnoreCase", assignee))));
    }

    /**
     * The id of the entity an invocation creates: a UUID v4 derived from its idempotency key (and organization),
     * so every retry of the invocation names the same entity; {@code null} without a key.
     */
    static String entityId(ActionRequest request, String kind) {
        return request.optionalIdempotencyKey().map(key -> {
            byte[] hash = sha256("switchboard/linear/" + kind + "/" + request.context().organizationId() + "/" + key);
            hash[6] = (byte) ((hash[6] & 0x0f) | 0x40);
            hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
            ByteBuffer bytes = ByteBuffer.wrap(hash);
            return new UUID(bytes.getLong(), bytes.getLong()).toString();
        }).orElse(null);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static List<Object> mapAll(JsonNode nodes, Function<JsonNode, Map<String, Object>> mapper) {
        List<Object> items = new ArrayList<>();
        nodes.forEach(node -> items.add(mapper.apply(node)));
        return items;
    }

    private static ActionException badAnswer(String what) {
        return ActionException.upstream(200, LinearActionClient.WHAT + ": answer with " + what, null);
    }

    @FunctionalInterface
    private interface Mutation {
        JsonNode send() throws ActionException;
    }
}
