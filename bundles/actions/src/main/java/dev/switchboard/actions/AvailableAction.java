package dev.switchboard.actions;

import java.util.Objects;

/**
 * One action a session may invoke.
 *
 * @param integration  the action adapter's id (e.g. {@code linear})
 * @param action       the action's name within it (e.g. {@code create_issue})
 * @param description  what it does, for people and models
 * @param riskLevel    {@code read}, {@code write} or {@code danger}
 * @param paramsSchema the parameters' JSON Schema as JSON text (an object)
 */
public record AvailableAction(String integration, String action, String description, String riskLevel,
                              String paramsSchema) {

    public AvailableAction {
        Objects.requireNonNull(integration, "integration");
        Objects.requireNonNull(action, "action");
        description = description == null ? "" : description;
        paramsSchema = paramsSchema == null || paramsSchema.isBlank() ? "{\"type\": \"object\"}" : paramsSchema;
    }
}
