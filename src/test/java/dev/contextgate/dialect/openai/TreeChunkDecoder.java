package dev.contextgate.dialect.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.contextgate.chat.GatewayError;
import dev.contextgate.chat.StopReason;
import dev.contextgate.chat.StreamEvent;
import dev.contextgate.chat.Usage;
import dev.contextgate.dialect.Json;
import dev.contextgate.dialect.StreamDecoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The reference for {@link ChunkDecoder}: the decoder as it was when it read each chunk into a tree,
 * kept verbatim so edge-case tests can check the streaming reader gives the same events and errors.
 *
 * <p>An upstream's {@code chat.completion.chunk} events to canonical block events. OpenAI has no blocks,
 * so they are made here: reasoning, text and each tool call open a block when the previous one was of
 * another kind (or another call), closing the open one; block indexes count 0, 1, 2... in order of
 * opening. The end state (finish_reason, usage) is kept until {@code [DONE]}. Not thread-safe.
 */
final class TreeChunkDecoder implements StreamDecoder {

    private enum Kind { TEXT, THINKING, TOOL }

    private boolean started;
    private int nextIndex;
    private int openIndex = -1;
    private Kind openKind;
    /** OpenAI's tool_calls[].index to our block index. */
    private final Map<Integer, Integer> toolBlocks = new HashMap<>();
    private StopReason stopReason;
    private Usage usage = Usage.ZERO;
    private boolean done;

    @Override
    public List<StreamEvent> decode(String event, byte[] data, int offset, int length) {
        return decode(event, data == null ? null : java.util.Arrays.copyOfRange(data, offset, offset + length));
    }

    @Override
    public List<StreamEvent> decode(String event, byte[] bytes) {
        // The one change: the bytes are decoded here, as SseReader did when it handed over Strings.
        String data = bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
        List<StreamEvent> out = new ArrayList<>(3);
        if (done) {
            return out;
        }
        String payload = data == null ? "" : data.strip();
        if (payload.isEmpty()) {
            return out;
        }
        if (payload.equals("[DONE]")) {
            done = true;
            start(out, "", "");
            close(out);
            out.add(new StreamEvent.Delta(stopReason == null ? StopReason.END_TURN : stopReason, null, usage));
            out.add(new StreamEvent.Stop());
            return out;
        }
        JsonNode chunk = parse(payload);
        JsonNode error = chunk.get("error");
        if (error != null && error.isObject()) {
            throw ErrorCodec.decodeStreamError(error);
        }
        start(out, chunk.path("id").asText(""), chunk.path("model").asText(""));
        JsonNode usageNode = chunk.get("usage");
        if (usageNode != null && usageNode.isObject()) {
            usage = ResponseCodec.usage(usageNode);
        }
        JsonNode choices = chunk.get("choices");
        if (choices != null && choices.isArray() && !choices.isEmpty()) {
            JsonNode choice = choices.get(0);
            delta(out, choice.path("delta"));
            JsonNode finish = choice.get("finish_reason");
            if (finish != null && finish.isTextual()) {
                stopReason = ResponseCodec.stopReason(finish.asText());
            }
        }
        return out;
    }

    private static JsonNode parse(String payload) {
        try {
            JsonNode node = Json.MAPPER.readTree(payload);
            if (node == null || !node.isObject()) {
                throw new GatewayError(GatewayError.Kind.UPSTREAM_FAILED,
                        "the upstream sent a stream event that is not a JSON object: " + preview(payload));
            }
            return node;
        } catch (IOException e) {
            throw new GatewayError(GatewayError.Kind.UPSTREAM_FAILED,
                    "the upstream sent a stream event that is not valid JSON: " + preview(payload));
        }
    }

    private static String preview(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200);
    }

    private void start(List<StreamEvent> out, String id, String model) {
        if (!started) {
            started = true;
            out.add(new StreamEvent.Start(id, model, Usage.ZERO));
        }
    }

    private void delta(List<StreamEvent> out, JsonNode delta) {
        String reasoning = reasoningText(delta);
        if (reasoning != null && !reasoning.isEmpty()) {
            open(out, Kind.THINKING, new StreamEvent.Block.Thinking());
            out.add(new StreamEvent.ThinkingDelta(openIndex, reasoning));
        }
        for (String field : new String[] {"content", "refusal"}) {
            JsonNode text = delta.get(field);
            if (text != null && text.isTextual() && !text.asText().isEmpty()) {
                open(out, Kind.TEXT, new StreamEvent.Block.Text());
                out.add(new StreamEvent.TextDelta(openIndex, text.asText()));
            }
        }
        JsonNode calls = delta.get("tool_calls");
        if (calls != null && calls.isArray()) {
            for (int i = 0; i < calls.size(); i++) {
                toolCall(out, calls.get(i), i);
            }
        }
    }

    private void toolCall(List<StreamEvent> out, JsonNode call, int position) {
        int toolIndex = call.path("index").asInt(position);
        Integer block = toolBlocks.get(toolIndex);
        JsonNode function = call.path("function");
        if (block == null) {
            String id = call.path("id").asText("");
            if (id.isEmpty()) {
                id = "call_" + toolIndex; // some compatible servers never send one
            }
            close(out);
            block = nextIndex++;
            openIndex = block;
            openKind = Kind.TOOL;
            toolBlocks.put(toolIndex, block);
            out.add(new StreamEvent.BlockStart(block, new StreamEvent.Block.ToolUse(id, function.path("name").asText(""))));
        }
        JsonNode arguments = function.get("arguments");
        if (arguments != null && arguments.isTextual() && !arguments.asText().isEmpty()) {
            out.add(new StreamEvent.ToolArgumentsDelta(block, arguments.asText()));
        }
    }

    /** Opens a block of {@code kind} unless one is open already (tool calls always open their own). */
    private void open(List<StreamEvent> out, Kind kind, StreamEvent.Block block) {
        if (openIndex >= 0 && openKind == kind) {
            return;
        }
        close(out);
        openIndex = nextIndex++;
        openKind = kind;
        out.add(new StreamEvent.BlockStart(openIndex, block));
    }

    private void close(List<StreamEvent> out) {
        if (openIndex >= 0) {
            out.add(new StreamEvent.BlockStop(openIndex));
            openIndex = -1;
            openKind = null;
        }
    }

    private static String reasoningText(JsonNode holder) {
        JsonNode r = holder.get("reasoning_content");
        if (r == null || !r.isTextual()) {
            r = holder.get("reasoning");
        }
        return r != null && r.isTextual() ? r.asText() : null;
    }
}
