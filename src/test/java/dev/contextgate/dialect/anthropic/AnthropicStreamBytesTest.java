package dev.contextgate.dialect.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.contextgate.chat.GatewayError;
import dev.contextgate.chat.StopReason;
import dev.contextgate.chat.StreamEvent;
import dev.contextgate.chat.Usage;
import dev.contextgate.dialect.StreamEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The exact bytes of the server-sent events Anthropic clients get: frame layout, field order and
 * escaping must not drift when the encoder changes.
 */
class AnthropicStreamBytesTest {

    private final StreamEncoder encoder = new AnthropicCodec().streamEncoder("claude-x", true);

    private String encode(StreamEvent event) {
        return new String(encoder.encode(event), StandardCharsets.UTF_8);
    }

    @Test
    void eachEventIsOneFrame() {
        assertThat(encode(new StreamEvent.Start("01", "upstream-model", new Usage(30, 1, 10, 5, 0)))).isEqualTo(
                "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_01\",\"type\":\"message\","
                        + "\"role\":\"assistant\",\"model\":\"claude-x\",\"content\":[],\"stop_reason\":null,"
                        + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":15,\"cache_creation_input_tokens\":5,"
                        + "\"cache_read_input_tokens\":10,\"output_tokens\":1}}}\n\n"
                        + "event: ping\ndata: {\"type\":\"ping\"}\n\n");
        assertThat(encode(new StreamEvent.BlockStart(0, new StreamEvent.Block.Text()))).isEqualTo(
                "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
                        + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n");
        assertThat(encode(new StreamEvent.TextDelta(0, "café \"q\"\n😀"))).isEqualTo(
                "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                        + "\"delta\":{\"type\":\"text_delta\",\"text\":\"café \\\"q\\\"\\n\\uD83D\\uDE00\"}}\n\n");
        assertThat(encode(new StreamEvent.BlockStop(0))).isEqualTo(
                "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n");
        assertThat(encode(new StreamEvent.BlockStart(1, new StreamEvent.Block.ToolUse("toolu_1", "f")))).isEqualTo(
                "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":1,\"content_block\":"
                        + "{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"f\",\"input\":{}}}\n\n");
        assertThat(encode(new StreamEvent.ToolArgumentsDelta(1, "{\"a\":1.50"))).isEqualTo(
                "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,"
                        + "\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"a\\\":1.50\"}}\n\n");
        assertThat(encode(new StreamEvent.BlockStart(2, new StreamEvent.Block.Thinking()))).isEqualTo(
                "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":2,"
                        + "\"content_block\":{\"type\":\"thinking\",\"thinking\":\"\"}}\n\n");
        assertThat(encode(new StreamEvent.ThinkingDelta(2, "hm"))).isEqualTo(
                "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":2,"
                        + "\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"hm\"}}\n\n");
        assertThat(encode(new StreamEvent.SignatureDelta(2, "sig"))).isEqualTo(
                "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":2,"
                        + "\"delta\":{\"type\":\"signature_delta\",\"signature\":\"sig\"}}\n\n");
        assertThat(encode(new StreamEvent.BlockStart(3, new StreamEvent.Block.RedactedThinking("xyz")))).isEqualTo(
                "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":3,"
                        + "\"content_block\":{\"type\":\"redacted_thinking\",\"data\":\"xyz\"}}\n\n");
        assertThat(encode(new StreamEvent.Delta(StopReason.STOP_SEQUENCE, "END", Usage.of(0, 9)))).isEqualTo(
                "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"stop_sequence\","
                        + "\"stop_sequence\":\"END\"},\"usage\":{\"output_tokens\":9}}\n\n");
        assertThat(encode(new StreamEvent.Stop())).isEqualTo("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
    }

    @Test
    void upstreamModelNamesTheMessageWhenNoneWasAskedForAndLateInputTokensAreReported() {
        StreamEncoder plain = new AnthropicCodec().streamEncoder(null, false);

        assertThat(new String(plain.encode(new StreamEvent.Start("msg_2", "upstream-model", null)), StandardCharsets.UTF_8))
                .startsWith("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_2\","
                        + "\"type\":\"message\",\"role\":\"assistant\",\"model\":\"upstream-model\",");
        assertThat(new String(plain.encode(new StreamEvent.Delta(StopReason.END_TURN, null, new Usage(12, 3, 0, 0, 0))),
                StandardCharsets.UTF_8)).isEqualTo("event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":"
                        + "{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"input_tokens\":12,"
                        + "\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,\"output_tokens\":3}}\n\n");
    }

    @Test
    void anErrorEndsTheStreamAsAnErrorEvent() {
        String frame = new String(encoder.encodeError(new GatewayError(GatewayError.Kind.OVERLOADED, "busy")),
                StandardCharsets.UTF_8);

        assertThat(frame).startsWith("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",")
                .endsWith("}\n\n").doesNotContain("\n\n\n");
    }
}
