package dev.contextgate.dialect.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.core.ObjectMappers;
import com.openai.models.chat.completions.ChatCompletion;
import dev.contextgate.chat.ChatResponse;
import dev.contextgate.chat.Content;
import dev.contextgate.chat.GatewayError;
import dev.contextgate.chat.StopReason;
import dev.contextgate.chat.Usage;
import dev.contextgate.provider.ModelRouter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpenAiResponseCodecTest {

    private final OpenAiCodec codec = new OpenAiCodec();

    /** The client body without {@code created}, which is the time of encoding. */
    private static JsonNode withoutCreated(byte[] body) {
        ObjectNode tree = (ObjectNode) Golden.tree(body);
        assertThat(tree.path("created").isIntegralNumber()).isTrue();
        tree.remove("created");
        return tree;
    }

    @Test
    void documentedTextResponseRoundTrips() {
        ChatResponse response = codec.decodeResponse(Golden.bytes("response-basic.upstream.json"));

        assertThat(response).isEqualTo(new ChatResponse("chatcmpl-123", "gpt-4o-mini",
                List.of(new Content.Text("\n\nHello there, how may I assist you today?")), StopReason.END_TURN, null,
                Usage.of(9, 12)));
        assertThat(withoutCreated(codec.encodeResponse(response, "gpt-4o-mini")))
                .isEqualTo(Golden.json("response-basic.client.json"));
    }

    @Test
    void documentedToolCallResponseRoundTrips() {
        ChatResponse response = codec.decodeResponse(Golden.bytes("response-tools.upstream.json"));

        assertThat(response.content()).containsExactly(
                new Content.ToolUse("call_abc123", "get_current_weather", "{\n\"location\": \"Boston, MA\"\n}"));
        assertThat(response.stopReason()).isEqualTo(StopReason.TOOL_USE);
        assertThat(response.usage()).isEqualTo(new Usage(82, 17, 64, 0, 0));
        assertThat(withoutCreated(codec.encodeResponse(response, "gpt-4o-mini")))
                .isEqualTo(Golden.json("response-tools.client.json"));
    }

    @Test
    void theOfficialSdkReadsOurResponse() throws Exception {
        ChatResponse response = new ChatResponse("msg_01", "claude-sonnet-4-5",
                List.of(new Content.Thinking("Let me think.", "sig"), new Content.Text("Hi "), new Content.Text("there"),
                        new Content.ToolUse("toolu_1", "f", "{\"a\":1}")),
                StopReason.TOOL_USE, null, new Usage(100, 20, 80, 0, 5));

        byte[] body = codec.encodeResponse(response, "claude-sonnet-4-5");
        ChatCompletion completion = ObjectMappers.jsonMapper().readValue(body, ChatCompletion.class).validate();

        assertThat(completion.id()).isEqualTo("chatcmpl-msg_01");
        assertThat(completion.model()).isEqualTo("claude-sonnet-4-5");
        assertThat(completion.choices().getFirst().message().content()).contains("Hi there");
        assertThat(completion.choices().getFirst().message().toolCalls().orElseThrow()).hasSize(1);
        assertThat(completion.choices().getFirst().finishReason())
                .isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        assertThat(completion.usage().orElseThrow().totalTokens()).isEqualTo(120);
        assertThat(completion.usage().orElseThrow().promptTokensDetails().orElseThrow().cachedTokens()).contains(80L);
        assertThat(Golden.tree(body).path("choices").get(0).path("message").path("reasoning_content").asText())
                .isEqualTo("Let me think.");
    }

    @ParameterizedTest
    @CsvSource({
        "END_TURN, stop", "STOP_SEQUENCE, stop", "PAUSE_TURN, stop", "MAX_TOKENS, length",
        "TOOL_USE, tool_calls", "CONTENT_FILTER, content_filter", "REFUSAL, content_filter",
    })
    void stopReasonsBecomeFinishReasons(StopReason reason, String finish) {
        byte[] body = codec.encodeResponse(new ChatResponse("chatcmpl-x", "m", List.of(), reason, null, null), "m");
        JsonNode choice = Golden.tree(body).path("choices").get(0);

        assertThat(choice.path("finish_reason").asText()).isEqualTo(finish);
        assertThat(choice.path("message").path("content").isNull()).isTrue();
        assertThat(choice.path("message").has("tool_calls")).isFalse();
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
        "stop, END_TURN", "length, MAX_TOKENS", "tool_calls, TOOL_USE", "function_call, TOOL_USE",
        "content_filter, CONTENT_FILTER", "null, END_TURN", "eos, END_TURN",
    })
    void finishReasonsBecomeStopReasons(String finish, StopReason reason) {
        String body = "{\"id\":\"x\",\"model\":\"m\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                + "\"content\":\"ok\"},\"finish_reason\":" + (finish == null ? "null" : "\"" + finish + "\"") + "}]}";

        assertThat(codec.decodeResponse(body.getBytes(StandardCharsets.UTF_8)).stopReason()).isEqualTo(reason);
    }

    @Test
    void reasoningAndRefusalAreRead() {
        String body = """
                {"id":"x","model":"deepseek-reasoner","choices":[{"index":0,"message":{"role":"assistant",
                 "reasoning_content":"first think","content":"then answer","refusal":null},"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":5,"completion_tokens":7,"completion_tokens_details":{"reasoning_tokens":3}}}""";

        ChatResponse response = codec.decodeResponse(body.getBytes(StandardCharsets.UTF_8));

        assertThat(response.content()).containsExactly(new Content.Thinking("first think", null),
                new Content.Text("then answer"));
        assertThat(response.usage()).isEqualTo(new Usage(5, 7, 0, 0, 3));
    }

    @Test
    void missingChoicesOrBadJsonIsAnUpstreamFailure() {
        GatewayError noChoices = catchThrowableOfType(GatewayError.class,
                () -> codec.decodeResponse("{\"id\":\"x\",\"choices\":[]}".getBytes()));
        GatewayError badJson = catchThrowableOfType(GatewayError.class,
                () -> codec.decodeResponse("<html>oops".getBytes()));

        assertThat(noChoices.kind()).isEqualTo(GatewayError.Kind.UPSTREAM_FAILED);
        assertThat(noChoices.getMessage()).contains("no choices");
        assertThat(badJson.kind()).isEqualTo(GatewayError.Kind.UPSTREAM_FAILED);
        assertThat(badJson.getMessage()).contains("not valid JSON").contains("<html>oops");
    }

    @Test
    void modelListHasOpenAisShape() {
        JsonNode list = Golden.tree(OpenAiCodec.encodeModelList(List.of(
                new ModelRouter.ModelInfo("local-claude-proxy", "contextgate"),
                new ModelRouter.ModelInfo("gpt-4o", "openai"))));

        assertThat(list.path("object").asText()).isEqualTo("list");
        assertThat(list.path("data")).hasSize(2);
        JsonNode first = list.path("data").get(0);
        assertThat(first.path("id").asText()).isEqualTo("local-claude-proxy");
        assertThat(first.path("object").asText()).isEqualTo("model");
        assertThat(first.path("created").isIntegralNumber()).isTrue();
        assertThat(first.path("owned_by").asText()).isEqualTo("contextgate");
    }
}
