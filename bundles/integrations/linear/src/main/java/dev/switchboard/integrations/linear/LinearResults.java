package dev.switchboard.integrations.linear;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.integrations.oauth2.ProviderHttp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The GraphQL selections the actions ask Linear for, and how the answers become the plain values the agent
 * sees: one stable shape per entity, connections flattened to lists.
 */
final class LinearResults {

    /** The fields of an issue in lists and mutation results. */
    static final String ISSUE_FIELDS = """
            fragment IssueFields on Issue {
              id identifier title priority priorityLabel url createdAt updatedAt
              state { id name type } team { id key name } assignee { id name email }
              project { id name } labels { nodes { id name } } }""";

    /** The fields of a comment. */
    static final String COMMENT_FIELDS = """
            fragment CommentFields on Comment {
              id body url createdAt user { id name } issue { id identifier } }""";

    private LinearResults() {
    }

    /** An issue; {@code description} and {@code comments} only when they were selected. */
    static Map<String, Object> issue(JsonNode node) {
        Map<String, Object> issue = new LinkedHashMap<>();
        for (String field : List.of("id", "identifier", "title")) {
            issue.put(field, text(node, field));
        }
        issue.put("priority", node.path("priority").isNumber() ? node.path("priority").numberValue() : null);
        for (String field : List.of("priorityLabel", "url", "createdAt", "updatedAt")) {
            issue.put(field, text(node, field));
        }
        for (String field : List.of("state", "team", "assignee", "project")) {
            issue.put(field, ProviderHttp.toPlain(node.get(field)));
        }
        issue.put("labels", nodes(node.path("labels")));
        if (node.has("description")) {
            issue.put("description", text(node, "description"));
        }
        if (node.has("comments")) {
            List<Object> comments = new ArrayList<>();
            node.path("comments").path("nodes").forEach(comment -> comments.add(comment(comment)));
            issue.put("comments", comments);
        }
        return issue;
    }

    /** A comment. */
    static Map<String, Object> comment(JsonNode node) {
        Map<String, Object> comment = new LinkedHashMap<>();
        for (String field : List.of("id", "body", "url", "createdAt")) {
            comment.put(field, text(node, field));
        }
        comment.put("user", ProviderHttp.toPlain(node.get("user")));
        if (node.has("issue")) {
            comment.put("issue", ProviderHttp.toPlain(node.get("issue")));
        }
        return comment;
    }

    /** The {@code nodes} of a connection as plain values; empty when absent. */
    static List<Object> nodes(JsonNode connection) {
        List<Object> items = new ArrayList<>();
        connection.path("nodes").forEach(node -> items.add(ProviderHttp.toPlain(node)));
        return items;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isNull() || value.isMissingNode() ? null : value.asText();
    }
}
