package dev.contextgate.dialect.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.contextgate.chat.ChatRequest;
import dev.contextgate.chat.Content;
import dev.contextgate.chat.Dialect;
import dev.contextgate.chat.GatewayError;
import dev.contextgate.chat.Reasoning;
import dev.contextgate.chat.ToolChoice;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AnthropicRequestDecoderTest {

    private final AnthropicCodec codec = new AnthropicCodec();

    private ChatRequest decode(String json, Map<String, String> headers) {
        return codec.decodeRequest(json.getBytes(StandardCharsets.UTF_8), headers);
    }

    private GatewayError error(String json) {
        GatewayError e = catchThrowableOfType(GatewayError.class, () -> decode(json, Map.of()));
        assertThat(e).as("a GatewayError for %s", json).isNotNull();
        assertThat(e.kind()).isEqualTo(GatewayError.Kind.INVALID_REQUEST);
        return e;
    }

    private static final String HELLO = "\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]";

    @Test
    void badJsonSaysWhereAndWhy() {
        GatewayError e = error("{\"model\": \"claude\",\n \"messages\": [}");

        assertThat(e.getMessage()).startsWith("The request body is not valid JSON: ").contains("at line 2 column");
        assertThat(e.getMessage()).doesNotContain("Source:");
    }

    @Test
    void bodyThatIsNotAnObjectIsRefused() {
        assertThat(error("[1,2]").getMessage()).contains("must be a JSON object");
        assertThat(error("").getMessage()).contains("must be a JSON object");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}|model",
        "{\"model\":7,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}|model",
        "{\"model\":\"claude\"}|messages",
        "{\"model\":\"claude\",\"messages\":[]}|messages",
        "{\"model\":\"claude\",\"messages\":[{\"role\":\"system\",\"content\":\"Hi\"}]}|messages[0].role",
        "{\"model\":\"claude\",\"messages\":[{\"role\":\"user\"}]}|messages[0].content",
        "{\"model\":\"claude\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"user\",\"content\":[{\"text\":\"x\"}]}]}|messages[1].content[0].type",
        "{\"model\":\"claude\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":5}]}]}|messages[0].content[0].text",
        "{\"model\":\"claude\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image\",\"source\":{\"type\":\"file\"}}]}]}|messages[0].content[0].source.type",
        "{\"model\":\"claude\",\"max_tokens\":\"many\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}|max_tokens",
        "{\"model\":\"claude\",\"temperature\":\"hot\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}|temperature",
        "{\"model\":\"claude\",\"stream\":\"yes\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}|stream",
        "{\"model\":\"claude\",\"stop_sequences\":\"END\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}|stop_sequences",
        "{\"model\":\"claude\",\"tool_choice\":{\"type\":\"maybe\"},\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}|tool_choice.type",
        "{\"model\":\"claude\",\"tool_choice\":{\"type\":\"tool\"},\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}|tool_choice.name",
        "{\"model\":\"claude\",\"thinking\":{\"type\":\"enabled\"},\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}|thinking.budget_tokens",
        "{\"model\":\"claude\",\"tools\":[{\"description\":\"x\"}],\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}|tools[0].name",
        "{\"model\":\"claude\",\"context_id\":5,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}|context_id",
    })
    void wrongOrMissingFieldsNameTheParam(String json, String param) {
        GatewayError e = error(json);

        assertThat(e.param()).isEqualTo(param);
        assertThat(e.getMessage()).contains(param);
    }

    @Test
    void unsupportedBlockTypesSayNotSupportedYet() {
        GatewayError e = error("{\"model\":\"claude\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"document\","
                + "\"source\":{\"type\":\"text\",\"data\":\"x\",\"media_type\":\"text/plain\"}}]}]}");

        assertThat(e.param()).isEqualTo("messages[0].content[0].type");
        assertThat(e.getMessage()).contains("\"document\"").contains("not supported through ContextGate yet");
    }

    @Test
    void serverToolsSayNotSupportedYet() {
        GatewayError e = error("{\"model\":\"claude\"," + HELLO
                + ",\"tools\":[{\"type\":\"web_search_20250305\",\"name\":\"web_search\",\"max_uses\":5}]}");

        assertThat(e.param()).isEqualTo("tools[0].type");
        assertThat(e.getMessage()).contains("web_search_20250305").contains("not supported through ContextGate yet");
    }

    @Test
    void maxTokensIsOptional() {
        assertThat(decode("{\"model\":\"claude\"," + HELLO + "}", Map.of()).maxTokens()).isNull();
    }

    @Test
    void acceptEventStreamWithoutStreamFieldStreams() {
        String body = "{\"model\":\"claude\"," + HELLO + "}";

        assertThat(decode(body, Map.of("accept", "text/event-stream")).stream()).isTrue();
        assertThat(decode(body, Map.of("accept", "text/event-stream, application/json")).stream()).isFalse();
        assertThat(decode(body, Map.of()).stream()).isFalse();
        assertThat(decode("{\"model\":\"claude\",\"stream\":false," + HELLO + "}",
                Map.of("accept", "text/event-stream")).stream()).isFalse();
        assertThat(decode("{\"model\":\"claude\",\"stream\":true," + HELLO + "}", Map.of()).stream()).isTrue();
    }

    @Test
    void unknownFieldsAndAnthropicHeadersPassThroughButContextIdDoesNot() {
        ChatRequest r = decode("{\"model\":\"claude\",\"context_id\":\"ctx-1\",\"metadata\":{\"user_id\":\"u\"},"
                + "\"service_tier\":\"auto\",\"container\":null,\"top_p\":0.25," + HELLO + "}",
                Map.of("anthropic-version", "2023-06-01", "anthropic-beta", "tools-2024-04-04", "x-api-key", "secret"));

        assertThat(r.contextId()).isEqualTo("ctx-1");
        assertThat(r.passthrough().dialect()).isEqualTo(Dialect.ANTHROPIC);
        assertThat(r.passthrough().fields()).containsOnly(Map.entry("metadata", "{\"user_id\":\"u\"}"),
                Map.entry("service_tier", "\"auto\""), Map.entry("container", "null"));
        assertThat(r.passthrough().headers()).containsOnly(Map.entry("anthropic-version", "2023-06-01"),
                Map.entry("anthropic-beta", "tools-2024-04-04"));
        assertThat(r.topP()).isEqualTo(0.25);

        String upstream = new String(codec.encodeRequest(r), StandardCharsets.UTF_8);
        assertThat(Golden.tree(upstream.getBytes()).has("context_id")).isFalse();
        assertThat(Golden.tree(upstream.getBytes()).path("metadata").path("user_id").asText()).isEqualTo("u");
        assertThat(Golden.tree(upstream.getBytes()).path("service_tier").asText()).isEqualTo("auto");
    }

    @Test
    void toolChoiceThinkingAndBlocksMapToTheCanonicalModel() {
        ChatRequest r = decode("{\"model\":\"claude\",\"tool_choice\":{\"type\":\"tool\",\"name\":\"get_weather\","
                + "\"disable_parallel_tool_use\":true},\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":2048},"
                + "\"messages\":[{\"role\":\"assistant\",\"content\":[{\"type\":\"thinking\",\"thinking\":\"hm\",\"signature\":\"\"},"
                + "{\"type\":\"redacted_thinking\",\"data\":\"Enc\"}]},{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\","
                + "\"tool_use_id\":\"t1\",\"is_error\":true,\"content\":[{\"type\":\"text\",\"text\":\"boom\"},"
                + "{\"type\":\"image\",\"source\":{\"type\":\"url\",\"url\":\"https://x/y.png\"}}]}]}]}", Map.of());

        assertThat(r.toolChoice()).isEqualTo(new ToolChoice.Named("get_weather", false));
        assertThat(r.reasoning()).isEqualTo(new Reasoning(2048, null));
        assertThat(r.messages().get(0).content()).containsExactly(new Content.Thinking("hm", null),
                new Content.RedactedThinking("Enc"));
        assertThat(r.messages().get(1).content()).containsExactly(new Content.ToolResult("t1",
                java.util.List.of(new Content.Text("boom"), Content.Image.url("https://x/y.png")), true));
        assertThat(decode("{\"model\":\"c\",\"thinking\":{\"type\":\"disabled\"}," + HELLO + "}", Map.of()).reasoning())
                .isNull();
        assertThat(decode("{\"model\":\"c\",\"tool_choice\":{\"type\":\"any\"}," + HELLO + "}", Map.of()).toolChoice())
                .isEqualTo(new ToolChoice.Required(true));
        assertThat(decode("{\"model\":\"c\",\"tool_choice\":{\"type\":\"none\"}," + HELLO + "}", Map.of()).toolChoice())
                .isEqualTo(new ToolChoice.None());
    }

    @Test
    void countTokensRequestNeedsNoMaxTokens() {
        ChatRequest r = codec.decodeCountTokensRequest(("{\"model\":\"claude\",\"system\":\"Be brief\"," + HELLO + "}")
                .getBytes(StandardCharsets.UTF_8), Map.of());

        assertThat(r.maxTokens()).isNull();
        assertThat(Golden.tree(codec.encodeCountTokensRequest(r))).isEqualTo(Golden.tree(
                ("{\"model\":\"claude\",\"system\":\"Be brief\",\"messages\":[{\"role\":\"user\",\"content\":"
                        + "[{\"type\":\"text\",\"text\":\"Hello\"}]}]}").getBytes()));
        assertThat(new String(codec.encodeCountTokensResponse(14), StandardCharsets.UTF_8)).isEqualTo("{\"input_tokens\":14}");
        assertThat(codec.decodeCountTokensResponse("{\"input_tokens\":2095}".getBytes())).isEqualTo(2095);
    }
}
