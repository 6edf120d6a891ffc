package dev.switchboard.integrations.sentry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.integrations.oauth2.ProviderHttp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How Sentry's issues and events become the plain values the agent sees: the fields that help triage, with
 * stack traces cut to the frames nearest the crash.
 */
final class SentryResults {

    /** Frames kept per exception, counted from the crashing frame. */
    static final int MAX_FRAMES = 20;

    private static final List<String> ISSUE_FIELDS = List.of("id", "shortId", "title", "culprit", "level", "status",
            "substatus", "permalink", "count", "userCount", "firstSeen", "lastSeen", "platform");
    private static final List<String> EVENT_FIELDS = List.of("eventID", "groupID", "title", "message",
            "dateCreated", "platform");

    private SentryResults() {
    }

    static Map<String, Object> issue(JsonNode node) {
        Map<String, Object> issue = copy(node, ISSUE_FIELDS);
        JsonNode project = node.path("project");
        issue.put("project", project.isObject() ? copy(project, List.of("id", "slug", "name")) : null);
        issue.put("assignedTo", ProviderHttp.toPlain(node.get("assignedTo")));
        issue.put("metadata", ProviderHttp.toPlain(node.get("metadata")));
        return issue;
    }

    /** An event as listed: what happened when, and its tags. */
    static Map<String, Object> eventSummary(JsonNode node) {
        Map<String, Object> event = copy(node, EVENT_FIELDS);
        event.put("tags", tags(node.path("tags")));
        return event;
    }

    /** One event in full: the summary plus its exceptions (with the frames nearest the crash) and request. */
    static Map<String, Object> event(JsonNode node) {
        Map<String, Object> event = eventSummary(node);
        event.put("culprit", text(node.path("culprit")));
        JsonNode release = node.path("release");
        event.put("release", release.isObject() ? text(release.path("version")) : text(release));
        List<Object> exceptions = new ArrayList<>();
        Object request = null;
        for (JsonNode entry : node.path("entries")) {
            String type = entry.path("type").asText("");
            if (type.equals("exception")) {
                entry.path("data").path("values").forEach(value -> exceptions.add(exception(value)));
            } else if (type.equals("request")) {
                request = copy(entry.path("data"), List.of("method", "url"));
            }
        }
        event.put("exceptions", exceptions);
        event.put("request", request);
        return event;
    }

    private static Map<String, Object> exception(JsonNode value) {
        Map<String, Object> exception = copy(value, List.of("type", "value", "module"));
        JsonNode frames = value.path("stacktrace").path("frames");
        List<Object> kept = new ArrayList<>();
        for (int i = Math.max(0, frames.size() - MAX_FRAMES); i < frames.size(); i++) {
            JsonNode frame = frames.get(i);
            Map<String, Object> copied = copy(frame, List.of("filename", "function", "module", "lineNo", "colNo"));
            copied.put("inApp", frame.path("inApp").isBoolean() ? frame.path("inApp").asBoolean() : null);
            kept.add(copied);
        }
        exception.put("frames", kept);
        return exception;
    }

    private static Map<String, Object> tags(JsonNode tags) {
        Map<String, Object> map = new LinkedHashMap<>();
        tags.forEach(tag -> map.put(tag.path("key").asText(), text(tag.path("value"))));
        return map;
    }

    private static Map<String, Object> copy(JsonNode node, List<String> fields) {
        Map<String, Object> copied = new LinkedHashMap<>();
        for (String field : fields) {
            JsonNode value = node.path(field);
            copied.put(field, value.isValueNode() && !value.isNull() ? ProviderHttp.toPlain(value) : null);
        }
        return copied;
    }

    private static String text(JsonNode value) {
        return value.isValueNode() && !value.isNull() ? value.asText() : null;
    }
}
