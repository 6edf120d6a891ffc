package dev.switchboard.inbox.internal;

import dev.switchboard.actions.AvailableAction;
import dev.switchboard.llm.ToolSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The tools a skill's loop offers the model: the session's available actions that the skill's {@code allowedTools}
 * name ({@code integration.action}, {@code integration.*} or {@code integration} for all of an integration's
 * actions, {@code *} for every one; none when the list is empty). On the wire a tool is called
 * {@code <integration>__<action>} (function names allow no dots), made safe and unique.
 */
final class ToolSet {

    static final int MAX_TOOLS = 64;

    private final Map<String, AvailableAction> byName;
    private static final com.fasterxml.jackson.databind.ObjectMapper SCHEMA_READER =
            new com.fasterxml.jackson.databind.ObjectMapper();
    private final List<ToolSpec> specs;

    private ToolSet(Map<String, AvailableAction> byName, List<ToolSpec> specs) {
        this.byName = byName;
        this.specs = specs;
    }

    static ToolSet of(List<AvailableAction> available, List<String> allowedTools) {
        Map<String, AvailableAction> byName = new LinkedHashMap<>();
        List<ToolSpec> specs = new ArrayList<>();
        for (AvailableAction action : available) {
            if (specs.size() >= MAX_TOOLS || !allowed(action, allowedTools) || !jsonObject(action.paramsSchema())) {
                continue;
            }
            String name = uniqueName(action, byName);
            try {
                specs.add(new ToolSpec(name, describe(action), action.paramsSchema()));
                byName.put(name, action);
            } catch (IllegalArgumentException e) {
                // a name that cannot be made valid: the action is not offered
            }
        }
        return new ToolSet(byName, List.copyOf(specs));
    }

    /** Whether an adapter's parameter schema is a JSON object the LLM request can carry; others are not offered. */
    private static boolean jsonObject(String schema) {
        try {
            return schema != null && SCHEMA_READER.readTree(schema).isObject();
        } catch (java.io.IOException e) {
            return false;
        }
    }

    static boolean allowed(AvailableAction action, List<String> allowedTools) {
        for (String entry : allowedTools) {
            String allowed = entry == null ? "" : entry.trim();
            if (allowed.equals("*") || allowed.equals(action.integration())
                    || allowed.equals(action.integration() + ".*")
                    || allowed.equals(action.integration() + "." + action.action())) {
                return true;
            }
        }
        return false;
    }

    private static String uniqueName(AvailableAction action, Map<String, AvailableAction> taken) {
        String base = safe(action.integration()) + "__" + safe(action.action());
        base = base.length() > 60 ? base.substring(0, 60) : base;
        String name = base;
        for (int i = 2; taken.containsKey(name); i++) {
            name = base + "_" + i;
        }
        return name;
    }

    private static String safe(String part) {
        return part.replaceAll("[^A-Za-z0-9_-]", "_");
    }

    private static String describe(AvailableAction action) {
        String risk = action.riskLevel() == null ? "" : action.riskLevel().toLowerCase(Locale.ROOT);
        String note = switch (risk) {
            case "write" -> " (a write: it may wait for a person's approval)";
            case "danger" -> " (dangerous: denied by policy)";
            default -> "";
        };
        return action.integration() + "." + action.action() + ": " + action.description() + note;
    }

    List<ToolSpec> specs() {
        return specs;
    }

    Optional<AvailableAction> action(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    int size() {
        return specs.size();
    }
}
