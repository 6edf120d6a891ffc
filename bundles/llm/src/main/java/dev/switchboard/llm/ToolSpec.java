package dev.switchboard.llm;

import java.util.Objects;

/**
 * A function the model may call ({@code tools[]} of a request, {@code type: function}).
 *
 * @param name        letters, digits, {@code _} and {@code -}, at most 64 ({@link ToolCall#NAME})
 * @param description what the function does, for the model; may be empty
 * @param parameters  the arguments' JSON Schema as JSON text (an object); {@code null} or blank for
 *                    {@code {"type": "object"}}
 */
public record ToolSpec(String name, String description, String parameters) {

    public static final String ANY_OBJECT = "{\"type\": \"object\"}";

    public ToolSpec {
        Objects.requireNonNull(name, "name");
        if (!ToolCall.NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a function name: letters, digits, '_' and '-', at most 64: "
                    + name);
        }
        description = description == null ? "" : description;
        parameters = parameters == null || parameters.isBlank() ? ANY_OBJECT : parameters;
    }
}
