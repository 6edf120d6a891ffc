package dev.switchboard.llm;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One message of a conversation.
 *
 * @param role       who speaks
 * @param content    the text; may be empty (an assistant message that only calls tools), never {@code null}
 * @param toolCalls  the functions an assistant message calls; empty otherwise
 * @param toolCallId for a {@link Role#TOOL} message, the id of the call it answers; {@code null} otherwise
 */
public record ChatMessage(Role role, String content, List<ToolCall> toolCalls, String toolCallId) {

    /** The speakers of the chat completions API. */
    public enum Role {
        SYSTEM, USER, ASSISTANT, TOOL;

        /** The name on the wire: {@code system}, {@code user}, {@code assistant}, {@code tool}. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public ChatMessage {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        if (!toolCalls.isEmpty() && role != Role.ASSISTANT) {
            throw new IllegalArgumentException("only assistant messages call tools");
        }
        if (role == Role.TOOL && (toolCallId == null || toolCallId.isBlank())) {
            throw new IllegalArgumentException("a tool message answers a tool call: toolCallId is required");
        }
        if (role != Role.TOOL && toolCallId != null) {
            throw new IllegalArgumentException("only tool messages answer tool calls");
        }
    }

    /** A message with text only. */
    public ChatMessage(Role role, String content) {
        this(role, content, List.of(), null);
    }

    public static ChatMessage system(String content) {
        return new ChatMessage(Role.SYSTEM, content);
    }

    public static ChatMessage user(String content) {
        return new ChatMessage(Role.USER, content);
    }

    public static ChatMessage assistant(String content) {
        return new ChatMessage(Role.ASSISTANT, content);
    }

    /** The assistant's turn that calls tools (its text, often empty, and the calls). */
    public static ChatMessage assistant(String content, List<ToolCall> toolCalls) {
        return new ChatMessage(Role.ASSISTANT, content == null ? "" : content, toolCalls, null);
    }

    /** The result of the call {@code toolCallId}, as text (usually JSON) for the model. */
    public static ChatMessage tool(String toolCallId, String content) {
        return new ChatMessage(Role.TOOL, content, List.of(), toolCallId);
    }

    /** The role only: message contents are payloads and stay out of logs. */
    @Override
    public String toString() {
        return "ChatMessage[" + role.wireName() + ", " + content.length() + " chars"
                + (toolCalls.isEmpty() ? "" : ", " + toolCalls.size() + " tool calls") + "]";
    }
}
