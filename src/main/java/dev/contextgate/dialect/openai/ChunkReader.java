package dev.contextgate.dialect.openai;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.contextgate.chat.GatewayError;
import dev.contextgate.dialect.JsonValues;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code chat.completion.chunk} read with a streaming parser into just the fields {@link ChunkDecoder}
 * uses; everything else is skipped unread. A field sent twice counts as its last copy, and the whole chunk
 * is read before anything is returned, so bad JSON anywhere in it fails the chunk as a tree parse did.
 */
final class ChunkReader {

    /** {@code error} and {@code usage} stay trees: each comes once a stream, and their readers take trees. */
    record Chunk(String id, String model, JsonNode error, JsonNode usage, Choice choice) {}

    /** {@code choices[0]}; {@code delta} is null when it is not an object, {@code finishReason} when not a string. */
    record Choice(Delta delta, String finishReason) {}

    /** The texts are null unless they are strings; {@code reasoning} is reasoning_content, else reasoning. */
    record Delta(String reasoning, String content, String refusal, List<ToolCall> toolCalls) {}

    /** A tool call's piece; {@code arguments} is null unless it is a string. */
    record ToolCall(int index, String id, String name, String arguments) {}

    private ChunkReader() {}

    /** Reads {@code data[from, to)}, UTF-8 JSON with no blank around it. */
    static Chunk read(byte[] data, int from, int to) {
        Chunk chunk;
        try {
            chunk = JsonValues.read(data, from, to - from, p -> JsonValues.opensObject(p) ? chunk(p) : null);
        } catch (IOException e) {
            throw new GatewayError(GatewayError.Kind.UPSTREAM_FAILED,
                    "the upstream sent a stream event that is not valid JSON: " + preview(data, from, to));
        }
        if (chunk == null) {
            throw new GatewayError(GatewayError.Kind.UPSTREAM_FAILED,
                    "the upstream sent a stream event that is not a JSON object: " + preview(data, from, to));
        }
        return chunk;
    }

    /** The payload's first 200 chars: decoded only here, on the way to an error message. */
    private static String preview(byte[] data, int from, int to) {
        String s = new String(data, from, to - from, StandardCharsets.UTF_8);
        return s.length() <= 200 ? s : s.substring(0, 200);
    }

    private static Chunk chunk(JsonParser p) throws IOException {
        String id = "";
        String model = "";
        JsonNode error = null;
        JsonNode usage = null;
        Choice choice = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "id" -> id = JsonValues.asText(p, "");
                case "model" -> model = JsonValues.asText(p, "");
                case "error" -> error = JsonValues.objectOrNull(p);
                case "usage" -> usage = JsonValues.objectOrNull(p);
                case "choices" -> choice = firstChoice(p);
                default -> p.skipChildren();
            }
        }
        return new Chunk(id, model, error, usage, choice);
    }

    /** The first element when it is an object; the others are skipped. */
    private static Choice firstChoice(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            p.skipChildren();
            return null;
        }
        Choice first = null;
        boolean isFirst = true;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (isFirst && p.currentToken() == JsonToken.START_OBJECT) {
                first = choice(p);
            } else {
                p.skipChildren();
            }
            isFirst = false;
        }
        return first;
    }

    private static Choice choice(JsonParser p) throws IOException {
        Delta delta = null;
        String finishReason = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "delta" -> delta = p.currentToken() == JsonToken.START_OBJECT ? delta(p) : skipped(p, null);
                case "finish_reason" -> finishReason = JsonValues.string(p);
                default -> p.skipChildren();
            }
        }
        return new Choice(delta, finishReason);
    }

    private static Delta delta(JsonParser p) throws IOException {
        String reasoningContent = null;
        String reasoning = null;
        String content = null;
        String refusal = null;
        List<ToolCall> toolCalls = List.of();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "reasoning_content" -> reasoningContent = JsonValues.string(p);
                case "reasoning" -> reasoning = JsonValues.string(p); // vLLM and OpenRouter name it so
                case "content" -> content = JsonValues.string(p);
                case "refusal" -> refusal = JsonValues.string(p);
                case "tool_calls" -> toolCalls = toolCalls(p);
                default -> p.skipChildren();
            }
        }
        return new Delta(reasoningContent != null ? reasoningContent : reasoning, content, refusal, toolCalls);
    }

    /** Every element counts, even one that is not an object: it is a call with no id, at its position. */
    private static List<ToolCall> toolCalls(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            p.skipChildren();
            return List.of();
        }
        List<ToolCall> calls = new ArrayList<>(1);
        for (int position = 0; p.nextToken() != JsonToken.END_ARRAY; position++) {
            if (p.currentToken() == JsonToken.START_OBJECT) {
                calls.add(toolCall(p, position));
            } else {
                p.skipChildren();
                calls.add(new ToolCall(position, "", "", null));
            }
        }
        return calls;
    }

    private static ToolCall toolCall(JsonParser p, int position) throws IOException {
        int index = position;
        String id = "";
        Function function = Function.NONE;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "index" -> index = JsonValues.asInt(p, position);
                case "id" -> id = JsonValues.asText(p, "");
                case "function" -> function = p.currentToken() == JsonToken.START_OBJECT ? function(p) : skipped(p, Function.NONE);
                default -> p.skipChildren();
            }
        }
        return new ToolCall(index, id, function.name(), function.arguments());
    }

    private record Function(String name, String arguments) {
        static final Function NONE = new Function("", null);
    }

    private static Function function(JsonParser p) throws IOException {
        String name = "";
        String arguments = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "name" -> name = JsonValues.asText(p, "");
                case "arguments" -> arguments = JsonValues.string(p);
                default -> p.skipChildren();
            }
        }
        return new Function(name, arguments);
    }

    /** Skips a value of the wrong shape and stands {@code absent} in for it. */
    private static <T> T skipped(JsonParser p, T absent) throws IOException {
        p.skipChildren();
        return absent;
    }
}
