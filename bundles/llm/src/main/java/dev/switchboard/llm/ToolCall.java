package dev.switchboard.llm;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A function call the model asked for ({@code tool_calls[]} of an assistant message).
 *
 * @param id        the call's id, echoed by the {@code tool} message that answers it
 * @param name      the function's name, as offered in a {@link ToolSpec}
 * @param arguments the arguments as the model wrote them: a JSON text that is meant to be an object but may be
 *                  malformed; the caller parses it (and answers the model when it cannot)
 */
public record ToolCall(String id, String name, String arguments) {

    /** What OpenAI allows as a function name. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public ToolCall {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        if (id.isBlank()) {
            throw new IllegalArgumentException("a tool call needs an id");
        }
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a function name: letters, digits, '_' and '-', at most 64");
        }
        arguments = arguments == null ? "" : arguments;
    }

    /** Without the arguments, which are a payload. */
    @Override
    public String toString() {
        return "ToolCall[" + id + ", " + name + ", " + arguments.length() + " chars]";
    }
}
