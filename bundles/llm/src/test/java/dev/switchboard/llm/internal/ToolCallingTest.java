package dev.switchboard.llm.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.switchboard.llm.ChatMessage;
import dev.switchboard.llm.ChatRequest;
import dev.switchboard.llm.ChatResponse;
import dev.switchboard.llm.LlmException;
import dev.switchboard.llm.ToolCall;
import dev.switchboard.llm.ToolSpec;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Tool calling against WireMock playing an OpenAI-compatible server: the request's tools, the answer's calls. */
class ToolCallingTest {

    @RegisterExtension
    static final WireMockExtension SERVER = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort()).build();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ToolSpec GET_ISSUE = new ToolSpec("tracker__get_issue", "Reads an issue",
            "{\"type\": \"object\", \"properties\": {\"id\": {\"type\": \"string\"}}, \"required\": [\"id\"]}");

    private FakeOpenAi openAi;

    @BeforeEach
    void setUp() {
        openAi = new FakeOpenAi(SERVER);
    }

    /** A completion whose first choice carries {@code toolCalls} (and null content, as OpenAI sends). */
    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder calls(ArrayNode toolCalls) {
        ObjectNode body = JSON.createObjectNode().put("model", FakeOpenAi.MODEL);
        ObjectNode choice = body.putArray("choices").addObject().put("index", 0).put("finish_reason", "tool_calls");
        ObjectNode message = choice.putObject("message").put("role", "assistant");
        message.putNull("content");
        message.set("tool_calls", toolCalls);
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body.toString());
    }

    static ObjectNode call(String id, String name, String arguments) {
        ObjectNode call = JSON.createObjectNode().put("id", id).put("type", "function");
        call.putObject("function").put("name", name).put("arguments", arguments);
        return call;
    }

    private ChatRequest conversation() {
        return ChatRequest.withTools(List.of(ChatMessage.system("Use the tools."), ChatMessage.user("Issue 7?"),
                ChatMessage.assistant("", List.of(new ToolCall("call_1", "tracker__get_issue", "{\"id\":\"7\"}"))),
                ChatMessage.tool("call_1", "{\"status\":\"completed\",\"result\":{\"title\":\"Bug\"}}")),
                List.of(GET_ISSUE));
    }

    @Test
    void sendsToolsWithToolChoiceAutoAndTheToolCallsAndResultsOfTheConversation() throws Exception {
        openAi.answerWith("Issue 7 is a bug.");

        openAi.client().chat(conversation());

        JsonNode body = FakeOpenAi.body(openAi.onlyRequest());
        assertEquals("auto", body.path("tool_choice").asText());
        JsonNode tool = body.path("tools").path(0);
        assertEquals("function", tool.path("type").asText());
        assertEquals("tracker__get_issue", tool.path("function").path("name").asText());
        assertEquals("Reads an issue", tool.path("function").path("description").asText());
        assertEquals("string", tool.path("function").path("parameters").path("properties").path("id").path("type").asText());
        JsonNode assistant = body.path("messages").path(2);
        assertEquals("assistant", assistant.path("role").asText());
        assertTrue(assistant.path("content").isNull());
        assertEquals("call_1", assistant.path("tool_calls").path(0).path("id").asText());
        assertEquals("function", assistant.path("tool_calls").path(0).path("type").asText());
        assertEquals("tracker__get_issue", assistant.path("tool_calls").path(0).path("function").path("name").asText());
        assertEquals("{\"id\":\"7\"}", assistant.path("tool_calls").path(0).path("function").path("arguments").asText());
        JsonNode result = body.path("messages").path(3);
        assertEquals("tool", result.path("role").asText());
        assertEquals("call_1", result.path("tool_call_id").asText());
        assertTrue(result.path("content").asText().contains("Bug"));
        assertTrue(body.path("response_format").isMissingNode());
    }

    @Test
    void aRequestWithoutToolsSendsNoToolsAndNoToolChoice() throws Exception {
        openAi.answerWith("Hi.");

        openAi.client().chat(ChatRequest.text(List.of(ChatMessage.user("hello"))));

        JsonNode body = FakeOpenAi.body(openAi.onlyRequest());
        assertTrue(body.path("tools").isMissingNode());
        assertTrue(body.path("tool_choice").isMissingNode());
    }

    @Test
    void readsTheToolCallsOfTheAnswerWithTheirArgumentsAsWritten() throws Exception {
        ArrayNode toolCalls = JSON.createArrayNode().add(call("call_a", "tracker__get_issue", "{\"id\":\"7\"}"))
                .add(call("call_b", "tracker__get_issue", "{not json"));
        openAi.answer(calls(toolCalls));

        ChatResponse response = openAi.client().chat(conversation());

        assertTrue(response.callsTools());
        assertEquals("tool_calls", response.finishReason());
        assertEquals("", response.content());
        assertEquals(List.of(new ToolCall("call_a", "tracker__get_issue", "{\"id\":\"7\"}"),
                new ToolCall("call_b", "tracker__get_issue", "{not json")), response.toolCalls());
        assertEquals(ChatMessage.Role.ASSISTANT, response.asMessage().role());
        assertEquals(2, response.asMessage().toolCalls().size());
        assertFalse(response.toString().contains("not json"));
    }

    @Test
    void argumentsSentAsAnObjectAreKeptAsJsonText() throws Exception {
        ObjectNode call = JSON.createObjectNode().put("id", "call_a");
        call.putObject("function").put("name", "tracker__get_issue").putObject("arguments").put("id", "7");
        openAi.answer(calls(JSON.createArrayNode().add(call)));

        ChatResponse response = openAi.client().chat(conversation());

        assertEquals("{\"id\":\"7\"}", response.toolCalls().get(0).arguments());
    }

    @Test
    void aTextAnswerHasNoToolCalls() throws Exception {
        openAi.answerWith("Done.");

        ChatResponse response = openAi.client().chat(conversation());

        assertFalse(response.callsTools());
        assertEquals("Done.", response.content());
    }

    @Test
    void toolCallsThatCannotBeAnsweredAreABadResponse() {
        List<ArrayNode> broken = List.of(
                JSON.createArrayNode().add(call("", "tracker__get_issue", "{}")),
                JSON.createArrayNode().add(call("call_a", "has a space", "{}")),
                JSON.createArrayNode().add(call("call_a", "x", "{}")).add(call("call_a", "y", "{}")),
                JSON.createArrayNode().add(call("call_a", "x", "{}").put("type", "retrieval")),
                JSON.createArrayNode().add(JSON.createObjectNode().put("id", "call_a")));
        for (ArrayNode calls : broken) {
            openAi.answer(calls(calls));
            LlmException e = assertThrows(LlmException.class, () -> openAi.client().chat(conversation()),
                    calls::toString);
            assertEquals(LlmException.Kind.BAD_RESPONSE, e.kind());
        }
        ObjectNode notArray = JSON.createObjectNode();
        notArray.putObject("message").put("role", "assistant").put("tool_calls", "call it");
        openAi.answer(aResponse().withStatus(200).withBody("{\"choices\":[" + notArray + "]}"));
        assertEquals(LlmException.Kind.BAD_RESPONSE,
                assertThrows(LlmException.class, () -> openAi.client().chat(conversation())).kind());
    }

    @Test
    void tooManyToolCallsAreABadResponse() {
        ArrayNode many = JSON.createArrayNode();
        for (int i = 0; i <= ChatCompletions.MAX_TOOL_CALLS; i++) {
            many.add(call("call_" + i, "x", "{}"));
        }
        openAi.answer(calls(many));

        assertEquals(LlmException.Kind.BAD_RESPONSE,
                assertThrows(LlmException.class, () -> openAi.client().chat(conversation())).kind());
    }

    @Test
    void messagesAndToolsAreCheckedWhenBuilt() {
        assertThrows(IllegalArgumentException.class, () -> new ToolSpec("a.b", "", null));
        assertThrows(IllegalArgumentException.class, () -> ChatMessage.tool(" ", "x"));
        assertThrows(IllegalArgumentException.class, () -> new ChatMessage(ChatMessage.Role.USER, "x",
                List.of(new ToolCall("c", "f", "{}")), null));
        assertThrows(IllegalArgumentException.class, () -> ChatRequest.withTools(List.of(ChatMessage.user("x")),
                List.of(GET_ISSUE, GET_ISSUE)));
        assertEquals(ToolSpec.ANY_OBJECT, new ToolSpec("f", null, null).parameters());
    }

    @Test
    void aToolWhoseSchemaIsNotAnObjectIsRefusedBeforeAnythingIsSent() {
        ChatRequest request = ChatRequest.withTools(List.of(ChatMessage.user("x")),
                List.of(new ToolSpec("f", "", "[1, 2]")));

        assertThrows(IllegalArgumentException.class, () -> openAi.client().chat(request));
        assertTrue(openAi.requests().isEmpty());
    }
}
