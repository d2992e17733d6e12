package dev.contextgate.dialect.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.contextgate.chat.ChatRequest;
import dev.contextgate.chat.ChatResponse;
import dev.contextgate.chat.Content;
import dev.contextgate.chat.ResponseAssembler;
import dev.contextgate.chat.StopReason;
import dev.contextgate.chat.StreamEvent;
import dev.contextgate.chat.Usage;
import dev.contextgate.dialect.StreamEncoder;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Anthropic's documented examples, through the codec in both directions. */
class AnthropicGoldenTest {

    private final AnthropicCodec codec = new AnthropicCodec();

    @ParameterizedTest
    @ValueSource(strings = {"request-tools", "request-thinking", "request-conversation", "request-cache-control"})
    void clientRequestReachesTheUpstreamUnchanged(String name) {
        ChatRequest request = codec.decodeRequest(Golden.bytes(name + ".client.json"), Map.of());

        byte[] upstream = codec.encodeRequest(request);

        assertThat(Golden.tree(upstream)).isEqualTo(Golden.json(name + ".upstream.json"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"response-text", "response-tool-use"})
    void upstreamResponseReachesTheClient(String name) {
        ChatResponse response = codec.decodeResponse(Golden.bytes(name + ".upstream.json"));

        byte[] client = codec.encodeResponse(response, response.model());

        assertThat(Golden.tree(client)).isEqualTo(Golden.json(name + ".client.json"));
    }

    @Test
    void responseUsageAddsCacheTokensIntoInputAndKeepsThemApart() {
        ChatResponse response = codec.decodeResponse(Golden.bytes("response-tool-use.upstream.json"));

        assertThat(response.usage()).isEqualTo(new Usage(2400, 80, 2000, 300, 0));
        assertThat(response.stopReason()).isEqualTo(StopReason.TOOL_USE);
        assertThat(response.content()).containsExactly(
                new Content.Text("<thinking>I need to use the get_weather, and the user wants SF, which is likely San Francisco, CA.</thinking>"),
                new Content.ToolUse("toolu_01A09q90qw90lq917835lq9", "get_weather",
                        "{\"location\":\"San Francisco, CA\",\"unit\":\"celsius\"}"));
    }

    @Test
    void textStreamAssemblesIntoTheMessage() {
        ChatResponse response = assemble("stream-text.sse");

        assertThat(response.id()).isEqualTo("msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY");
        assertThat(response.model()).isEqualTo("claude-opus-4-1-20250805");
        assertThat(response.content()).containsExactly(new Content.Text("Hello!"));
        assertThat(response.stopReason()).isEqualTo(StopReason.END_TURN);
        assertThat(response.usage()).isEqualTo(Usage.of(25, 15));
    }

    @Test
    void toolUseStreamAssemblesTextAndArguments() {
        ChatResponse response = assemble("stream-tool-use.sse");

        assertThat(response.content()).containsExactly(
                new Content.Text("Okay, let's check the weather for San Francisco, CA:"),
                new Content.ToolUse("toolu_01T1x1fJ34qAmk2tNTrN7Up6", "get_weather",
                        "{\"location\": \"San Francisco, CA\", \"unit\": \"fahrenheit\"}"));
        assertThat(response.stopReason()).isEqualTo(StopReason.TOOL_USE);
        assertThat(response.usage()).isEqualTo(Usage.of(472, 89));
    }

    @Test
    void thinkingStreamKeepsTheSignature() {
        ChatResponse response = assemble("stream-thinking.sse");

        assertThat(response.content()).containsExactly(
                new Content.Thinking("Let me solve this step by step:\n\n1. First break down 27 * 453\n2. 453 = 400 + 50 + 3"
                        + "\n3. 27 * 400 = 10,800\n4. 27 * 50 = 1,350\n5. 27 * 3 = 81\n6. 10,800 + 1,350 + 81 = 12,231",
                        "EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds..."),
                new Content.Text("27 * 453 = 12,231"));
    }

    @Test
    void serverToolBlocksAreSkippedAndIndexesStayContiguous() {
        List<StreamEvent> events = Golden.decodeAll(codec.streamDecoder(), Golden.frames(Golden.bytes("stream-web-search.sse")));

        assertThat(events).filteredOn(e -> e instanceof StreamEvent.BlockStart)
                .containsExactly(new StreamEvent.BlockStart(0, new StreamEvent.Block.Text()),
                        new StreamEvent.BlockStart(1, new StreamEvent.Block.Text()));
        assertThat(events).noneMatch(e -> e instanceof StreamEvent.ToolArgumentsDelta);
        ChatResponse response = assemble("stream-web-search.sse");
        assertThat(response.content()).containsExactly(
                new Content.Text("I'll check the current weather in New York City for you."),
                new Content.Text("Here's the current weather information for New York City:\n\n# Weather in New York City"));
        assertThat(response.usage()).isEqualTo(Usage.of(10682, 510));
    }

    @ParameterizedTest
    @ValueSource(strings = {"stream-text.sse", "stream-tool-use.sse", "stream-thinking.sse", "stream-web-search.sse"})
    void encodedStreamDecodesToTheSameEvents(String name) {
        List<StreamEvent> events = Golden.decodeAll(codec.streamDecoder(), Golden.frames(Golden.bytes(name)));
        StreamEncoder encoder = codec.streamEncoder(null, true);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (StreamEvent e : events) {
            out.writeBytes(encoder.encode(e));
        }

        List<Golden.Frame> frames = Golden.frames(out.toByteArray());
        List<StreamEvent> again = Golden.decodeAll(codec.streamDecoder(), frames);

        assertThat(again).isEqualTo(events);
        assertThat(frames).allSatisfy(f -> assertThat(Golden.tree(f.data().getBytes()).path("type").asText())
                .isEqualTo(f.event()));
        assertThat(frames.get(0).event()).isEqualTo("message_start");
        assertThat(frames.get(1).event()).isEqualTo("ping");
        assertThat(frames.get(frames.size() - 1).event()).isEqualTo("message_stop");
    }

    @Test
    void encodedStreamMatchesTheDocumentedTextStream() {
        List<Golden.Frame> documented = Golden.frames(Golden.bytes("stream-text.sse"));
        List<StreamEvent> events = Golden.decodeAll(codec.streamDecoder(), documented);
        StreamEncoder encoder = codec.streamEncoder("claude-opus-4-1-20250805", true);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        events.forEach(e -> out.writeBytes(encoder.encode(e)));

        List<Golden.Frame> ours = Golden.frames(out.toByteArray());

        assertThat(ours).extracting(Golden.Frame::event).containsExactly("message_start", "ping",
                "content_block_start", "content_block_delta", "content_block_delta", "content_block_stop",
                "message_delta", "message_stop");
        // The documented stream pings after the first block start where ours pings after message_start.
        assertThat(Golden.tree(ours.get(2).data().getBytes())).isEqualTo(Golden.tree(documented.get(1).data().getBytes()));
        for (int i = 3; i < 8; i++) {
            assertThat(Golden.tree(ours.get(i).data().getBytes())).isEqualTo(Golden.tree(documented.get(i).data().getBytes()));
        }
        assertThat(Golden.tree(ours.get(0).data().getBytes()).path("message").path("usage").path("input_tokens").asInt())
                .isEqualTo(25);
    }

    private ChatResponse assemble(String name) {
        ResponseAssembler assembler = new ResponseAssembler();
        Golden.decodeAll(codec.streamDecoder(), Golden.frames(Golden.bytes(name))).forEach(assembler::accept);
        assertThat(assembler.complete()).isTrue();
        return assembler.response();
    }
}
