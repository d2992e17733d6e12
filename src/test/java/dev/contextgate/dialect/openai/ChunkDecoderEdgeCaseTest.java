package dev.contextgate.dialect.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.contextgate.chat.GatewayError;
import dev.contextgate.chat.StopReason;
import dev.contextgate.chat.StreamEvent;
import dev.contextgate.chat.Usage;
import dev.contextgate.dialect.ReaderBuffer;
import dev.contextgate.dialect.StreamDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Chunks shaped in ways the documented examples never are, read by the streaming {@link ChunkDecoder}.
 * Each is also fed to {@link TreeChunkDecoder}, the tree-based decoder it replaced, which must agree.
 */
class ChunkDecoderEdgeCaseTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The events of a whole stream, or the error that ended it as "KIND: message". Each payload lies inside a
     * larger buffer, as the SSE reader hands it over.
     */
    private static List<Object> outcome(StreamDecoder decoder, List<byte[]> payloads) {
        List<Object> events = new ArrayList<>();
        try {
            for (byte[] data : payloads) {
                events.addAll(ReaderBuffer.decode(decoder, null, data));
            }
        } catch (GatewayError e) {
            events.add(e.kind() + ": " + e.getMessage());
        }
        return events;
    }

    /** Decodes {@code payloads} both ways, checks they agree, and returns the streaming decoder's outcome. */
    private static List<Object> decode(String... payloads) {
        return decode(Arrays.stream(payloads).map(ChunkDecoderEdgeCaseTest::utf8).toArray(byte[][]::new));
    }

    private static List<Object> decode(byte[]... payloads) {
        List<Object> streaming = outcome(new ChunkDecoder(), List.of(payloads));
        assertThat(streaming).isEqualTo(outcome(new TreeChunkDecoder(), List.of(payloads)));
        return streaming;
    }

    @Test
    void fieldsInAnUnusualOrderReadTheSame() {
        List<Object> events = decode(
                "{\"choices\":[{\"finish_reason\":null,\"delta\":{\"tool_calls\":[{\"function\":{\"arguments\":\"{\\\"a\\\"\","
                        + "\"name\":\"f\"},\"type\":\"function\",\"id\":\"call_7\",\"index\":0}],\"role\":\"assistant\"},"
                        + "\"index\":0}],\"model\":\"m\",\"object\":\"chat.completion.chunk\",\"id\":\"c1\"}",
                "{\"choices\":[{\"finish_reason\":\"tool_calls\",\"delta\":{}}],\"id\":\"c1\"}",
                "[DONE]");

        assertThat(events).containsExactly(
                new StreamEvent.Start("c1", "m", Usage.ZERO),
                new StreamEvent.BlockStart(0, new StreamEvent.Block.ToolUse("call_7", "f")),
                new StreamEvent.ToolArgumentsDelta(0, "{\"a\""),
                new StreamEvent.BlockStop(0),
                new StreamEvent.Delta(StopReason.TOOL_USE, null, Usage.ZERO),
                new StreamEvent.Stop());
    }

    @Test
    void unknownNestedObjectsAndArraysAreSkipped() {
        List<Object> events = decode(
                "{\"id\":\"c1\",\"system_fingerprint\":{\"a\":[1,{\"b\":[[],{}]}],\"content\":\"not this\"},"
                        + "\"choices\":[{\"logprobs\":{\"content\":[{\"token\":\"Hi\",\"top_logprobs\":[{\"token\":\"x\"}]}]},"
                        + "\"delta\":{\"audio\":{\"content\":\"nor this\",\"data\":{\"n\":[null,true]}},\"content\":\"Hi\"}},"
                        + "{\"delta\":{\"content\":\"second choice, ignored\"}}],\"model\":\"m\"}");

        assertThat(events).containsExactly(
                new StreamEvent.Start("c1", "m", Usage.ZERO),
                new StreamEvent.BlockStart(0, new StreamEvent.Block.Text()),
                new StreamEvent.TextDelta(0, "Hi"));
    }

    @Test
    void nullsReadAsAbsent() {
        List<Object> events = decode(
                "{\"id\":null,\"model\":null,\"error\":null,\"usage\":null,\"choices\":[{\"delta\":{\"role\":null,"
                        + "\"content\":null,\"reasoning_content\":null,\"reasoning\":\"think\",\"refusal\":null,"
                        + "\"tool_calls\":null},\"finish_reason\":null}]}",
                "{\"choices\":[{\"delta\":null,\"finish_reason\":\"length\"}]}",
                "{\"choices\":null}",
                "[DONE]");

        assertThat(events).containsExactly(
                new StreamEvent.Start("", "", Usage.ZERO),
                new StreamEvent.BlockStart(0, new StreamEvent.Block.Thinking()),
                new StreamEvent.ThinkingDelta(0, "think"),
                new StreamEvent.BlockStop(0),
                new StreamEvent.Delta(StopReason.MAX_TOKENS, null, Usage.ZERO),
                new StreamEvent.Stop());
    }

    @Test
    void numbersKeepTheTreesReading() {
        // Huge and precise decimals in skipped fields; an index written 1.0; ids that are numbers read as
        // Jackson's tree wrote them (1.50 as "1.5", 1e3 as "1E+3"); usage counts as strings and decimals.
        List<Object> events = decode(
                "{\"id\":1.50,\"model\":1e3,\"created\":1.0000000000000000000000000001e400,\"choices\":[{\"delta\":"
                        + "{\"tool_calls\":[{\"index\":1.0,\"id\":12345678901234567890,\"function\":{\"name\":true}}]}}]}",
                "{\"choices\":[],\"usage\":{\"prompt_tokens\":\"7\",\"completion_tokens\":3.9,"
                        + "\"prompt_tokens_details\":{\"cached_tokens\":2}}}",
                "[DONE]");

        assertThat(events).containsExactly(
                new StreamEvent.Start("1.5", "1E+3", Usage.ZERO),
                new StreamEvent.BlockStart(0, new StreamEvent.Block.ToolUse("12345678901234567890", "true")),
                new StreamEvent.BlockStop(0),
                new StreamEvent.Delta(StopReason.END_TURN, null, new Usage(7, 3, 2, 0, 0)),
                new StreamEvent.Stop());
    }

    @Test
    void unicodeEscapesDecodeInValuesAndNames() {
        List<Object> events = decode(
                "{\"id\":\"c\\u0031\",\"choices\":[{\"delta\":{\"con\\u0074ent\":\"caf\\u00e9 \\ud83d\\ude00 \\\"q\\\" \\n\"}}]}");

        assertThat(events).containsExactly(
                new StreamEvent.Start("c1", "", Usage.ZERO),
                new StreamEvent.BlockStart(0, new StreamEvent.Block.Text()),
                new StreamEvent.TextDelta(0, "café \uD83D\uDE00 \"q\" \n"));
    }

    @Test
    void aFieldSentTwiceCountsAsItsLastCopy() {
        List<Object> events = decode(
                "{\"id\":\"first\",\"id\":\"second\",\"error\":{\"message\":\"gone\"},\"error\":null,"
                        + "\"choices\":[{\"delta\":{\"content\":\"old\"}}],\"choices\":[{\"delta\":{\"content\":\"new\","
                        + "\"reasoning_content\":7,\"reasoning\":\"r\"}}]}");

        assertThat(events).containsExactly(
                new StreamEvent.Start("second", "", Usage.ZERO),
                new StreamEvent.BlockStart(0, new StreamEvent.Block.Thinking()),
                new StreamEvent.ThinkingDelta(0, "r"),
                new StreamEvent.BlockStop(0),
                new StreamEvent.BlockStart(1, new StreamEvent.Block.Text()),
                new StreamEvent.TextDelta(1, "new"));
    }

    @Test
    void oddToolCallShapesKeepTheirOldMeaning() {
        // A call that is not an object still opens a block, named by its position; a function that is not
        // an object has no name and no arguments; a later piece of call 0 only adds arguments.
        List<Object> events = decode(
                "{\"choices\":[{\"delta\":{\"tool_calls\":[null,{\"index\":\"3\",\"function\":\"f\"}]}}]}",
                "{\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"ignored\",\"function\":{\"name\":\"x\","
                        + "\"arguments\":{\"not\":\"a string\"}}},{\"index\":0,\"function\":{\"arguments\":\"{}\"}}]}}]}");

        assertThat(events).containsExactly(
                new StreamEvent.Start("", "", Usage.ZERO),
                new StreamEvent.BlockStart(0, new StreamEvent.Block.ToolUse("call_0", "")),
                new StreamEvent.BlockStop(0),
                new StreamEvent.BlockStart(1, new StreamEvent.Block.ToolUse("call_3", "")),
                new StreamEvent.ToolArgumentsDelta(0, "{}"));
    }

    @Test
    void anErrorObjectAnywhereInTheChunkIsThrown() {
        List<Object> events = decode("{\"id\":\"c1\",\"choices\":[{\"delta\":{\"content\":\"partial\"}}],"
                + "\"error\":{\"message\":\"Overloaded\",\"type\":\"overloaded_error\",\"extra\":{\"x\":[1]}}}");

        assertThat(events).containsExactly("OVERLOADED: upstream: Overloaded");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"id\": nope",
        "{\"id\":\"c1\",\"choices\":[{\"delta\":{\"content\":\"Hi\"}}",
        "{\"id\":\"c1\",\"skipped\":{\"a\":[1,2}]},\"choices\":[]}",
        "{\"error\":{\"message\":\"boom\"},\"id\":",
        "{\"choices\":[{\"delta\":{\"content\":\"bad \\x escape\"}}]}",
        "[1,",
        "nope",
    })
    void badJsonAnywhereIsAnUpstreamFailureNamingThePayload(String payload) {
        GatewayError error = catchThrowableOfType(GatewayError.class, () -> new ChunkDecoder().decode(null, utf8(payload)));

        assertThat(error.kind()).isEqualTo(GatewayError.Kind.UPSTREAM_FAILED);
        assertThat(error.getMessage()).isEqualTo("the upstream sent a stream event that is not valid JSON: " + payload);
        assertThat(decode(payload)).containsExactly("UPSTREAM_FAILED: " + error.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1,2]", "\"chunk\"", "42", "null"})
    void wellFormedJsonThatIsNotAnObjectIsAnUpstreamFailure(String payload) {
        assertThat(decode(payload)).containsExactly(
                "UPSTREAM_FAILED: the upstream sent a stream event that is not a JSON object: " + payload);
    }

    @Test
    void aNumberTooLargeForABigDecimalFailsOnlyWhereItIsRead() {
        // The tree decoder let databind's NumberFormatException escape for these; the one place the
        // streaming decoder differs on purpose. Unread, the number is skipped; read, it is bad input.
        String skipped = "{\"id\":\"c1\",\"created\":1e99999999999,\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}";
        String read = "{\"id\":1e99999999999,\"choices\":[]}";
        String inUsage = "{\"choices\":[],\"usage\":{\"prompt_tokens\":1e-99999999999}}";

        assertThat(new ChunkDecoder().decode(null, utf8(skipped))).containsExactly(new StreamEvent.Start("c1", "", Usage.ZERO),
                new StreamEvent.BlockStart(0, new StreamEvent.Block.Text()), new StreamEvent.TextDelta(0, "Hi"));
        for (String payload : List.of(read, inUsage)) {
            GatewayError error = catchThrowableOfType(GatewayError.class,
                    () -> new ChunkDecoder().decode(null, utf8(payload)));
            assertThat(error.kind()).isEqualTo(GatewayError.Kind.UPSTREAM_FAILED);
            assertThat(error.getMessage()).isEqualTo("the upstream sent a stream event that is not valid JSON: " + payload);
        }
    }

    @Test
    void blanksAroundAChunkAndAroundDoneAreStripped() {
        // All that String.strip() took from a payload in ASCII: VT, FF and U+001C-U+001F as well.
        List<Object> events = decode(" \t\r\n", "\u000B{\"id\":\"c1\",\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\f\n",
                " \u001C[DONE]\u001F\t\r\n");

        assertThat(events).containsExactly(
                new StreamEvent.Start("c1", "", Usage.ZERO),
                new StreamEvent.BlockStart(0, new StreamEvent.Block.Text()),
                new StreamEvent.TextDelta(0, "Hi"),
                new StreamEvent.BlockStop(0),
                new StreamEvent.Delta(StopReason.END_TURN, null, Usage.ZERO),
                new StreamEvent.Stop());
    }

    @Test
    void unicodeSpacesAroundAPayloadAreNotStripped() {
        // The one place the bytes are read differently from strip(), on purpose: finding these would
        // mean decoding the payload.
        GatewayError error = catchThrowableOfType(GatewayError.class,
                () -> new ChunkDecoder().decode(null, utf8("\u3000[DONE]")));

        assertThat(error.getMessage()).isEqualTo("the upstream sent a stream event that is not valid JSON: \u3000[DONE]");
    }

    @Test
    void errorsQuoteTheFirst200CharsOfTheStrippedPayload() {
        // Cut by chars as the String was, here inside a surrogate pair.
        String bad = "{\"id\":\"" + "é".repeat(100) + "漢".repeat(50) + "😀".repeat(40) + "\" nope}";
        String array = "[\"" + "😀".repeat(150) + "\"]";

        assertThat(decode(" " + bad + "\n")).containsExactly(
                "UPSTREAM_FAILED: the upstream sent a stream event that is not valid JSON: " + bad.substring(0, 200));
        assertThat(decode("\t" + array + " ")).containsExactly(
                "UPSTREAM_FAILED: the upstream sent a stream event that is not a JSON object: " + array.substring(0, 200));
    }

    @Test
    void rawUtf8ReadsAndMalformedUtf8BecomesReplacementChars() {
        // In Latin-1 each of these chars is one byte: 0xC3 is é's first byte left alone (a server that cut
        // a character between tokens), 0xFF never occurs in UTF-8. Both read as U+FFFD, as when decoded to text.
        byte[] malformed = "{\"choices\":[{\"delta\":{\"content\":\"caf\u00c3 \u00ff\"}}]}".getBytes(StandardCharsets.ISO_8859_1);
        List<Object> events = decode(utf8("{\"id\":\"漢\",\"choices\":[{\"delta\":{\"content\":\"字 😀\"}}]}"), malformed);

        assertThat(events).containsExactly(
                new StreamEvent.Start("漢", "", Usage.ZERO),
                new StreamEvent.BlockStart(0, new StreamEvent.Block.Text()),
                new StreamEvent.TextDelta(0, "字 😀"),
                new StreamEvent.TextDelta(0, "caf\uFFFD \uFFFD"));
    }

    @Test
    void nothingIsEmittedForAChunkThatFailsHalfWay() {
        StreamDecoder decoder = new ChunkDecoder();
        catchThrowableOfType(GatewayError.class,
                () -> decoder.decode(null, utf8("{\"id\":\"c1\",\"choices\":[{\"delta\":{\"content\":\"Hi\"}}],\"x\":")));

        // the bad chunk changed nothing: the stream starts with the next good one
        assertThat(decoder.decode(null, utf8("{\"id\":\"c2\",\"choices\":[{\"delta\":{\"content\":\"Ok\"}}]}")))
                .containsExactly(new StreamEvent.Start("c2", "", Usage.ZERO),
                        new StreamEvent.BlockStart(0, new StreamEvent.Block.Text()),
                        new StreamEvent.TextDelta(0, "Ok"));
    }
}
