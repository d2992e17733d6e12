package dev.contextgate.dialect.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.contextgate.chat.ChatRequest;
import dev.contextgate.chat.Content;
import dev.contextgate.chat.Dialect;
import dev.contextgate.chat.Message;
import dev.contextgate.chat.Passthrough;
import dev.contextgate.chat.Reasoning;
import dev.contextgate.chat.Role;
import dev.contextgate.chat.ToolChoice;
import dev.contextgate.chat.ToolDefinition;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The exact bytes of an upstream request body: field order, raw passthrough JSON and escaping must not
 * drift when the encoder changes.
 */
class OpenAiRequestBytesTest {

    private final OpenAiCodec codec = new OpenAiCodec();

    private String encode(ChatRequest request) {
        return new String(codec.encodeRequest(request), StandardCharsets.UTF_8);
    }

    @Test
    void aFullRequestIsWrittenFieldByField() {
        ChatRequest request = new ChatRequest("o3-mini", "sys \"quoted\"", null, List.of(
                new Message(Role.USER, List.of(new Content.Text("Hi"), Content.Image.url("https://x/i.png"),
                        Content.Image.base64("image/png", "AAA"))),
                new Message(Role.ASSISTANT, List.of(new Content.Thinking("t", null), new Content.Text("Let me "),
                        new Content.Text("check"), new Content.ToolUse("call_1", "f", "{\"a\":1.50}"))),
                new Message(Role.USER, List.of(new Content.ToolResult("call_1",
                        List.of(new Content.Text("r1"), Content.Image.url("https://x/j.png")), true),
                        new Content.Text("thanks"))),
                new Message(Role.ASSISTANT, List.of(new Content.ToolUse("call_2", "g", "{}"))),
                new Message(Role.ASSISTANT, List.of())),
                100, 0.5, 1.0, 40, List.of("\n", "END"),
                List.of(new ToolDefinition("f", "desc", "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"number\"}}}"),
                        new ToolDefinition("g", null, null)),
                new ToolChoice.Named("f", false), new Reasoning(4096, null), true, true, "ctx",
                new Passthrough(Dialect.OPENAI,
                        Map.of("seed", "42", "model", "\"not-this\"", "context_id", "\"ctx\"", "logit_bias", "{\"50256\": -100}"),
                        Map.of()));

        String body = encode(request);

        // Passthrough fields come last, in the map's own order, which Map.of leaves unspecified.
        String fixed = "{\"model\":\"o3-mini\",\"messages\":[{\"role\":\"system\",\"content\":\"sys \\\"quoted\\\"\"},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Hi\"},{\"type\":\"image_url\","
                + "\"image_url\":{\"url\":\"https://x/i.png\"}},{\"type\":\"image_url\",\"image_url\":"
                + "{\"url\":\"data:image/png;base64,AAA\"}}]},"
                + "{\"role\":\"assistant\",\"content\":\"Let me check\",\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\","
                + "\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"a\\\":1.50}\"}}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"Error: r1\\n[image omitted]\"},"
                + "{\"role\":\"user\",\"content\":\"thanks\"},"
                + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_2\",\"type\":\"function\","
                + "\"function\":{\"name\":\"g\",\"arguments\":\"{}\"}}]},"
                + "{\"role\":\"assistant\",\"content\":\"\"}],"
                + "\"max_completion_tokens\":100,\"temperature\":0.5,\"top_p\":1.0,\"stop\":[\"\\n\",\"END\"],"
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"description\":\"desc\","
                + "\"parameters\":{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"number\"}}}}},"
                + "{\"type\":\"function\",\"function\":{\"name\":\"g\",\"parameters\":{\"type\":\"object\",\"properties\":{}}}}],"
                + "\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"f\"}},\"parallel_tool_calls\":false,"
                + "\"reasoning_effort\":\"medium\",\"stream\":true,\"stream_options\":{\"include_usage\":true},";
        assertThat(body).startsWith(fixed).endsWith("}");
        assertThat(body.substring(fixed.length(), body.length() - 1).split(",(?=\")"))
                .containsExactlyInAnyOrder("\"seed\":42", "\"logit_bias\":{\"50256\": -100}");
    }

    @Test
    void aPlainRequestHasOnlyModelAndMessages() {
        ChatRequest request = new ChatRequest("gpt-4o", "", null, List.of(Message.user("Hello")), null, null, null, null,
                null, null, new ToolChoice.Required(true), null, false, false, null,
                new Passthrough(Dialect.ANTHROPIC, Map.of("metadata", "{\"user_id\":\"u\"}"), Map.of()));

        assertThat(encode(request)).isEqualTo("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}");
    }

    @Test
    void theWordChoicesAreWrittenAsWords() {
        for (ToolChoice choice : List.<ToolChoice>of(new ToolChoice.Auto(true), new ToolChoice.None(),
                new ToolChoice.Required(true))) {
            ChatRequest request = new ChatRequest("gpt-4o", null, null, List.of(Message.user("x")), 5, null, null, null, null,
                    List.of(new ToolDefinition("f", null, "{}")), choice, new Reasoning(null, "low"), false, false, null,
                    Passthrough.none(Dialect.OPENAI));
            String word = switch (choice) {
                case ToolChoice.Auto a -> "auto";
                case ToolChoice.None n -> "none";
                default -> "required";
            };

            assertThat(encode(request)).isEqualTo("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                    + "\"max_tokens\":5,\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":{}}}],"
                    + "\"tool_choice\":\"" + word + "\",\"reasoning_effort\":\"low\"}");
        }
    }
}
