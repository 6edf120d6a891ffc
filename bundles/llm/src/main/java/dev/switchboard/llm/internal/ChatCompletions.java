package dev.switchboard.llm.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.llm.ChatMessage;
import dev.switchboard.llm.ChatRequest;
import dev.switchboard.llm.ChatResponse;
import dev.switchboard.llm.LlmException;
import dev.switchboard.llm.ToolCall;
import dev.switchboard.llm.ToolSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The wire format of {@code POST /chat/completions}: the request body (with tools and tool messages), the answer
 * (text or tool calls), the error body's code.
 */
final class ChatCompletions {

    /** What of a server's error code may be quoted: an identifier such as {@code rate_limit_exceeded}. */
    private static final Pattern ERROR_CODE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    /** More calls in one answer than any sane turn needs: the answer is refused rather than acted on. */
    static final int MAX_TOOL_CALLS = 32;

    private final ObjectMapper json;

    ChatCompletions(ObjectMapper json) {
        this.json = json;
    }

    byte[] requestBody(LlmConfig config, ChatRequest request) {
        ObjectNode body = json.createObjectNode();
        body.put("model", config.model());
        ArrayNode messages = body.putArray("messages");
        for (ChatMessage message : request.messages()) {
            ObjectNode node = messages.addObject().put("role", message.role().wireName());
            if (message.toolCalls().isEmpty() || !message.content().isEmpty()) {
                node.put("content", message.content());
            } else {
                node.putNull("content"); // an assistant turn that only calls tools
            }
            if (!message.toolCalls().isEmpty()) {
                ArrayNode calls = node.putArray("tool_calls");
                for (ToolCall call : message.toolCalls()) {
                    calls.addObject().put("id", call.id()).put("type", "function").putObject("function")
                            .put("name", call.name()).put("arguments", call.arguments());
                }
            }
            if (message.toolCallId() != null) {
                node.put("tool_call_id", message.toolCallId());
            }
        }
        if (!request.tools().isEmpty()) {
            ArrayNode tools = body.putArray("tools");
            for (ToolSpec tool : request.tools()) {
                ObjectNode function = tools.addObject().put("type", "function").putObject("function");
                function.put("name", tool.name());
                if (!tool.description().isEmpty()) {
                    function.put("description", tool.description());
                }
                function.set("parameters", schema(tool));
            }
            body.put("tool_choice", "auto");
        }
        body.put("temperature", request.temperature());
        if (config.maxTokens() > 0) {
            body.put("max_tokens", config.maxTokens());
        }
        if (request.jsonObject()) {
            body.putObject("response_format").put("type", "json_object");
        }
        try {
            return json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a chat completion request", e);
        }
    }

    private JsonNode schema(ToolSpec tool) {
        JsonNode schema;
        try {
            schema = json.readTree(tool.parameters());
        } catch (IOException e) {
            schema = null;
        }
        if (schema == null || !schema.isObject()) {
            throw new IllegalArgumentException("the parameters of tool " + tool.name() + " are not a JSON Schema object");
        }
        return schema;
    }

    /** The first choice of a 2xx answer. */
    ChatResponse response(byte[] body, String host) throws LlmException {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (IOException e) {
            throw badResponse(host, "an answer that is not JSON");
        }
        if (root == null || !root.isObject()) {
            throw badResponse(host, "an answer that is not a JSON object");
        }
        JsonNode choice = root.path("choices").path(0);
        JsonNode content = choice.path("message").path("content");
        List<ToolCall> toolCalls = toolCalls(choice.path("message").path("tool_calls"), host);
        if (!toolCalls.isEmpty() && (content.isMissingNode() || content.isNull() || content.isTextual())) {
            JsonNode usage = root.path("usage");
            return new ChatResponse(content.isTextual() ? content.asText() : "", root.path("model").asText(""),
                    choice.path("finish_reason").asText(""), usage.path("prompt_tokens").asInt(0),
                    usage.path("completion_tokens").asInt(0), toolCalls);
        }
        if (!content.isTextual()) {
            String what = choice.isMissingNode() ? "no choices" : "a choice without text content";
            throw badResponse(host, what + (choice.path("finish_reason").isTextual()
                    ? " (finish reason " + identifier(choice.path("finish_reason").asText()) + ")" : ""));
        }
        JsonNode usage = root.path("usage");
        return new ChatResponse(content.asText(), root.path("model").asText(""),
                choice.path("finish_reason").asText(""), usage.path("prompt_tokens").asInt(0),
                usage.path("completion_tokens").asInt(0));
    }

    /**
     * The calls of {@code tool_calls}: each must have an id, type {@code function} (or none) and a function with a
     * valid name; its arguments are kept as the model wrote them (a string; an object some servers send is written
     * back as JSON text). Anything else is a bad response: a call without an id cannot be answered.
     */
    private List<ToolCall> toolCalls(JsonNode calls, String host) throws LlmException {
        if (calls.isMissingNode() || calls.isNull()) {
            return List.of();
        }
        if (!calls.isArray()) {
            throw badResponse(host, "tool_calls that are not an array");
        }
        if (calls.size() > MAX_TOOL_CALLS) {
            throw badResponse(host, "more than " + MAX_TOOL_CALLS + " tool calls in one answer");
        }
        List<ToolCall> result = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (JsonNode call : calls) {
            JsonNode id = call.path("id");
            JsonNode type = call.path("type");
            JsonNode function = call.path("function");
            JsonNode name = function.path("name");
            JsonNode arguments = function.path("arguments");
            if (!id.isTextual() || id.asText().isBlank() || id.asText().length() > 256 || !ids.add(id.asText())) {
                throw badResponse(host, "a tool call without a usable id");
            }
            if (!type.isMissingNode() && !"function".equals(type.asText())) {
                throw badResponse(host, "a tool call that is not a function call");
            }
            if (!name.isTextual() || !ToolCall.NAME.matcher(name.asText()).matches()) {
                throw badResponse(host, "a tool call without a valid function name");
            }
            String text;
            if (arguments.isTextual()) {
                text = arguments.asText();
            } else if (arguments.isObject()) {
                text = arguments.toString();
            } else if (arguments.isMissingNode() || arguments.isNull()) {
                text = "";
            } else {
                throw badResponse(host, "tool call arguments that are neither text nor an object");
            }
            result.add(new ToolCall(id.asText(), name.asText(), text));
        }
        return result;
    }

    /**
     * The server's error code or type ({@code {"error": {"code": ..., "type": ...}}}) when it is an identifier;
     * empty otherwise. The error's message is never used: servers quote the key or the prompt in it.
     */
    String errorCode(byte[] body) {
        try {
            JsonNode error = json.readTree(body).path("error");
            String code = error.path("code").isTextual() ? error.path("code").asText()
                    : error.path("type").asText("");
            return identifier(code);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static String identifier(String text) {
        return ERROR_CODE.matcher(text).matches() ? text : "";
    }

    private static LlmException badResponse(String host, String what) {
        return new LlmException(LlmException.Kind.BAD_RESPONSE, "the LLM at " + host + " sent " + what);
    }
}
