package dev.switchboard.spi.action;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One action an adapter offers.
 *
 * @param name         lower-case letters, digits and '_', starting with a letter, e.g. {@code create_issue};
 *                     unique within the adapter
 * @param description  one sentence for the agent and the approval UI
 * @param riskLevel    how much harm it can do
 * @param paramsSchema JSON Schema (draft 2020-12) of the parameters object, as JSON text; the engine validates
 *                     parameters against it before {@link ActionAdapter#execute} and renders forms from it
 */
public record ActionDefinition(String name, String description, RiskLevel riskLevel, String paramsSchema) {

    /** Schema of an action without parameters. */
    public static final String NO_PARAMS_SCHEMA = "{\"type\":\"object\",\"additionalProperties\":false}";

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    public ActionDefinition {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("action name must match " + NAME + ": " + name);
        }
        description = description == null ? "" : description;
        Objects.requireNonNull(riskLevel, "riskLevel");
        paramsSchema = paramsSchema == null ? NO_PARAMS_SCHEMA : paramsSchema.strip();
        if (!paramsSchema.startsWith("{")) {
            throw new IllegalArgumentException("paramsSchema must be a JSON object: " + name);
        }
    }
}
