package dev.contextgate.dialect.openai;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.contextgate.chat.GatewayError;
import dev.contextgate.chat.StreamEvent;
import dev.contextgate.chat.Usage;
import dev.contextgate.dialect.FrameWriter;
import dev.contextgate.dialect.StreamEncoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Canonical stream events to {@code chat.completion.chunk} frames, as api.openai.com streams them.
 * Tool calls are numbered 0, 1, ... among tool calls (OpenAI's {@code index}), whatever their block
 * index. Not thread-safe: one per stream.
 */
final class ChunkEncoder implements StreamEncoder {

    private static final byte[] NOTHING = new byte[0];
    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

    private final FrameWriter frames = new FrameWriter();
    private final String model;
    private final boolean includeUsage;
    private final long created = Instant.now().getEpochSecond();
    private final Map<Integer, Integer> toolOrdinals = new HashMap<>();
    private String id = "chatcmpl-" + UUID.randomUUID().toString().replace("-", "");
    private Usage usage = Usage.ZERO;

    ChunkEncoder(String model, boolean includeUsage) {
        this.model = model;
        this.includeUsage = includeUsage;
    }

    @Override
    public byte[] encode(StreamEvent event) {
        return switch (event) {
            case StreamEvent.Start s -> {
                if (!s.id().isEmpty()) {
                    id = ResponseCodec.completionId(s.id());
                }
                usage = usage.plus(s.usage());
                yield chunk(g -> {
                    g.writeStringField("role", "assistant");
                    g.writeStringField("content", "");
                }, null);
            }
            case StreamEvent.BlockStart b -> b.block() instanceof StreamEvent.Block.ToolUse tool
                    ? toolStart(b.index(), tool)
                    : NOTHING;
            case StreamEvent.TextDelta d -> d.text().isEmpty()
                    ? NOTHING
                    : chunk(g -> g.writeStringField("content", d.text()), null);
            case StreamEvent.ThinkingDelta d -> d.text().isEmpty()
                    ? NOTHING
                    : chunk(g -> g.writeStringField("reasoning_content", d.text()), null);
            case StreamEvent.ToolArgumentsDelta d -> d.partialJson().isEmpty()
                    ? NOTHING
                    : toolArguments(d.index(), d.partialJson());
            case StreamEvent.SignatureDelta d -> NOTHING;
            case StreamEvent.BlockStop b -> NOTHING;
            case StreamEvent.Delta d -> {
                usage = usage.plus(d.usage());
                yield chunk(g -> { }, ResponseCodec.finishReason(d.stopReason()));
            }
            case StreamEvent.Stop s -> includeUsage ? concat(usageChunk(), DONE) : DONE.clone();
        };
    }

    @Override
    public byte[] encodeError(GatewayError error) {
        return concat(concat(DATA, ErrorCodec.body(error)), END);
    }

    private byte[] toolStart(int blockIndex, StreamEvent.Block.ToolUse tool) {
        int ordinal = toolOrdinals.size();
        toolOrdinals.put(blockIndex, ordinal);
        return chunk(g -> {
            g.writeArrayFieldStart("tool_calls");
            g.writeStartObject();
            g.writeNumberField("index", ordinal);
            g.writeStringField("id", tool.id());
            g.writeStringField("type", "function");
            g.writeObjectFieldStart("function");
            g.writeStringField("name", tool.name());
            g.writeStringField("arguments", "");
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndArray();
        }, null);
    }

    private byte[] toolArguments(int blockIndex, String arguments) {
        Integer ordinal = toolOrdinals.get(blockIndex);
        if (ordinal == null) {
            throw new IllegalStateException("tool arguments for block " + blockIndex + " before its BlockStart");
        }
        return chunk(g -> {
            g.writeArrayFieldStart("tool_calls");
            g.writeStartObject();
            g.writeNumberField("index", ordinal);
            g.writeObjectFieldStart("function");
            g.writeStringField("arguments", arguments);
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndArray();
        }, null);
    }

    /** One {@code data:} frame with a single choice whose delta {@code delta} writes. */
    private byte[] chunk(FrameWriter.Value delta, String finishReason) {
        return frame(g -> {
            g.writeArrayFieldStart("choices");
            g.writeStartObject();
            g.writeNumberField("index", 0);
            g.writeObjectFieldStart("delta");
            delta.write(g);
            g.writeEndObject();
            g.writeNullField("logprobs");
            g.writeStringField("finish_reason", finishReason);
            g.writeEndObject();
            g.writeEndArray();
            if (includeUsage) {
                g.writeNullField("usage");
            }
        });
    }

    private byte[] usageChunk() {
        return frame(g -> {
            g.writeArrayFieldStart("choices");
            g.writeEndArray();
            ResponseCodec.usage(g, usage);
        });
    }

    private byte[] frame(FrameWriter.Value body) {
        return frames.frame(DATA, g -> {
            g.writeStartObject();
            g.writeStringField("id", id);
            g.writeStringField("object", "chat.completion.chunk");
            g.writeNumberField("created", created);
            g.writeStringField("model", model);
            body.write(g);
            g.writeEndObject();
        }, END);
    }

    @Override
    public void close() {
        frames.close();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
