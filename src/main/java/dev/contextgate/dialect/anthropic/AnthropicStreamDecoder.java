package dev.contextgate.dialect.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.contextgate.chat.GatewayError;
import dev.contextgate.chat.StreamEvent;
import dev.contextgate.dialect.StreamDecoder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Provider side: Anthropic's server-sent events to canonical events. Blocks the canonical model has no
 * form for (server_tool_use, web_search_tool_result...) are skipped with all their deltas, and the
 * blocks kept are renumbered so canonical indexes stay 0, 1, 2... One per stream; not thread-safe.
 */
final class AnthropicStreamDecoder implements StreamDecoder {

    /** Upstream block index to canonical index; absent for skipped blocks. */
    private final Map<Integer, Integer> indexes = new HashMap<>();
    private int nextIndex;

    @Override
    public List<StreamEvent> decode(String event, byte[] data, int offset, int length) {
        if ("ping".equals(event)) {
            return List.of();
        }
        AnthropicEventReader.Event fields = AnthropicEventReader.read(event, data, offset, length);
        return switch (fields.type()) {
            case "message_start" -> {
                JsonNode message = fields.message();
                yield List.of(new StreamEvent.Start(message.path("id").asText(""), message.path("model").asText(""),
                        AnthropicResponses.usage(message.get("usage"))));
            }
            case "content_block_start" -> blockStart(fields.index(), fields.contentBlock());
            case "content_block_delta" -> delta(fields.index(), fields.delta());
            case "content_block_stop" -> {
                Integer index = indexes.get(fields.index());
                yield index == null ? List.of() : List.of(new StreamEvent.BlockStop(index));
            }
            case "message_delta" -> List.of(new StreamEvent.Delta(
                    AnthropicResponses.stopReason(fields.delta().stopReason()), fields.delta().stopSequence(),
                    AnthropicResponses.usage(fields.usage())));
            case "message_stop" -> List.of(new StreamEvent.Stop());
            case "error" -> {
                JsonNode error = fields.error();
                String errorType = AnthropicErrors.textOrNull(error.get("type"));
                String message = error.path("message").asText("the upstream stream failed");
                throw new GatewayError(AnthropicErrors.kind(errorType, 0, message), message);
            }
            default -> List.of(); // ping and event types added later
        };
    }

    private List<StreamEvent> blockStart(int upstreamIndex, JsonNode block) {
        String type = block.path("type").asText("");
        StreamEvent.Block kind = switch (type) {
            case "text" -> new StreamEvent.Block.Text();
            case "tool_use" -> new StreamEvent.Block.ToolUse(block.path("id").asText(""), block.path("name").asText(""));
            case "thinking" -> new StreamEvent.Block.Thinking();
            case "redacted_thinking" -> new StreamEvent.Block.RedactedThinking(block.path("data").asText(""));
            default -> null;
        };
        if (kind == null) {
            return List.of();
        }
        int index = nextIndex++;
        indexes.put(upstreamIndex, index);
        StreamEvent start = new StreamEvent.BlockStart(index, kind);
        // A tool_use block opens with "input":{} which the input_json_delta events then fill: ignored.
        String initial = switch (type) {
            case "text" -> block.path("text").asText("");
            case "thinking" -> block.path("thinking").asText("");
            default -> "";
        };
        if (initial.isEmpty()) {
            return List.of(start);
        }
        return List.of(start, type.equals("text")
                ? new StreamEvent.TextDelta(index, initial)
                : new StreamEvent.ThinkingDelta(index, initial));
    }

    private List<StreamEvent> delta(int upstreamIndex, AnthropicEventReader.Delta delta) {
        Integer index = indexes.get(upstreamIndex);
        if (index == null) {
            return List.of();
        }
        return switch (delta.type()) {
            case "text_delta" -> List.of(new StreamEvent.TextDelta(index, delta.text()));
            case "input_json_delta" -> delta.partialJson().isEmpty()
                    ? List.of()
                    : List.of(new StreamEvent.ToolArgumentsDelta(index, delta.partialJson()));
            case "thinking_delta" -> List.of(new StreamEvent.ThinkingDelta(index, delta.thinking()));
            case "signature_delta" -> List.of(new StreamEvent.SignatureDelta(index, delta.signature()));
            default -> List.of(); // citations_delta and others the canonical model does not carry
        };
    }
}
