package dev.contextgate.dialect.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.contextgate.chat.CacheControl;
import dev.contextgate.chat.ChatRequest;
import dev.contextgate.chat.Content;
import dev.contextgate.chat.GatewayError;
import dev.contextgate.dialect.openai.OpenAiCodec;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A client's {@code cache_control}: where the canonical request keeps it, and what a bad one gets. */
class AnthropicCacheControlTest {

    private final AnthropicCodec codec = new AnthropicCodec();

    private ChatRequest decode(String json) {
        return codec.decodeRequest(json.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    @Test
    void eachBreakpointStaysOnTheElementItCameWithAsTheCallerWroteIt() {
        ChatRequest request = codec.decodeRequest(Golden.bytes("request-cache-control.client.json"), Map.of());

        CacheControl oneHour = new CacheControl("{\"type\":\"ephemeral\",\"ttl\":\"1h\"}");
        CacheControl ephemeral = new CacheControl("{\"type\":\"ephemeral\"}");
        assertThat(request.systemBlocks()).extracting(Content.Text::cacheControl).containsExactly(null, oneHour, null);
        assertThat(request.system()).isEqualTo("You are an AI assistant tasked with analyzing literary works.\n\n"
                + "<the entire contents of Pride and Prejudice>\n\nToday is Tuesday.");
        assertThat(request.tools()).extracting(t -> t.cacheControl()).containsExactly(null, oneHour);
        assertThat(request.messages().get(0).content()).extracting(Content::cacheControl).containsExactly(ephemeral, null);
        assertThat(request.messages().get(1).content().getFirst().cacheControl())
                .isEqualTo(new CacheControl("{\"type\":\"ephemeral\",\"future_field\":[1,2]}"));
        Content.ToolResult result = (Content.ToolResult) request.messages().get(2).content().getFirst();
        assertThat(result.cacheControl()).isNull();
        assertThat(result.content().getFirst().cacheControl()).isEqualTo(ephemeral);
        // The request-level one (automatic caching) travels with the other fields the model does not know.
        assertThat(request.passthrough().fields()).containsEntry("cache_control", "{\"type\":\"ephemeral\"}");
        assertThat(request.cacheBreakpoints()).isEqualTo(5);
    }

    @Test
    void withoutBreakpointsTheSystemPromptIsOneTextAsBefore() {
        ChatRequest request = decode("{\"model\":\"claude\",\"system\":[{\"type\":\"text\",\"text\":\"a\"},"
                + "{\"type\":\"text\",\"text\":\"b\",\"cache_control\":null}],"
                + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Hi\"}]}]}");

        assertThat(request.systemBlocks()).isEmpty();
        assertThat(request.system()).isEqualTo("a\n\nb");
        assertThat(request.cacheBreakpoints()).isZero();
        assertThat(Golden.tree(codec.encodeRequest(request)).get("system").asText()).isEqualTo("a\n\nb");
    }

    @Test
    void anOpenAiUpstreamGetsNoBreakpoints() {
        ChatRequest request = codec.decodeRequest(Golden.bytes("request-cache-control.client.json"), Map.of());

        String upstream = new String(new OpenAiCodec().encodeRequest(request), StandardCharsets.UTF_8);

        assertThat(upstream).doesNotContain("cache_control").doesNotContain("ttl")
                .contains("<the entire contents of Pride and Prejudice>");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"cache_control\":\"ephemeral\",|cache_control",
        "\"system\":[{\"type\":\"text\",\"text\":\"a\"},{\"type\":\"text\",\"text\":\"b\",\"cache_control\":true}],"
                + "|system[1].cache_control",
        "\"tools\":[{\"name\":\"f\",\"input_schema\":{},\"cache_control\":[\"ephemeral\"]}],|tools[0].cache_control",
        "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Hi\",\"cache_control\":\"ephemeral\"}]}],"
                + "|messages[0].content[0].cache_control",
        "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image\",\"source\":{\"type\":\"url\",\"url\":\"u\"},"
                + "\"cache_control\":1}]}],|messages[0].content[0].cache_control",
        "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"t\",\"content\":"
                + "[{\"type\":\"text\",\"text\":\"x\",\"cache_control\":\"5m\"}]}]}],|messages[0].content[0].content[0].cache_control",
        "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"t\",\"content\":\"x\","
                + "\"cache_control\":\"5m\"}]}],|messages[0].content[0].cache_control",
    })
    void aCacheControlThatIsNotAnObjectIsA400NamingTheField(String fields, String param) {
        String json = "{\"model\":\"claude\"," + fields
                + (fields.startsWith("\"messages\"") ? "" : "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],")
                + "\"max_tokens\":10}";

        GatewayError e = catchThrowableOfType(GatewayError.class, () -> decode(json));

        assertThat(e).as("a GatewayError for %s", json).isNotNull();
        assertThat(e.kind()).isEqualTo(GatewayError.Kind.INVALID_REQUEST);
        assertThat(e.param()).isEqualTo(param);
        assertThat(e.getMessage()).startsWith(param + " must be an object").contains("{\"type\":\"ephemeral\"}");
        assertThat(new String(codec.encodeError(e).body(), StandardCharsets.UTF_8))
                .contains("\"type\":\"invalid_request_error\"").contains(param);
    }
}
