package dev.contextgate.dialect.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.contextgate.chat.ChatResponse;
import dev.contextgate.chat.Content;
import dev.contextgate.chat.StopReason;
import dev.contextgate.chat.Usage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The exact bytes of a client response: field order and escaping are what clients with hand-written
 * parsers and our recorded fixtures see, so they must not drift when the encoder changes. Characters
 * outside the BMP are written as escaped surrogate pairs (Jackson's default), the others as UTF-8.
 */
class OpenAiResponseBytesTest {

    private final OpenAiCodec codec = new OpenAiCodec();

    /** The body with {@code created}, the time of encoding, set to 0. */
    private String encode(ChatResponse response, String model) {
        String body = new String(codec.encodeResponse(response, model), StandardCharsets.UTF_8);
        assertThat(body).containsPattern("\"created\":[0-9]+,");
        return body.replaceFirst("\"created\":[0-9]+,", "\"created\":0,");
    }

    @Test
    void aFullAnswerIsWrittenFieldByFieldInOpenAisOrder() {
        ChatResponse response = new ChatResponse("msg_01", "claude", List.of(
                new Content.Thinking("plan ", "sig"), new Content.RedactedThinking("xx"),
                new Content.Text("café \"q\"\n"), new Content.Thinking("more", null), new Content.Text("😀</script>"),
                new Content.ToolUse("call_1", "get_weather", "{\"city\":\"Zürich\",\"n\":1.50}"),
                new Content.ToolUse("call_2", "noop", "{}")),
                StopReason.TOOL_USE, null, new Usage(100, 20, 80, 0, 5));

        assertThat(encode(response, "gpt-4o")).isEqualTo("{\"id\":\"chatcmpl-msg_01\",\"object\":\"chat.completion\","
                + "\"created\":0,\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                + "\"content\":\"café \\\"q\\\"\\n\\uD83D\\uDE00</script>\",\"tool_calls\":["
                + "{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
                + "\"arguments\":\"{\\\"city\\\":\\\"Zürich\\\",\\\"n\\\":1.50}\"}},"
                + "{\"id\":\"call_2\",\"type\":\"function\",\"function\":{\"name\":\"noop\",\"arguments\":\"{}\"}}],"
                + "\"reasoning_content\":\"plan more\",\"refusal\":null},\"logprobs\":null,\"finish_reason\":\"tool_calls\"}],"
                + "\"usage\":{\"prompt_tokens\":100,\"completion_tokens\":20,\"total_tokens\":120,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":80},\"completion_tokens_details\":{\"reasoning_tokens\":5}}}");
    }

    @Test
    void anEmptyAnswerHasNullContentAndNoToolCalls() {
        ChatResponse response = new ChatResponse("chatcmpl-x", "m", List.of(), StopReason.MAX_TOKENS, null, null);

        assertThat(encode(response, null)).isEqualTo("{\"id\":\"chatcmpl-x\",\"object\":\"chat.completion\","
                + "\"created\":0,\"model\":null,\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                + "\"content\":null,\"refusal\":null},\"logprobs\":null,\"finish_reason\":\"length\"}],"
                + "\"usage\":{\"prompt_tokens\":0,\"completion_tokens\":0,\"total_tokens\":0,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":0},\"completion_tokens_details\":{\"reasoning_tokens\":0}}}");
    }

    @Test
    void anEmptyTextStillCountsAsContent() {
        ChatResponse response = new ChatResponse("chatcmpl-y", "m", List.of(new Content.Text("")),
                StopReason.END_TURN, null, null);

        assertThat(encode(response, "m")).contains("\"message\":{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null}");
    }
}
