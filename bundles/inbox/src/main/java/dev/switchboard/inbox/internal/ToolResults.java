package dev.switchboard.inbox.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.actions.InvocationOutcome;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the model is told about a tool call (a JSON object as the {@code tool} message's content), and the strict
 * reading of the arguments it wrote. A problem with a call is an answer to the model, never an exception.
 */
final class ToolResults {

    /** The longest result text the model gets; longer results are cut and say so. */
    static final int MAX_RESULT_CHARS = 16_000;

    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private ToolResults() {
    }

    /** Thrown for arguments that are not one JSON object; the message names the problem, never the text. */
    static final class InvalidArguments extends Exception {
        InvalidArguments(String message) {
            super(message);
        }
    }

    /** The arguments as an object; blank means none ({@code {}}). */
    static Map<String, Object> arguments(String text) throws InvalidArguments {
        if (text == null || text.isBlank()) {
            return Map.of();
        }
        if (!text.stripLeading().startsWith("{")) {
            throw new InvalidArguments("the arguments must be one JSON object");
        }
        try {
            return STRICT.readValue(text, new TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (JsonProcessingException e) {
            throw new InvalidArguments("the arguments are not valid JSON (or name a key twice)");
        }
    }

    static String of(InvocationOutcome outcome) {
        Map<String, Object> result = new LinkedHashMap<>();
        if (outcome.refused()) {
            result.put("status", "refused");
            result.put("code", outcome.code());
            result.put("message", outcome.detail());
            return InboxJson.write(result);
        }
        result.put("status", outcome.status().wireName());
        switch (outcome.status()) {
            case COMPLETED -> {
                String text = InboxJson.write(outcome.result() == null ? Map.of() : outcome.result());
                if (text.length() > MAX_RESULT_CHARS) {
                    result.put("truncated", true);
                    result.put("result", text.substring(0, MAX_RESULT_CHARS));
                } else {
                    result.put("result", outcome.result() == null ? Map.of() : outcome.result());
                }
            }
            case DENIED -> result.put("message", outcome.detail() == null ? "the action was denied" : outcome.detail());
            case EXPIRED -> result.put("message", "nobody approved the action in time; it did not run");
            case FAILED -> result.put("message", outcome.detail() == null ? "the action failed" : outcome.detail());
            default -> result.put("message", "the action is still waiting");
        }
        return InboxJson.write(result);
    }

    static String refused(String code, String message) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("status", "refused");
        result.put("code", code);
        result.put("message", message);
        return InboxJson.write(result);
    }
}
