package dev.contextgate.dialect.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.ObjectMappers;
import com.openai.models.chat.completions.ChatCompletionChunk;
import dev.contextgate.chat.ChatResponse;
import dev.contextgate.chat.Content;
import dev.contextgate.chat.GatewayError;
import dev.contextgate.chat.ResponseAssembler;
import dev.contextgate.chat.StopReason;
import dev.contextgate.chat.StreamEvent;
import dev.contextgate.chat.Usage;
import dev.contextgate.dialect.StreamDecoder;
import dev.contextgate.dialect.StreamEncoder;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenAiStreamTest {

    private final OpenAiCodec codec = new OpenAiCodec();

    private List<StreamEvent> decodeAll(List<String> payloads) {
        StreamDecoder decoder = codec.streamDecoder();
        List<StreamEvent> events = new ArrayList<>();
        for (String data : payloads) {
            events.addAll(decoder.decode(null, data.getBytes(StandardCharsets.UTF_8)));
        }
        return events;
    }

    private static ChatResponse assemble(List<StreamEvent> events) {
        ResponseAssembler assembler = new ResponseAssembler();
        events.forEach(assembler::accept);
        assertThat(assembler.complete()).isTrue();
        return assembler.response();
    }

    private byte[] encodeAll(List<StreamEvent> events, String model, boolean includeUsage) {
        StreamEncoder encoder = codec.streamEncoder(model, includeUsage);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        events.forEach(e -> out.writeBytes(encoder.encode(e)));
        return out.toByteArray();
    }

    @Test
    void documentedTextStreamDecodesIntoBlocks() {
        List<StreamEvent> events = decodeAll(Golden.sseData(Golden.bytes("stream-text.sse")));

        Usage usage = new Usage(9, 9, 0, 0, 0);
        assertThat(events).containsExactly(
                new StreamEvent.Start("chatcmpl-123", "gpt-4o-mini", Usage.ZERO),
                new StreamEvent.BlockStart(0, new StreamEvent.Block.Text()),
                new StreamEvent.TextDelta(0, "Hello"),
                new StreamEvent.TextDelta(0, "!"),
                new StreamEvent.TextDelta(0, " How can I assist you today?"),
                new StreamEvent.BlockStop(0),
                new StreamEvent.Delta(StopReason.END_TURN, null, usage),
                new StreamEvent.Stop());
        assertThat(assemble(events)).isEqualTo(new ChatResponse("chatcmpl-123", "gpt-4o-mini",
                List.of(new Content.Text("Hello! How can I assist you today?")), StopReason.END_TURN, null, usage));
    }

    @Test
    void textStreamReencodesAsOpenAiChunksWithUsage() throws Exception {
        List<StreamEvent> events = decodeAll(Golden.sseData(Golden.bytes("stream-text.sse")));

        byte[] sse = encodeAll(events, "gpt-4o-mini", true);
        List<String> frames = Golden.sseData(sse);

        assertThat(new String(sse, StandardCharsets.UTF_8)).endsWith("}\n\ndata: [DONE]\n\n");
        assertThat(frames).hasSize(7).last().isEqualTo("[DONE]");
        JsonNode first = Golden.tree(frames.get(0));
        assertThat(first.path("id").asText()).isEqualTo("chatcmpl-123");
        assertThat(first.path("object").asText()).isEqualTo("chat.completion.chunk");
        assertThat(first.path("choices").get(0).path("delta")).isEqualTo(
                Golden.tree("{\"role\":\"assistant\",\"content\":\"\"}"));
        assertThat(first.path("choices").get(0).path("finish_reason").isNull()).isTrue();
        assertThat(first.has("usage") && first.get("usage").isNull()).isTrue();
        JsonNode finish = Golden.tree(frames.get(4));
        assertThat(finish.path("choices").get(0).path("delta").isEmpty()).isTrue();
        assertThat(finish.path("choices").get(0).path("finish_reason").asText()).isEqualTo("stop");
        JsonNode usage = Golden.tree(frames.get(5));
        assertThat(usage.path("choices").isEmpty()).isTrue();
        assertThat(usage.path("usage").path("total_tokens").asInt()).isEqualTo(18);
        for (String frame : frames.subList(0, 6)) {
            ObjectMappers.jsonMapper().readValue(frame, ChatCompletionChunk.class).validate();
        }
        // and what we wrote reads back to the same answer
        assertThat(assemble(decodeAll(frames))).isEqualTo(assemble(events));
    }

    @Test
    void withoutIncludeUsageThereIsNoUsageChunkAndNoUsageField() {
        List<StreamEvent> events = decodeAll(Golden.sseData(Golden.bytes("stream-text.sse")));

        List<String> frames = Golden.sseData(encodeAll(events, "gpt-4o-mini", false));

        assertThat(frames).hasSize(6).last().isEqualTo("[DONE]");
        assertThat(frames.subList(0, 5)).allSatisfy(f -> {
            assertThat(Golden.tree(f).has("usage")).isFalse();
            assertThat(Golden.tree(f).path("choices")).hasSize(1);
        });
    }

    @Test
    void streamedToolCallArgumentsDecodeAndReencode() {
        List<StreamEvent> events = decodeAll(Golden.sseData(Golden.bytes("stream-tools.sse")));

        assertThat(events).startsWith(
                new StreamEvent.Start("chatcmpl-9abc", "gpt-4o-2024-08-06", Usage.ZERO),
                new StreamEvent.BlockStart(0,
                        new StreamEvent.Block.ToolUse("call_DdmO9pD3xa9XTPNJ32zg2hcA", "get_current_weather")),
                new StreamEvent.ToolArgumentsDelta(0, "{\""));
        assertThat(events).contains(new StreamEvent.BlockStop(0),
                new StreamEvent.BlockStart(1, new StreamEvent.Block.ToolUse("call_zX81", "get_current_weather")),
                new StreamEvent.ToolArgumentsDelta(1, "{\"location\": \"Paris, FR\"}"));
        ChatResponse expected = new ChatResponse("chatcmpl-9abc", "gpt-4o-2024-08-06", List.of(
                new Content.ToolUse("call_DdmO9pD3xa9XTPNJ32zg2hcA", "get_current_weather",
                        "{\"location\":\"Boston, MA\"}"),
                new Content.ToolUse("call_zX81", "get_current_weather", "{\"location\": \"Paris, FR\"}")),
                StopReason.TOOL_USE, null, Usage.ZERO);
        assertThat(assemble(events)).isEqualTo(expected);

        List<String> frames = Golden.sseData(encodeAll(events, "gpt-4o", false));
        JsonNode secondCall = frames.stream().map(Golden::tree)
                .filter(f -> f.path("choices").path(0).path("delta").path("tool_calls").path(0).has("id"))
                .skip(1).findFirst().orElseThrow();
        assertThat(secondCall.path("choices").get(0).path("delta").path("tool_calls").get(0)).isEqualTo(Golden.tree(
                "{\"index\":1,\"id\":\"call_zX81\",\"type\":\"function\","
                        + "\"function\":{\"name\":\"get_current_weather\",\"arguments\":\"\"}}"));
        assertThat(assemble(decodeAll(frames)).content()).isEqualTo(expected.content());
    }

    @Test
    void reasoningThenTextThenToolOpenSeparateBlocks() {
        List<StreamEvent> events = decodeAll(List.of(
                "{\"id\":\"c1\",\"model\":\"r1\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\","
                        + "\"reasoning_content\":\"Hmm\"},\"finish_reason\":null}]}",
                "{\"id\":\"c1\",\"model\":\"r1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Sure.\"}}]}",
                "{\"id\":\"c1\",\"model\":\"r1\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,"
                        + "\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]}}]}",
                "{\"id\":\"c1\",\"model\":\"r1\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"length\"}],"
                        + "\"usage\":{\"prompt_tokens\":4,\"completion_tokens\":6,"
                        + "\"completion_tokens_details\":{\"reasoning_tokens\":2}}}",
                "[DONE]"));

        ChatResponse response = assemble(events);

        assertThat(response.content()).containsExactly(new Content.Thinking("Hmm", null), new Content.Text("Sure."),
                new Content.ToolUse("call_1", "f", "{}"));
        assertThat(response.stopReason()).isEqualTo(StopReason.MAX_TOKENS);
        assertThat(response.usage()).isEqualTo(new Usage(4, 6, 0, 0, 2));
        List<String> frames = Golden.sseData(encodeAll(events, "r1", false));
        assertThat(Golden.tree(frames.get(1)).path("choices").get(0).path("delta").path("reasoning_content").asText())
                .isEqualTo("Hmm");
        assertThat(assemble(decodeAll(frames)).content()).isEqualTo(response.content());
    }

    @Test
    void errorChunkAndBadJsonThrow() {
        StreamDecoder decoder = codec.streamDecoder();
        GatewayError error = catchThrowableOfType(GatewayError.class, () -> decoder.decode(null,
                "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}"
                        .getBytes(StandardCharsets.UTF_8)));
        GatewayError bad = catchThrowableOfType(GatewayError.class,
                () -> codec.streamDecoder().decode(null, "{\"id\": nope".getBytes(StandardCharsets.UTF_8)));

        assertThat(error.kind()).isEqualTo(GatewayError.Kind.RATE_LIMITED);
        assertThat(error.getMessage()).contains("Rate limit reached");
        assertThat(bad.kind()).isEqualTo(GatewayError.Kind.UPSTREAM_FAILED);
    }

    @Test
    void aStreamCutBeforeDoneHasNoStop() {
        List<String> payloads = Golden.sseData(Golden.bytes("stream-text.sse"));

        List<StreamEvent> events = decodeAll(payloads.subList(0, payloads.size() - 1));

        assertThat(events).noneMatch(e -> e instanceof StreamEvent.Stop);
    }

    @Test
    void aCanonicalAnswerStreamsAndReadsBack() {
        ChatResponse original = new ChatResponse("msg_9", "claude-haiku-4-5", List.of(
                new Content.Thinking("plan", "sig"), new Content.Text("Hello"),
                new Content.ToolUse("toolu_a", "a", "{\"x\":1}"), new Content.ToolUse("toolu_b", "b", "{}")),
                StopReason.TOOL_USE, null, new Usage(30, 12, 10, 0, 0));

        List<String> frames = Golden.sseData(encodeAll(ResponseAssembler.events(original), "claude-haiku-4-5", true));
        ChatResponse back = assemble(decodeAll(frames));

        assertThat(back.id()).isEqualTo("chatcmpl-msg_9");
        assertThat(back.content()).containsExactly(new Content.Thinking("plan", null), new Content.Text("Hello"),
                new Content.ToolUse("toolu_a", "a", "{\"x\":1}"), new Content.ToolUse("toolu_b", "b", "{}"));
        assertThat(back.stopReason()).isEqualTo(StopReason.TOOL_USE);
        assertThat(back.usage()).isEqualTo(original.usage());
    }
}
