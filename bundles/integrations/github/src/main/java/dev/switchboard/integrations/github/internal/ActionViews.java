package dev.switchboard.integrations.github.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the agent gets back: the fields of GitHub's issues, pull requests and comments it needs to act on, not
 * GitHub's full objects (the engine replaces a result over 10 KB by a truncation marker, so a page of full
 * issues would arrive as nothing). Long bodies are cut at {@link #MAX_BODY} characters and say so.
 */
public final class ActionViews {

    /** Characters of an issue or comment body returned at most. */
    public static final int MAX_BODY = 4000;

    private ActionViews() {
    }

    /** An issue; {@code withBody} for single-issue results. */
    public static Map<String, Object> issue(Map<String, Object> json, boolean withBody) {
        Map<String, Object> view = new LinkedHashMap<>();
        Json.id(json, "number").map(Long::valueOf).ifPresent(number -> view.put("number", number));
        copyText(json, "title", view, "title");
        copyText(json, "state", view, "state");
        copyText(json, "state_reason", view, "state_reason");
        copyText(json, "html_url", view, "url");
        login(json, "user").ifPresent(login -> view.put("author", login));
        view.put("labels", names(json.get("labels"), "name"));
        view.put("assignees", names(json.get("assignees"), "login"));
        if (json.get("comments") instanceof Number comments) {
            view.put("comments", comments.longValue());
        }
        if (json.containsKey("pull_request")) {
            view.put("is_pull_request", true);
        }
        copyText(json, "created_at", view, "created_at");
        copyText(json, "updated_at", view, "updated_at");
        copyText(json, "closed_at", view, "closed_at");
        if (withBody) {
            body(json, view);
        }
        return view;
    }

    /** A pull request as listed. */
    public static Map<String, Object> pullRequest(Map<String, Object> json) {
        Map<String, Object> view = new LinkedHashMap<>();
        Json.id(json, "number").map(Long::valueOf).ifPresent(number -> view.put("number", number));
        copyText(json, "title", view, "title");
        copyText(json, "state", view, "state");
        if (json.get("draft") instanceof Boolean draft) {
            view.put("draft", draft);
        }
        copyText(json, "html_url", view, "url");
        login(json, "user").ifPresent(login -> view.put("author", login));
        Json.object(json, "head").ifPresent(head -> {
            copyText(head, "ref", view, "head_ref");
            copyText(head, "sha", view, "head_sha");
        });
        Json.object(json, "base").ifPresent(base -> copyText(base, "ref", view, "base_ref"));
        view.put("labels", names(json.get("labels"), "name"));
        copyText(json, "created_at", view, "created_at");
        copyText(json, "updated_at", view, "updated_at");
        copyText(json, "merged_at", view, "merged_at");
        return view;
    }

    /** An issue comment or a pull request review comment just created. */
    public static Map<String, Object> comment(Map<String, Object> json) {
        Map<String, Object> view = new LinkedHashMap<>();
        Json.id(json, "id").map(Long::valueOf).ifPresent(id -> view.put("id", id));
        copyText(json, "html_url", view, "url");
        login(json, "user").ifPresent(login -> view.put("author", login));
        copyText(json, "path", view, "path");
        if (json.get("line") instanceof Number line) {
            view.put("line", line.longValue());
        }
        copyText(json, "side", view, "side");
        copyText(json, "commit_id", view, "commit_id");
        copyText(json, "created_at", view, "created_at");
        return view;
    }

    private static void body(Map<String, Object> json, Map<String, Object> view) {
        String body = json.get("body") instanceof String text ? text : "";
        if (body.length() > MAX_BODY) {
            view.put("body", body.substring(0, MAX_BODY));
            view.put("body_truncated", true);
        } else {
            view.put("body", body);
        }
    }

    private static Optional<String> login(Map<String, Object> json, String field) {
        return Json.object(json, field).flatMap(user -> Json.text(user, "login"));
    }

    private static List<String> names(Object array, String field) {
        List<String> names = new ArrayList<>();
        if (array instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof Map<?, ?> map && map.get(field) instanceof String name) {
                    names.add(name);
                } else if (item instanceof String name) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    private static void copyText(Map<String, Object> from, String field, Map<String, Object> to, String as) {
        Json.text(from, field).ifPresent(value -> to.put(as, value));
    }
}
