package dev.contextgate.e2e;

import static dev.contextgate.e2e.E2eGateway.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.client.AnthropicClient;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageContentParam;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlock;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessage;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Tools across dialects: definitions reach the other dialect, the upstream's call comes back as the
 * caller's own tool call (streamed argument pieces reassemble through the SDK's accumulator), and the
 * follow-up with the tool's result is translated ({@code tool} message and {@code tool_result} block).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ToolsE2eTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCHEMA = """
            {"type":"object",
             "properties":{"location":{"type":"string","description":"The city and state, e.g. San Francisco, CA"},
                           "unit":{"type":"string","enum":["celsius","fahrenheit"]}},
             "required":["location"]}""";
    private static final String DESCRIPTION = "Get the current weather in a given location";
    private static final JsonNode ARGUMENTS = tree("{\"location\":\"Boston, MA\",\"unit\":\"celsius\"}");

    private final E2eGateway gw = E2eGateway.withUpstreams();
    private final OpenAIClient openAi = gw.openAiClient();
    private final AnthropicClient anthropic = gw.anthropicClient();

    @BeforeEach
    void reset() {
        gw.resetUpstreams();
    }

    @AfterAll
    void stop() {
        gw.close();
    }

    // ---- OpenAI SDK to an Anthropic upstream ----

    @Test
    void openAiToolReachesAnthropicAndItsToolUseComesBackAsAToolCall() {
        gw.anthropic.enqueue(E2eUpstream.json(200, fixture("anthropic/tool_use.json")));

        ChatCompletion c = openAi.chat().completions().create(openAiAsk("claude-sonnet-4-5").build());

        assertOpenAiToolCall(c, "toolu_01A09q90qw90lq917835lq9");
        assertThat(c.choices().getFirst().message().content()).hasValue("I'll check the weather in Boston.");
        assertAnthropicUpstreamGotTool();
    }

    @Test
    void openAiToolCallStreamedFromAnthropicReassemblesInTheAccumulator() {
        gw.anthropic.enqueue(E2eUpstream.sse(fixture("anthropic/tool_use_stream.sse")));

        ChatCompletion c = Sdk.openAiStream(openAi, openAiAsk("claude-sonnet-4-5").build());

        assertOpenAiToolCall(c, "toolu_01A09q90qw90lq917835lq9");
        assertAnthropicUpstreamGotTool();
    }

    @Test
    void openAiToolResultBecomesAnAnthropicToolResult() {
        gw.anthropic.enqueue(E2eUpstream.json(200, fixture("anthropic/tool_use.json")));
        gw.anthropic.enqueue(E2eUpstream.json(200, fixture("anthropic/message.json")));
        ChatCompletion first = openAi.chat().completions().create(openAiAsk("claude-sonnet-4-5").build());
        ChatCompletionMessage assistant = first.choices().getFirst().message();
        String callId = assistant.toolCalls().orElseThrow().getFirst().asFunction().id();

        ChatCompletion second = openAi.chat().completions().create(openAiAsk("claude-sonnet-4-5")
                .addMessage(assistant)
                .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(callId).content("22 degrees").build())
                .build());

        assertThat(second.choices().getFirst().message().content()).hasValue("Hello! How can I assist you today?");
        JsonNode messages = gw.anthropic.received().get(1).json().path("messages");
        assertThat(messages).hasSize(3);
        assertThat(messages.get(1).path("role").asText()).isEqualTo("assistant");
        JsonNode toolUse = block(messages.get(1), "tool_use");
        assertThat(toolUse.path("id").asText()).isEqualTo("toolu_01A09q90qw90lq917835lq9");
        assertThat(toolUse.path("name").asText()).isEqualTo("get_current_weather");
        assertThat(toolUse.path("input")).isEqualTo(ARGUMENTS);
        assertThat(messages.get(2).path("role").asText()).isEqualTo("user");
        JsonNode result = block(messages.get(2), "tool_result");
        assertThat(result.path("tool_use_id").asText()).isEqualTo("toolu_01A09q90qw90lq917835lq9");
        assertThat(Sdk.text(result.path("content"))).isEqualTo("22 degrees");
    }

    private static ChatCompletionCreateParams.Builder openAiAsk(String model) {
        FunctionParameters.Builder parameters = FunctionParameters.builder();
        tree(SCHEMA).properties().forEach(e -> parameters.putAdditionalProperty(e.getKey(), JsonValue.fromJsonNode(e.getValue())));
        return ChatCompletionCreateParams.builder()
                .model(model)
                .addUserMessage("What is the weather like in Boston?")
                .addTool(ChatCompletionFunctionTool.builder()
                        .function(FunctionDefinition.builder()
                                .name("get_current_weather")
                                .description(DESCRIPTION)
                                .parameters(parameters.build())
                                .build())
                        .build());
    }

    private static void assertOpenAiToolCall(ChatCompletion c, String id) {
        ChatCompletion.Choice choice = c.choices().getFirst();
        assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        assertThat(choice.message().toolCalls().orElseThrow()).hasSize(1);
        ChatCompletionMessageFunctionToolCall call = choice.message().toolCalls().orElseThrow().getFirst().asFunction();
        assertThat(call.id()).isEqualTo(id);
        assertThat(call.function().name()).isEqualTo("get_current_weather");
        assertThat(tree(call.function().arguments())).isEqualTo(ARGUMENTS);
    }

    private void assertAnthropicUpstreamGotTool() {
        JsonNode body = gw.anthropic.only().json();
        assertThat(body.path("tools")).hasSize(1);
        JsonNode tool = body.path("tools").get(0);
        assertThat(tool.path("name").asText()).isEqualTo("get_current_weather");
        assertThat(tool.path("description").asText()).isEqualTo(DESCRIPTION);
        assertThat(tool.path("input_schema")).isEqualTo(tree(SCHEMA));
        assertThat(tool.has("function")).isFalse();
        assertThat(tool.has("parameters")).isFalse();
    }

    // ---- Anthropic SDK to an OpenAI upstream ----

    @Test
    void anthropicToolReachesOpenAiAndItsToolCallComesBackAsToolUse() {
        gw.openai.enqueue(E2eUpstream.json(200, fixture("openai/tool_call.json")));

        Message m = anthropic.messages().create(anthropicAsk("gpt-4o-mini").build());

        assertAnthropicToolUse(m);
        assertOpenAiUpstreamGotTool();
    }

    @Test
    void anthropicToolUseStreamedFromOpenAiReassemblesInTheAccumulator() {
        gw.openai.enqueue(E2eUpstream.sse(fixture("openai/tool_call_stream.sse")));

        Message m = Sdk.anthropicStream(anthropic, anthropicAsk("gpt-4o-mini").build());

        assertAnthropicToolUse(m);
        assertOpenAiUpstreamGotTool();
    }

    @Test
    void anthropicToolResultBecomesAnOpenAiToolMessage() {
        gw.openai.enqueue(E2eUpstream.json(200, fixture("openai/tool_call.json")));
        gw.openai.enqueue(E2eUpstream.json(200, fixture("openai/completion.json")));
        Message first = anthropic.messages().create(anthropicAsk("gpt-4o-mini").build());
        ToolUseBlock use = first.content().stream().filter(ContentBlock::isToolUse).findFirst().orElseThrow().asToolUse();

        Message second = anthropic.messages().create(anthropicAsk("gpt-4o-mini")
                .addMessage(first)
                .addUserMessage(MessageContentParam.ofContentBlockParams(List.of(ContentBlockParam.ofToolResult(
                        ToolResultBlockParam.builder().toolUseId(use.id()).content("22 degrees").build()))))
                .build());

        assertThat(second.content().getFirst().asText().text()).isEqualTo("Hello! How can I assist you today?");
        JsonNode messages = gw.openai.received().get(1).json().path("messages");
        assertThat(messages).hasSize(3);
        JsonNode assistant = messages.get(1);
        assertThat(assistant.path("role").asText()).isEqualTo("assistant");
        JsonNode call = assistant.path("tool_calls").get(0);
        assertThat(call.path("id").asText()).isEqualTo("call_abc123");
        assertThat(call.path("type").asText()).isEqualTo("function");
        assertThat(call.at("/function/name").asText()).isEqualTo("get_current_weather");
        assertThat(tree(call.at("/function/arguments").asText())).isEqualTo(ARGUMENTS);
        JsonNode tool = messages.get(2);
        assertThat(tool.path("role").asText()).isEqualTo("tool");
        assertThat(tool.path("tool_call_id").asText()).isEqualTo("call_abc123");
        assertThat(Sdk.text(tool.path("content"))).isEqualTo("22 degrees");
    }

    private static MessageCreateParams.Builder anthropicAsk(String model) {
        Tool.InputSchema.Properties.Builder properties = Tool.InputSchema.Properties.builder();
        tree(SCHEMA).path("properties").properties().forEach(e ->
                properties.putAdditionalProperty(e.getKey(), com.anthropic.core.JsonValue.fromJsonNode(e.getValue())));
        return MessageCreateParams.builder()
                .model(model)
                .maxTokens(1024)
                .addUserMessage("What is the weather like in Boston?")
                .addTool(Tool.builder()
                        .name("get_current_weather")
                        .description(DESCRIPTION)
                        .inputSchema(Tool.InputSchema.builder().properties(properties.build()).addRequired("location").build())
                        .build());
    }

    private static void assertAnthropicToolUse(Message m) {
        assertThat(m.stopReason()).hasValue(StopReason.TOOL_USE);
        List<ToolUseBlock> uses = m.content().stream().filter(ContentBlock::isToolUse).map(ContentBlock::asToolUse).toList();
        assertThat(uses).hasSize(1);
        assertThat(uses.getFirst().id()).isEqualTo("call_abc123");
        assertThat(uses.getFirst().name()).isEqualTo("get_current_weather");
        assertThat(uses.getFirst()._input().convert(JsonNode.class)).isEqualTo(ARGUMENTS);
    }

    private void assertOpenAiUpstreamGotTool() {
        JsonNode body = gw.openai.only().json();
        assertThat(body.path("tools")).hasSize(1);
        JsonNode tool = body.path("tools").get(0);
        assertThat(tool.path("type").asText()).isEqualTo("function");
        assertThat(tool.at("/function/name").asText()).isEqualTo("get_current_weather");
        assertThat(tool.at("/function/description").asText()).isEqualTo(DESCRIPTION);
        assertThat(tool.at("/function/parameters")).isEqualTo(tree(SCHEMA));
        assertThat(tool.has("input_schema")).isFalse();
    }

    // ---- helpers ----

    private static JsonNode block(JsonNode message, String type) {
        for (JsonNode b : message.path("content")) {
            if (b.path("type").asText().equals(type)) {
                return b;
            }
        }
        throw new AssertionError("no " + type + " block in " + message);
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
