package dev.contextgate.dialect.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.contextgate.chat.ChatResponse;
import dev.contextgate.chat.Content;
import dev.contextgate.chat.GatewayError;
import dev.contextgate.chat.StopReason;
import dev.contextgate.chat.Usage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Upstream {@code chat.completion} bodies shaped in ways the documented examples never are, read by the
 * streaming {@link CompletionReader}. Each is also read by {@link TreeCompletionDecoder}, the tree-based
 * decoder it replaced, which must give the same answer or the same error.
 */
class CompletionReaderEdgeCaseTest {

    /** The answer, or the error as "KIND: message". */
    private static Object outcome(java.util.function.Function<byte[], ChatResponse> decoder, byte[] body) {
        try {
            return decoder.apply(body);
        } catch (GatewayError e) {
            return e.kind() + ": " + e.getMessage();
        }
    }

    /** Reads {@code body} both ways, checks they agree, and returns the streaming reader's outcome. */
    private static Object read(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        Object streaming = outcome(CompletionReader::read, bytes);
        assertThat(streaming).isEqualTo(outcome(TreeCompletionDecoder::decode, bytes));
        return streaming;
    }

    @Test
    void fieldsInAnUnusualOrderAndUnknownObjectsReadTheSame() {
        Object response = read("""
                {"usage":{"completion_tokens":2,"prompt_tokens":3,"extra":{"deep":[{"x":1}]}},
                 "choices":[{"finish_reason":"length","logprobs":{"content":[{"token":"a","bytes":[97]}]},
                   "message":{"tool_calls":[{"function":{"arguments":"{}","name":"f"},"id":"call_1","type":"function"}],
                     "annotations":[{"type":"url_citation","url_citation":{"url":"https://x"}}],
                     "content":"text after calls","reasoning":"why","role":"assistant"},"index":0},
                   {"message":{"content":"second choice, ignored"}}],
                 "service_tier":{"odd":"object"},"model":"m","id":"c1"}""");

        assertThat(response).isEqualTo(new ChatResponse("c1", "m", List.of(new Content.Thinking("why", null),
                new Content.Text("text after calls"), new Content.ToolUse("call_1", "f", "{}")),
                StopReason.MAX_TOKENS, null, Usage.of(3, 2)));
    }

    @Test
    void nullsReadAsAbsent() {
        Object response = read("""
                {"id":null,"model":null,"usage":null,"choices":[{"message":{"content":null,"refusal":null,
                 "reasoning_content":null,"tool_calls":null},"finish_reason":null}]}""");

        assertThat(response).isEqualTo(new ChatResponse("", "", List.of(), StopReason.END_TURN, null, Usage.ZERO));
    }

    @Test
    void numbersAndUnicodeKeepTheTreesReading() {
        Object response = read("""
                {"id":1.50,"model":"m\\u00e9","created":1.0000000000000000000000000001e400,"choices":[{"message":{
                 "content":[{"type":"text","text":"caf\\u00e9 \\ud83d\\ude00"},{"type":"image"},"bare",{"text":""}],
                 "refusal":"no\\u0021","tool_calls":[{"id":7,"function":{"name":"f","arguments":{"a":1}}}]}}],
                 "usage":{"prompt_tokens":"5","completion_tokens":2.9,"prompt_tokens_details":{"cached_tokens":99999999999}}}""");

        assertThat(response).isEqualTo(new ChatResponse("1.5", "mé", List.of(new Content.Text("café \uD83D\uDE00"),
                new Content.Text(""), new Content.Text("no!"), new Content.ToolUse("7", "f", "{}")),
                StopReason.END_TURN, null, new Usage(5, 2, 1215752191, 0, 0)));
    }

    @Test
    void aFieldSentTwiceCountsAsItsLastCopy() {
        Object response = read("""
                {"id":"a","id":"b","choices":[{"message":{"content":"old"}}],
                 "choices":[{"message":{"content":"new","content":"newer","reasoning_content":1,"reasoning":"r"},
                   "finish_reason":"stop","finish_reason":"tool_calls"}]}""");

        assertThat(response).isEqualTo(new ChatResponse("b", "", List.of(new Content.Thinking("r", null),
                new Content.Text("newer")), StopReason.TOOL_USE, null, Usage.ZERO));
    }

    @Test
    void oddToolCallShapesKeepTheirOldMeaning() {
        // Calls that are not objects still count; tool_calls given as an object counts its values, a repeated
        // key keeping its first place as the tree kept it.
        Object listed = read("""
                {"choices":[{"message":{"tool_calls":[null,{"id":"c","function":"f"},{"id":"d","function":{"name":"g",
                 "arguments":null}}]}}]}""");
        Object keyed = read("""
                {"choices":[{"message":{"tool_calls":{"x":{"id":"1"},"y":{"id":"2"},"x":{"id":"3","function":{
                 "name":"h","arguments":"{\\"k\\":1.50}"}}}}}]}""");

        assertThat(listed).isEqualTo(new ChatResponse("", "", List.of(new Content.ToolUse("", "", "{}"),
                new Content.ToolUse("c", "", "{}"), new Content.ToolUse("d", "g", "{}")),
                StopReason.END_TURN, null, Usage.ZERO));
        assertThat(((ChatResponse) keyed).content()).containsExactly(
                new Content.ToolUse("3", "h", "{\"k\":1.50}"), new Content.ToolUse("2", "", "{}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"id\":\"x\",\"choices\":[]}",
        "{\"id\":\"x\"}",
        "{\"choices\":null}",
        "{\"choices\":{\"0\":{\"message\":{\"content\":\"hi\"}}}}",
        "{\"choices\":[{\"message\":{\"content\":\"hi\"}}],\"choices\":[]}",
    })
    void withoutAChoicesArrayThereAreNoChoices(String body) {
        assertThat(read(body)).isEqualTo("UPSTREAM_FAILED: the upstream's chat completion has no choices: " + body);
    }

    @Test
    void aChoiceThatIsNotAnObjectIsAnEmptyAnswer() {
        assertThat(read("{\"choices\":[7,{\"message\":{\"content\":\"not the first\"}}]}"))
                .isEqualTo(new ChatResponse("", "", List.of(), StopReason.END_TURN, null, Usage.ZERO));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "<html>oops",
        "{\"id\":\"x\",\"choices\":[{\"message\":{\"content\":\"hi\"}}]",
        "{\"id\":\"x\",\"skipped\":{\"a\":[1,2}],\"choices\":[]}",
        "{\"choices\":[{\"message\":{\"content\":\"bad \\x escape\"}}]}",
        "[1,",
    })
    void badJsonAnywhereIsAnUpstreamFailureNamingTheBody(String body) {
        assertThat(read(body)).isEqualTo("UPSTREAM_FAILED: the upstream returned a response that is not valid JSON: "
                + body);
    }

    @Test
    void aNumberTooLargeForABigDecimalFailsOnlyWhereItIsRead() {
        // The tree decoder let databind's NumberFormatException escape for these; unread, the number is
        // now skipped, and read (an id, usage) it is bad input.
        byte[] skipped = "{\"created\":1e99999999999,\"choices\":[{\"message\":{\"content\":\"ok\"}}]}"
                .getBytes(StandardCharsets.UTF_8);
        String read = "{\"id\":1e99999999999,\"choices\":[{\"message\":{\"content\":\"ok\"}}]}";

        assertThat(CompletionReader.read(skipped).content()).containsExactly(new Content.Text("ok"));
        assertThat(outcome(CompletionReader::read, read.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("UPSTREAM_FAILED: the upstream returned a response that is not valid JSON: " + read);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1,2]", "\"completion\"", "42", "null", "", "  "})
    void wellFormedJsonThatIsNotAnObjectIsAnUpstreamFailure(String body) {
        assertThat(read(body)).isEqualTo("UPSTREAM_FAILED: the upstream returned a response that is not a JSON object: "
                + body.strip());
    }
}
