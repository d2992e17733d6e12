package dev.contextgate.dialect.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.contextgate.chat.ChatRequest;
import dev.contextgate.chat.Content;
import dev.contextgate.chat.Dialect;
import dev.contextgate.chat.Message;
import dev.contextgate.chat.Passthrough;
import dev.contextgate.chat.Reasoning;
import dev.contextgate.chat.Role;
import dev.contextgate.chat.ToolChoice;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenAiRequestCodecTest {

    private final OpenAiCodec codec = new OpenAiCodec();

    private ChatRequest decode(String json) {
        return codec.decodeRequest(json.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    @Test
    void documentedBasicRequestRoundTripsToTheUpstreamBody() {
        ChatRequest request = codec.decodeRequest(Golden.bytes("request-basic.json"), Map.of());

        assertThat(request.model()).isEqualTo("gpt-4o");
        assertThat(request.system()).isEqualTo("You are a helpful assistant.");
        assertThat(request.messages()).containsExactly(Message.user("Hello!"));
        assertThat(request.stream()).isFalse();
        assertThat(request.passthrough()).isEqualTo(Passthrough.none(Dialect.OPENAI));
        assertThat(Golden.tree(codec.encodeRequest(request))).isEqualTo(Golden.json("request-basic.upstream.json"));
    }

    @Test
    void toolConversationWithPassthroughRoundTripsToTheUpstreamBody() {
        ChatRequest request = codec.decodeRequest(Golden.bytes("request-tools.json"), Map.of());

        assertThat(request.contextId()).isEqualTo("trip-planning");
        assertThat(request.stream()).isTrue();
        assertThat(request.includeUsage()).isTrue();
        assertThat(request.maxTokens()).isEqualTo(300);
        assertThat(request.stop()).containsExactly("\n\n\n");
        assertThat(request.toolChoice()).isEqualTo(new ToolChoice.Auto(true));
        assertThat(request.tools()).singleElement().satisfies(t -> {
            assertThat(t.name()).isEqualTo("get_current_weather");
            assertThat(Golden.tree(t.inputSchemaJson()).path("required").get(0).asText()).isEqualTo("location");
        });
        assertThat(request.messages()).hasSize(3);
        assertThat(request.messages().get(1).content()).containsExactly(
                new Content.ToolUse("call_abc123", "get_current_weather", "{\n\"location\": \"Boston, MA\"\n}"));
        Message toolTurn = request.messages().get(2);
        assertThat(toolTurn.role()).isEqualTo(Role.USER);
        assertThat(toolTurn.content()).hasSize(3);
        assertThat(toolTurn.content().get(0)).isEqualTo(new Content.ToolResult("call_abc123",
                List.of(new Content.Text("{\"temperature\": 22, \"unit\": \"celsius\"}")), false));
        assertThat(toolTurn.content().get(1)).isEqualTo(new Content.Text("And what is in this image?"));
        assertThat(toolTurn.content().get(2)).isInstanceOf(Content.Image.class);
        assertThat(request.passthrough().fields())
                .containsOnlyKeys("user", "seed", "logit_bias", "response_format", "metadata")
                .containsEntry("seed", "42")
                .containsEntry("logit_bias", "{\"2435\":-100,\"640\":5.5}");

        JsonNode upstream = Golden.tree(codec.encodeRequest(request));
        assertThat(upstream).isEqualTo(Golden.json("request-tools.upstream.json"));
        assertThat(upstream.has("context_id")).isFalse();
    }

    @Test
    void consecutiveToolMessagesMergeIntoOneUserMessage() {
        ChatRequest request = decode("""
                {"model":"m","messages":[
                  {"role":"user","content":"hi"},
                  {"role":"assistant","tool_calls":[
                    {"id":"a","type":"function","function":{"name":"f","arguments":""}},
                    {"id":"b","type":"function","function":{"name":"g","arguments":"{\\"x\\":1}"}}]},
                  {"role":"tool","tool_call_id":"a","content":"one"},
                  {"role":"tool","tool_call_id":"b","content":[{"type":"text","text":"two"}]},
                  {"role":"user","content":"thanks"},
                  {"role":"user","content":"again"}]}""");

        assertThat(request.messages()).hasSize(4);
        assertThat(request.messages().get(1).content()).containsExactly(
                new Content.ToolUse("a", "f", "{}"), new Content.ToolUse("b", "g", "{\"x\":1}"));
        assertThat(request.messages().get(2).content()).containsExactly(
                new Content.ToolResult("a", List.of(new Content.Text("one")), false),
                new Content.ToolResult("b", List.of(new Content.Text("two")), false),
                new Content.Text("thanks"));
        assertThat(request.messages().get(3)).isEqualTo(Message.user("again"));
    }

    @Test
    void assistantReasoningAndRefusalAndSystemPartsAreRead() {
        ChatRequest request = decode("""
                {"model":"m","messages":[
                  {"role":"system","content":"one"},
                  {"role":"developer","content":[{"type":"text","text":"two"}]},
                  {"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBOR"}}]},
                  {"role":"assistant","content":"answer","reasoning_content":"thought","refusal":"no"}]}""");

        assertThat(request.system()).isEqualTo("one\n\ntwo");
        assertThat(request.messages().get(0).content()).containsExactly(Content.Image.base64("image/png", "iVBOR"));
        assertThat(request.messages().get(1).content()).containsExactly(
                new Content.Thinking("thought", null), new Content.Text("answer"), new Content.Text("no"));
    }

    @Test
    void samplingToolChoiceAndReasoningOptionsAreRead() {
        ChatRequest request = decode("""
                {"model":"o3","messages":[{"role":"user","content":"x"}],"max_completion_tokens":50,"max_tokens":9,
                 "top_p":0.5,"stop":["a","b"],"reasoning_effort":"high","parallel_tool_calls":false,"n":1,
                 "tool_choice":{"type":"function","function":{"name":"lookup"}}}""");

        assertThat(request.maxTokens()).isEqualTo(50);
        assertThat(request.topP()).isEqualTo(0.5);
        assertThat(request.stop()).containsExactly("a", "b");
        assertThat(request.reasoning()).isEqualTo(new Reasoning(null, "high"));
        assertThat(request.toolChoice()).isEqualTo(new ToolChoice.Named("lookup", false));
        assertThat(decode("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"tool_choice\":\"none\"}")
                .toolChoice()).isEqualTo(new ToolChoice.None());
        assertThat(decode("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"tool_choice\":\"required\"}")
                .toolChoice()).isEqualTo(new ToolChoice.Required(true));
    }

    @Test
    void acceptEventStreamStreamsOnlyWhenTheBodyHasNoStreamField() {
        byte[] noStream = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}".getBytes();
        byte[] streamFalse = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"stream\":false}"
                .getBytes();

        assertThat(codec.decodeRequest(noStream, Map.of("accept", "text/event-stream")).stream()).isTrue();
        assertThat(codec.decodeRequest(noStream, Map.of("accept", "text/event-stream, application/json")).stream())
                .isFalse();
        assertThat(codec.decodeRequest(noStream, Map.of("accept", "application/json")).stream()).isFalse();
        assertThat(codec.decodeRequest(noStream, Map.of()).stream()).isFalse();
        assertThat(codec.decodeRequest(streamFalse, Map.of("accept", "text/event-stream")).stream()).isFalse();
    }

    @Test
    void openAiHeadersPassThrough() {
        ChatRequest request = codec.decodeRequest(
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}".getBytes(),
                Map.of("openai-organization", "org-1", "openai-project", "proj-2", "authorization", "Bearer sk-x"));

        assertThat(request.passthrough().headers())
                .isEqualTo(Map.of("openai-organization", "org-1", "openai-project", "proj-2"));
    }

    @Test
    void reasoningModelsGetMaxCompletionTokensAndBudgetsBecomeEfforts() {
        ChatRequest base = ChatRequest.simple("o4-mini", List.of(Message.user("x")), Dialect.ANTHROPIC)
                .withMaxTokens(100);
        JsonNode o4 = Golden.tree(codec.encodeRequest(base));
        JsonNode gpt4 = Golden.tree(codec.encodeRequest(base.withModel("gpt-4o")));

        assertThat(o4.path("max_completion_tokens").asInt()).isEqualTo(100);
        assertThat(o4.has("max_tokens")).isFalse();
        assertThat(gpt4.path("max_tokens").asInt()).isEqualTo(100);
        assertThat(gpt4.has("max_completion_tokens")).isFalse();
        assertThat(RequestEncoder.effort(new Reasoning(1024, null))).isEqualTo("low");
        assertThat(RequestEncoder.effort(new Reasoning(4096, null))).isEqualTo("medium");
        assertThat(RequestEncoder.effort(new Reasoning(16000, null))).isEqualTo("high");
        assertThat(RequestEncoder.effort(new Reasoning(16000, "minimal"))).isEqualTo("minimal");
    }

    @Test
    void foreignRequestDropsThinkingTopKAndForeignPassthroughAndAlwaysAsksForStreamUsage() {
        Message assistant = new Message(Role.ASSISTANT, List.of(new Content.Thinking("hmm", "sig"),
                new Content.RedactedThinking("xx"), new Content.Text("Calling."),
                new Content.ToolUse("toolu_1", "f", "{\"a\":1}")));
        Message results = new Message(Role.USER, List.of(new Content.ToolResult("toolu_1",
                List.of(new Content.Text("chart:"), Content.Image.base64("image/png", "AAA")), true)));
        ChatRequest request = new ChatRequest("gpt-4o", "sys", null, List.of(Message.user("go"), assistant, results), 64,
                null, null, 40, null, List.of(new dev.contextgate.chat.ToolDefinition("f", null, null)),
                new ToolChoice.Required(false), null, true, false, "ctx-1",
                new Passthrough(Dialect.ANTHROPIC, Map.of("metadata", "{\"user_id\":\"u\"}"), Map.of()));

        JsonNode body = Golden.tree(codec.encodeRequest(request));

        assertThat(body).isEqualTo(Golden.tree("""
                {"model":"gpt-4o","messages":[
                  {"role":"system","content":"sys"},
                  {"role":"user","content":"go"},
                  {"role":"assistant","content":"Calling.","tool_calls":[
                    {"id":"toolu_1","type":"function","function":{"name":"f","arguments":"{\\"a\\":1}"}}]},
                  {"role":"tool","tool_call_id":"toolu_1","content":"Error: chart:\\n[image omitted]"}],
                 "max_tokens":64,
                 "tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object","properties":{}}}}],
                 "tool_choice":"required","parallel_tool_calls":false,
                 "stream":true,"stream_options":{"include_usage":true}}"""));
    }

    @Test
    void passthroughNeverWritesContextId() {
        ChatRequest request = new ChatRequest("gpt-4o", null, null, List.of(Message.user("x")), null, null, null, null,
                null, null, null, null, false, false, "c",
                new Passthrough(Dialect.OPENAI, Map.of("context_id", "\"c\"", "user", "\"u\""), Map.of()));

        JsonNode body = Golden.tree(codec.encodeRequest(request));

        assertThat(body.has("context_id")).isFalse();
        assertThat(body.path("user").asText()).isEqualTo("u");
    }
}
