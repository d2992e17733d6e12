package dev.contextgate.dialect.anthropic;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.contextgate.chat.GatewayError;
import dev.contextgate.dialect.JsonValues;
import java.io.IOException;

/**
 * One Anthropic stream event's JSON read with a streaming parser. The {@code delta} of the many
 * {@code content_block_delta} events is read field by field; the objects that come once a stream or once
 * a block ({@code message}, {@code content_block}, {@code usage}, {@code error}) stay small trees for the
 * readers that take trees. A field sent twice counts as its last copy, and bad JSON anywhere fails the
 * event, as the tree parse it replaced did.
 */
final class AnthropicEventReader {

    /**
     * The fields {@link AnthropicStreamDecoder} reads. {@code type} falls back to the SSE event name;
     * absent objects are {@link MissingNode}, except {@code usage}, which is null unless it is an object.
     */
    record Event(String type, int index, JsonNode message, JsonNode contentBlock, Delta delta, JsonNode usage,
            JsonNode error) {}

    /** A delta's texts read as {@code asText("")}; the stop fields are null unless they are strings. */
    record Delta(String type, String text, String partialJson, String thinking, String signature, String stopReason,
            String stopSequence) {
        static final Delta NONE = new Delta("", "", "", "", "", null, null);
    }

    private AnthropicEventReader() {}

    /**
     * @param event the SSE event name, or null; the type when the JSON has none
     * @param data holds the event's UTF-8 JSON at {@code [offset, offset + length)}
     */
    static Event read(String event, byte[] data, int offset, int length) {
        String fallbackType = event == null ? "" : event;
        Event read;
        try {
            read = JsonValues.read(data, offset, length,
                    p -> JsonValues.opensObject(p) ? event(p, fallbackType) : null);
        } catch (IOException e) {
            throw new GatewayError(GatewayError.Kind.UPSTREAM_FAILED,
                    "the upstream sent a stream event that is not valid JSON: " + AnthropicErrors.shortReason(e));
        }
        if (read == null) {
            throw new GatewayError(GatewayError.Kind.UPSTREAM_FAILED,
                    "the upstream sent a stream event that is not a JSON object");
        }
        return read;
    }

    private static Event event(JsonParser p, String fallbackType) throws IOException {
        String type = fallbackType;
        int index = 0;
        JsonNode message = MissingNode.getInstance();
        JsonNode contentBlock = MissingNode.getInstance();
        Delta delta = Delta.NONE;
        JsonNode usage = null;
        JsonNode error = MissingNode.getInstance();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "type" -> type = JsonValues.asText(p, fallbackType);
                case "index" -> index = JsonValues.asInt(p, 0);
                case "message" -> message = JsonValues.tree(p);
                case "content_block" -> contentBlock = JsonValues.tree(p);
                case "delta" -> delta = delta(p);
                case "usage" -> usage = JsonValues.objectOrNull(p);
                case "error" -> error = JsonValues.tree(p);
                default -> p.skipChildren();
            }
        }
        return new Event(type, index, message, contentBlock, delta, usage, error);
    }

    private static Delta delta(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return Delta.NONE;
        }
        String type = "";
        String text = "";
        String partialJson = "";
        String thinking = "";
        String signature = "";
        String stopReason = null;
        String stopSequence = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "type" -> type = JsonValues.asText(p, "");
                case "text" -> text = JsonValues.asText(p, "");
                case "partial_json" -> partialJson = JsonValues.asText(p, "");
                case "thinking" -> thinking = JsonValues.asText(p, "");
                case "signature" -> signature = JsonValues.asText(p, "");
                case "stop_reason" -> stopReason = JsonValues.string(p);
                case "stop_sequence" -> stopSequence = JsonValues.string(p);
                default -> p.skipChildren();
            }
        }
        return new Delta(type, text, partialJson, thinking, signature, stopReason, stopSequence);
    }
}
