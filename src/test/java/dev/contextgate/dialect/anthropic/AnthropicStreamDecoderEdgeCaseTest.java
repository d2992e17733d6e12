package dev.contextgate.dialect.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.contextgate.chat.GatewayError;
import dev.contextgate.chat.StopReason;
import dev.contextgate.chat.StreamEvent;
import dev.contextgate.chat.Usage;
import dev.contextgate.dialect.ReaderBuffer;
import dev.contextgate.dialect.StreamDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Anthropic stream events shaped in ways the documented examples never are, read by the streaming
 * {@link AnthropicStreamDecoder}. Each is also fed to {@link TreeAnthropicStreamDecoder}, the tree-based
 * decoder it replaced, which must agree.
 */
class AnthropicStreamDecoderEdgeCaseTest {

    private static final String TEXT_BLOCK =
            "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}";

    /** An SSE frame: its event name (or null) and data. */
    private record Frame(String event, byte[] data) {}

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Frame frame(String event, String data) {
        return new Frame(event, utf8(data));
    }

    private static Frame data(String data) {
        return frame(null, data);
    }

    /**
     * The events of a whole stream, or the error that ended it as "KIND: message". Each payload lies inside a
     * larger buffer, as the SSE reader hands it over.
     */
    private static List<Object> outcome(StreamDecoder decoder, List<Frame> frames) {
        List<Object> events = new ArrayList<>();
        try {
            for (Frame f : frames) {
                events.addAll(ReaderBuffer.decode(decoder, f.event(), f.data()));
            }
        } catch (GatewayError e) {
            events.add(e.kind() + ": " + e.getMessage());
        }
        return events;
    }

    /** Decodes {@code frames} both ways, checks they agree, and returns the streaming decoder's outcome. */
    private static List<Object> decode(Frame... frames) {
        List<Object> streaming = outcome(new AnthropicStreamDecoder(), List.of(frames));
        assertThat(streaming).isEqualTo(outcome(new TreeAnthropicStreamDecoder(), List.of(frames)));
        return streaming;
    }

    @Test
    void fieldsInAnUnusualOrderReadTheSame() {
        List<Object> events = decode(
                data("{\"content_block\":{\"text\":\"\",\"type\":\"text\"},\"index\":0,\"type\":\"content_block_start\"}"),
                data("{\"delta\":{\"text\":\"Hi\",\"type\":\"text_delta\"},\"index\":0,\"type\":\"content_block_delta\"}"),
                data("{\"usage\":{\"output_tokens\":4},\"delta\":{\"stop_sequence\":null,\"stop_reason\":\"max_tokens\"},"
                        + "\"type\":\"message_delta\"}"));

        assertThat(events).containsExactly(new StreamEvent.BlockStart(0, new StreamEvent.Block.Text()),
                new StreamEvent.TextDelta(0, "Hi"), new StreamEvent.Delta(StopReason.MAX_TOKENS, null, Usage.of(0, 4)));
    }

    @Test
    void unknownNestedObjectsAreSkipped() {
        List<Object> events = decode(
                data(TEXT_BLOCK),
                data("{\"type\":\"content_block_delta\",\"meta\":{\"type\":\"error\",\"a\":[{\"b\":[]}]},\"index\":0,"
                        + "\"delta\":{\"type\":\"text_delta\",\"extra\":{\"text\":\"not this\"},\"text\":\"yes\"}}"),
                data("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"citations_delta\","
                        + "\"citation\":{\"type\":\"web_search_result_location\",\"url\":\"https://x\"}}}"),
                frame("brand_new_event", "{\"type\":\"brand_new_event\",\"payload\":{\"deep\":[1,2,{\"x\":null}]}}"));

        assertThat(events).containsExactly(new StreamEvent.BlockStart(0, new StreamEvent.Block.Text()),
                new StreamEvent.TextDelta(0, "yes"));
    }

    @Test
    void nullsAndMissingTypesKeepTheirOldMeaning() {
        // A null or missing type falls back to the SSE event name; a null text is an empty delta.
        List<Object> events = decode(
                frame("content_block_start", "{\"type\":null,\"index\":0,\"content_block\":{\"type\":\"text\"}}"),
                frame("content_block_delta", "{\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":null}}"),
                data("{\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"no type, no event: dropped\"}}"),
                data("{\"type\":\"message_delta\",\"delta\":null,\"usage\":null}"),
                data("{\"type\":\"message_stop\"}"));

        assertThat(events).containsExactly(new StreamEvent.BlockStart(0, new StreamEvent.Block.Text()),
                new StreamEvent.TextDelta(0, ""), new StreamEvent.Delta(null, null, Usage.ZERO), new StreamEvent.Stop());
    }

    @Test
    void numbersKeepTheTreesReading() {
        List<Object> events = decode(
                data("{\"type\":\"message_start\",\"message\":{\"id\":1.50,\"model\":\"m\",\"usage\":{\"input_tokens\":\"12\","
                        + "\"cache_read_input_tokens\":2.9,\"output_tokens\":1}},\"created\":1.0000000000000000000000001e400}"),
                data(TEXT_BLOCK),
                data("{\"type\":\"content_block_delta\",\"index\":0.9,\"delta\":{\"type\":\"text_delta\",\"text\":1.50}}"),
                data("{\"type\":\"content_block_delta\",\"index\":\"0\",\"delta\":{\"type\":\"text_delta\",\"text\":1e3}}"),
                data("{\"type\":\"content_block_delta\",\"index\":4294967296,\"delta\":{\"type\":\"text_delta\",\"text\":true}}"));

        assertThat(events).containsExactly(new StreamEvent.Start("1.5", "m", new Usage(14, 1, 2, 0, 0)),
                new StreamEvent.BlockStart(0, new StreamEvent.Block.Text()), new StreamEvent.TextDelta(0, "1.5"),
                new StreamEvent.TextDelta(0, "1E+3"), new StreamEvent.TextDelta(0, "true"));
    }

    @Test
    void unicodeEscapesDecodeInValuesAndNames() {
        List<Object> events = decode(
                data(TEXT_BLOCK),
                data("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\","
                        + "\"t\\u0065xt\":\"caf\\u00e9 \\ud83d\\ude00 \\\"q\\\"\\n\"}}"));

        assertThat(events).containsExactly(new StreamEvent.BlockStart(0, new StreamEvent.Block.Text()),
                new StreamEvent.TextDelta(0, "café \uD83D\uDE00 \"q\"\n"));
    }

    @Test
    void aFieldSentTwiceCountsAsItsLastCopy() {
        List<Object> events = decode(
                data(TEXT_BLOCK),
                data("{\"type\":\"message_stop\",\"type\":\"content_block_delta\",\"index\":3,\"index\":0,"
                        + "\"delta\":{\"type\":\"text_delta\",\"text\":\"old\"},\"delta\":{\"type\":\"thinking_delta\","
                        + "\"thinking\":\"new\",\"thinking\":\"newer\"}}"));

        assertThat(events).containsExactly(new StreamEvent.BlockStart(0, new StreamEvent.Block.Text()),
                new StreamEvent.ThinkingDelta(0, "newer"));
    }

    @Test
    void toolArgumentsAndSignaturesStreamThrough() {
        List<Object> events = decode(
                data("{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"tool_use\",\"id\":\"t1\","
                        + "\"name\":\"f\",\"input\":{}}}"),
                data("{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"\"}}"),
                data("{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\","
                        + "\"partial_json\":\"{\\\"n\\\":1.50\"}}"),
                data("{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"signature_delta\",\"signature\":\"s\"}}"),
                data("{\"type\":\"content_block_stop\",\"index\":1}"),
                data("{\"type\":\"content_block_stop\",\"index\":7}"));

        assertThat(events).containsExactly(new StreamEvent.BlockStart(0, new StreamEvent.Block.ToolUse("t1", "f")),
                new StreamEvent.ToolArgumentsDelta(0, "{\"n\":1.50"), new StreamEvent.SignatureDelta(0, "s"),
                new StreamEvent.BlockStop(0));
    }

    @Test
    void anErrorEventIsThrownWhereverItsFieldsAre() {
        List<Object> events = decode(frame("error", "{\"error\":{\"details\":{\"x\":[1]},\"message\":\"Overloaded\","
                + "\"type\":\"overloaded_error\"},\"type\":\"error\"}"));

        assertThat(events).hasSize(1).first().asString().startsWith("OVERLOADED: ").contains("Overloaded");
    }

    @Test
    void aNumberTooLargeForABigDecimalFailsOnlyWhereItIsRead() {
        // The tree decoder let databind's NumberFormatException escape for both; unread, the number is now
        // skipped, and read (here as the delta's text) it is bad input with the reason given.
        StreamDecoder decoder = new AnthropicStreamDecoder();
        decoder.decode(null, utf8(TEXT_BLOCK));

        assertThat(decoder.decode(null, utf8("{\"type\":\"content_block_delta\",\"created\":1e99999999999,\"index\":0,"
                + "\"delta\":{\"type\":\"text_delta\",\"text\":\"ok\"}}"))).containsExactly(new StreamEvent.TextDelta(0, "ok"));
        assertThat(outcome(decoder, List.of(data("{\"type\":\"content_block_delta\",\"index\":0,"
                + "\"delta\":{\"type\":\"text_delta\",\"text\":1e99999999999}}")))).hasSize(1).first().asString()
                .startsWith("UPSTREAM_FAILED: the upstream sent a stream event that is not valid JSON: ")
                .contains("1e99999999999");
    }

    @Test
    void rawUtf8ReadsAndMalformedUtf8BecomesReplacementChars() {
        // In Latin-1 each of these chars is one byte: 0xC3 is é's first byte left alone (a server that cut
        // a character between tokens), 0xFF never occurs in UTF-8. Both read as U+FFFD, as when decoded to text.
        byte[] malformed = "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"caf\u00c3 \u00ff\"}}"
                .getBytes(StandardCharsets.ISO_8859_1);
        List<Object> events = decode(data(TEXT_BLOCK),
                data("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"漢字 😀\"}}"),
                new Frame(null, malformed));

        assertThat(events).containsExactly(new StreamEvent.BlockStart(0, new StreamEvent.Block.Text()),
                new StreamEvent.TextDelta(0, "漢字 😀"), new StreamEvent.TextDelta(0, "caf\uFFFD \uFFFD"));
    }

    @Test
    void badJsonFailsWithTheReasonTheTextParserGives() {
        // Jackson's byte parser words an unterminated string differently; the reason must not change.
        assertThat(decode(data("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"text\":\"unterminated")))
                .containsExactly("UPSTREAM_FAILED: the upstream sent a stream event that is not valid JSON: "
                        + "Unexpected end-of-input: was expecting closing quote for a string value");
    }

    @Test
    void aPingIsIgnoredUnread() {
        assertThat(decode(frame("ping", "not json at all"))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"type\": nope}",
        "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}",
        "{\"type\":\"content_block_delta\",\"skipped\":{\"a\":[1,2}],\"index\":0}",
        "{\"type\":\"content_block_delta\",\"delta\":{\"text\":\"bad \\x escape\"}}",
        "{\"type\":\"content_block_delta\",\"skipped\":\"unterminated",
        "{\"type\":\"message_stop\",}",
        "[1,",
        "nope",
    })
    void badJsonAnywhereIsAnUpstreamFailureWithTheParsersReason(String data) {
        List<Object> events = decode(data(data));

        assertThat(events).hasSize(1).first().asString()
                .startsWith("UPSTREAM_FAILED: the upstream sent a stream event that is not valid JSON: ")
                .doesNotContain("[Source:");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1,2]", "\"event\"", "42", "null", "", " "})
    void wellFormedJsonThatIsNotAnObjectIsAnUpstreamFailure(String data) {
        assertThat(decode(data(data))).containsExactly(
                "UPSTREAM_FAILED: the upstream sent a stream event that is not a JSON object");
    }
}
