package dev.switchboard.llm;

import java.util.List;
import java.util.Objects;

/**
 * The first choice of a chat completion.
 *
 * @param content          the assistant's text as the server sent it (not trimmed, not parsed); empty when the
 *                         model only calls tools
 * @param model            the model that answered, as the server names it; empty if it did not say
 * @param finishReason     why the model stopped ({@code stop}, {@code length}, {@code tool_calls}, ...); empty if
 *                         not given
 * @param promptTokens     tokens of the prompt as the server counted them; 0 if not reported
 * @param completionTokens tokens of the answer; 0 if not reported
 * @param toolCalls        the functions the model calls, in its order; empty when it answered with text
 */
public record ChatResponse(String content, String model, String finishReason, int promptTokens,
                           int completionTokens, List<ToolCall> toolCalls) {

    public ChatResponse {
        Objects.requireNonNull(content, "content");
        model = model == null ? "" : model;
        finishReason = finishReason == null ? "" : finishReason;
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }

    /** A text answer. */
    public ChatResponse(String content, String model, String finishReason, int promptTokens, int completionTokens) {
        this(content, model, finishReason, promptTokens, completionTokens, List.of());
    }

    /** Whether the answer was cut at the token limit (finish reason {@code length}). */
    public boolean truncated() {
        return "length".equals(finishReason);
    }

    /** Whether the model asks for tool calls (and waits for their results) instead of answering. */
    public boolean callsTools() {
        return !toolCalls.isEmpty();
    }

    /** The assistant message to add to the conversation before the tools' results. */
    public ChatMessage asMessage() {
        return toolCalls.isEmpty() ? ChatMessage.assistant(content) : ChatMessage.assistant(content, toolCalls);
    }

    /** Without the content, which is a payload. */
    @Override
    public String toString() {
        return "ChatResponse[model=" + model + ", finishReason=" + finishReason + ", " + content.length()
                + " chars, " + toolCalls.size() + " tool calls, tokens " + promptTokens + "+" + completionTokens + "]";
    }
}
