package dev.switchboard.llm;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What to ask the model; the model itself, the token limit and the server come from the configuration.
 *
 * @param messages    the conversation, at least one message
 * @param temperature sampling temperature within [0, 2]; 0 for the most deterministic answer
 * @param jsonObject  whether to ask for {@code response_format: {"type": "json_object"}}, i.e. one JSON object as
 *                    the answer (the prompt must still say so: some servers require the word "JSON" in it)
 * @param tools       functions the model may call ({@code tools} with {@code tool_choice: auto}); empty for none.
 *                    Names are unique.
 */
public record ChatRequest(List<ChatMessage> messages, double temperature, boolean jsonObject, List<ToolSpec> tools) {

    public ChatRequest {
        messages = messages == null ? List.of() : List.copyOf(messages);
        tools = tools == null ? List.of() : List.copyOf(tools);
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("a chat request needs at least one message");
        }
        if (!(temperature >= 0.0 && temperature <= 2.0)) {
            throw new IllegalArgumentException("temperature must be within [0, 2]: " + temperature);
        }
        Set<String> names = new HashSet<>();
        for (ToolSpec tool : tools) {
            if (!names.add(tool.name())) {
                throw new IllegalArgumentException("two tools are named " + tool.name());
            }
        }
    }

    /** A request without tools. */
    public ChatRequest(List<ChatMessage> messages, double temperature, boolean jsonObject) {
        this(messages, temperature, jsonObject, List.of());
    }

    /** A request for one JSON object at temperature 0. */
    public static ChatRequest json(List<ChatMessage> messages) {
        return new ChatRequest(messages, 0.0, true);
    }

    /** A request for text at temperature 0. */
    public static ChatRequest text(List<ChatMessage> messages) {
        return new ChatRequest(messages, 0.0, false);
    }

    /** A request at temperature 0 whose answer is text or calls of {@code tools} (the model chooses). */
    public static ChatRequest withTools(List<ChatMessage> messages, List<ToolSpec> tools) {
        return new ChatRequest(messages, 0.0, false, tools);
    }
}
