package dev.contextgate.dialect.anthropic;

import dev.contextgate.chat.GatewayError;
import dev.contextgate.chat.StreamEvent;
import dev.contextgate.chat.Usage;
import dev.contextgate.dialect.FrameWriter;
import dev.contextgate.dialect.StreamEncoder;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Server side: canonical events to Anthropic's named server-sent events. Anthropic clients always get
 * usage, so {@code includeUsage} changes nothing here. Each frame's JSON is generated straight into
 * its bytes, after the {@code event:}/{@code data:} lines. One per stream.
 */
final class AnthropicStreamEncoder implements StreamEncoder {

    private static final byte[] PING = frame("ping", "{\"type\":\"ping\"}");
    private static final byte[] MESSAGE_STOP = frame("message_stop", "{\"type\":\"message_stop\"}");
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEAD_MESSAGE_START = head("message_start");
    private static final byte[] HEAD_CONTENT_BLOCK_START = head("content_block_start");
    private static final byte[] HEAD_CONTENT_BLOCK_DELTA = head("content_block_delta");
    private static final byte[] HEAD_CONTENT_BLOCK_STOP = head("content_block_stop");
    private static final byte[] HEAD_MESSAGE_DELTA = head("message_delta");

    private final FrameWriter frames = new FrameWriter();
    private final String model;

    AnthropicStreamEncoder(String model) {
        this.model = model;
    }

    @Override
    public byte[] encode(StreamEvent event) {
        return switch (event) {
            case StreamEvent.Start s -> concat(frame(HEAD_MESSAGE_START, gen -> {
                gen.writeStringField("type", "message_start");
                gen.writeObjectFieldStart("message");
                gen.writeStringField("id", AnthropicResponses.messageId(s.id()));
                gen.writeStringField("type", "message");
                gen.writeStringField("role", "assistant");
                gen.writeStringField("model", model == null ? s.model() : model);
                gen.writeArrayFieldStart("content");
                gen.writeEndArray();
                gen.writeNullField("stop_reason");
                gen.writeNullField("stop_sequence");
                gen.writeFieldName("usage");
                AnthropicResponses.writeUsage(gen, s.usage(), true);
                gen.writeEndObject();
            }), PING);
            case StreamEvent.BlockStart b -> frame(HEAD_CONTENT_BLOCK_START, gen -> {
                gen.writeStringField("type", "content_block_start");
                gen.writeNumberField("index", b.index());
                gen.writeObjectFieldStart("content_block");
                switch (b.block()) {
                    case StreamEvent.Block.Text t -> {
                        gen.writeStringField("type", "text");
                        gen.writeStringField("text", "");
                    }
                    case StreamEvent.Block.ToolUse u -> {
                        gen.writeStringField("type", "tool_use");
                        gen.writeStringField("id", u.id());
                        gen.writeStringField("name", u.name());
                        gen.writeObjectFieldStart("input");
                        gen.writeEndObject();
                    }
                    case StreamEvent.Block.Thinking t -> {
                        gen.writeStringField("type", "thinking");
                        gen.writeStringField("thinking", "");
                    }
                    case StreamEvent.Block.RedactedThinking r -> {
                        gen.writeStringField("type", "redacted_thinking");
                        gen.writeStringField("data", r.data());
                    }
                }
                gen.writeEndObject();
            });
            case StreamEvent.TextDelta d -> delta(d.index(), "text_delta", "text", d.text());
            case StreamEvent.ToolArgumentsDelta d -> delta(d.index(), "input_json_delta", "partial_json", d.partialJson());
            case StreamEvent.ThinkingDelta d -> delta(d.index(), "thinking_delta", "thinking", d.text());
            case StreamEvent.SignatureDelta d -> delta(d.index(), "signature_delta", "signature", d.signature());
            case StreamEvent.BlockStop b -> frame(HEAD_CONTENT_BLOCK_STOP, gen -> {
                gen.writeStringField("type", "content_block_stop");
                gen.writeNumberField("index", b.index());
            });
            case StreamEvent.Delta d -> frame(HEAD_MESSAGE_DELTA, gen -> {
                gen.writeStringField("type", "message_delta");
                gen.writeObjectFieldStart("delta");
                gen.writeStringField("stop_reason", AnthropicResponses.stopReason(d.stopReason()));
                gen.writeStringField("stop_sequence", d.stopSequence());
                gen.writeEndObject();
                Usage usage = d.usage() == null ? Usage.ZERO : d.usage();
                gen.writeFieldName("usage");
                // Upstreams that learn input tokens only at the end (OpenAI) report them here.
                AnthropicResponses.writeUsage(gen, usage, usage.inputTokens() > 0);
            });
            case StreamEvent.Stop s -> MESSAGE_STOP.clone();
        };
    }

    @Override
    public byte[] encodeError(GatewayError error) {
        return frame("error", new String(AnthropicErrors.body(error), StandardCharsets.UTF_8));
    }

    private byte[] delta(int index, String type, String field, String value) {
        return frame(HEAD_CONTENT_BLOCK_DELTA, gen -> {
            gen.writeStringField("type", "content_block_delta");
            gen.writeNumberField("index", index);
            gen.writeObjectFieldStart("delta");
            gen.writeStringField("type", type);
            gen.writeStringField(field, value);
            gen.writeEndObject();
        });
    }

    /** One frame, after {@code head}, whose data is the JSON object {@code fields} writes. */
    private byte[] frame(byte[] head, FrameWriter.Value fields) {
        return frames.frame(head, gen -> {
            gen.writeStartObject();
            fields.write(gen);
            gen.writeEndObject();
        }, END);
    }

    private static byte[] head(String event) {
        return ("event: " + event + "\ndata: ").getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() {
        frames.close();
    }

    private static byte[] frame(String event, String data) {
        return ("event: " + event + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(a.length + b.length);
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }
}
