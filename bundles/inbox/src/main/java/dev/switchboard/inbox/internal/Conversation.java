package dev.switchboard.inbox.internal;

import dev.switchboard.llm.ChatMessage;
import dev.switchboard.llm.ToolCall;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A tool loop's conversation after the instructions (which are rendered again each time, never stored): the
 * message, the model's turns and the tools' results, as stored in {@code inbox_tool_loops.conversation}.
 */
final class Conversation {

    private final List<ChatMessage> messages;

    private Conversation(List<ChatMessage> messages) {
        this.messages = messages;
    }

    static Conversation start(ChatMessage first) {
        List<ChatMessage> messages = new ArrayList<>();
        messages.add(first);
        return new Conversation(messages);
    }

    static Conversation read(String json) {
        List<ChatMessage> messages = new ArrayList<>();
        for (Map<String, Object> stored : InboxJson.list(json)) {
            ChatMessage.Role role = ChatMessage.Role.valueOf(String.valueOf(stored.get("role")));
            List<ToolCall> calls = new ArrayList<>();
            Object storedCalls = stored.get("toolCalls");
            if (storedCalls instanceof List<?> list) {
                for (Object item : list) {
                    Map<?, ?> call = (Map<?, ?>) item;
                    calls.add(new ToolCall(String.valueOf(call.get("id")), String.valueOf(call.get("name")),
                            String.valueOf(call.get("arguments"))));
                }
            }
            Object toolCallId = stored.get("toolCallId");
            messages.add(new ChatMessage(role, String.valueOf(stored.get("content")), calls,
                    toolCallId == null ? null : String.valueOf(toolCallId)));
        }
        return new Conversation(messages);
    }

    String write() {
        List<Map<String, Object>> stored = new ArrayList<>();
        for (ChatMessage message : messages) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("role", message.role().name());
            item.put("content", message.content());
            if (!message.toolCalls().isEmpty()) {
                item.put("toolCalls", message.toolCalls().stream().map(call -> Map.of("id", call.id(),
                        "name", call.name(), "arguments", call.arguments())).toList());
            }
            if (message.toolCallId() != null) {
                item.put("toolCallId", message.toolCallId());
            }
            stored.add(item);
        }
        return InboxJson.write(stored);
    }

    boolean isEmpty() {
        return messages.isEmpty();
    }

    void add(ChatMessage message) {
        messages.add(message);
    }

    List<ChatMessage> messages() {
        return List.copyOf(messages);
    }

    /** The model's last turn when it answered with text, i.e. the loop's result. */
    Optional<String> finalAnswer() {
        if (messages.isEmpty()) {
            return Optional.empty();
        }
        ChatMessage last = messages.get(messages.size() - 1);
        return last.role() == ChatMessage.Role.ASSISTANT && last.toolCalls().isEmpty()
                ? Optional.of(last.content()) : Optional.empty();
    }

    /** The calls of the model's last turn that have no result yet, in the model's order. */
    List<ToolCall> unanswered() {
        int turn = lastAssistant();
        if (turn < 0) {
            return List.of();
        }
        Set<String> answered = new HashSet<>();
        for (ChatMessage message : messages.subList(turn + 1, messages.size())) {
            if (message.toolCallId() != null) {
                answered.add(message.toolCallId());
            }
        }
        return messages.get(turn).toolCalls().stream().filter(call -> !answered.contains(call.id())).toList();
    }

    /** The position of {@code call} in the model's last turn (part of the invocation's idempotency key). */
    int indexInTurn(ToolCall call) {
        int turn = lastAssistant();
        return turn < 0 ? -1 : messages.get(turn).toolCalls().indexOf(call);
    }

    private int lastAssistant() {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).role() == ChatMessage.Role.ASSISTANT) {
                return i;
            }
        }
        return -1;
    }
}
