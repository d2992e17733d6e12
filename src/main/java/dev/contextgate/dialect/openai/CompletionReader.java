package dev.contextgate.dialect.openai;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.contextgate.chat.ChatResponse;
import dev.contextgate.chat.Content;
import dev.contextgate.chat.GatewayError;
import dev.contextgate.dialect.JsonValues;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * An upstream's {@code chat.completion} read with a streaming parser: {@code choices[0].message},
 * {@code finish_reason}, id, model and usage; everything else is skipped unread. A field sent twice
 * counts as its last copy, and bad JSON anywhere fails the whole body, as the tree parse it replaced did.
 */
final class CompletionReader {

    /** {@code choices[0]}: {@code message} is empty when it is not an object, {@code finishReason} null when not a string. */
    private record Choice(List<Content> message, String finishReason) {}

    private static final Choice NOTHING = new Choice(List.of(), null);

    private CompletionReader() {}

    static ChatResponse read(byte[] body) {
        String id = "";
        String model = "";
        JsonNode usage = null;
        Choice choice = null; // null: no choices at all
        try (JsonParser p = JsonValues.parser(body)) {
            if (!JsonValues.opensObject(p)) {
                throw new GatewayError(GatewayError.Kind.UPSTREAM_FAILED,
                        "the upstream returned a response that is not a JSON object: " + ErrorCodec.preview(body));
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "id" -> id = JsonValues.asText(p, "");
                    case "model" -> model = JsonValues.asText(p, "");
                    case "usage" -> usage = JsonValues.objectOrNull(p);
                    case "choices" -> choice = firstChoice(p);
                    default -> p.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new GatewayError(GatewayError.Kind.UPSTREAM_FAILED,
                    "the upstream returned a response that is not valid JSON: " + ErrorCodec.preview(body));
        }
        if (choice == null) {
            throw new GatewayError(GatewayError.Kind.UPSTREAM_FAILED,
                    "the upstream's chat completion has no choices: " + ErrorCodec.preview(body));
        }
        return new ChatResponse(id, model, choice.message(), ResponseCodec.stopReason(choice.finishReason()), null,
                ResponseCodec.usage(usage));
    }

    /** The first element, read only when it is an object; null when there is none. */
    private static Choice firstChoice(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            p.skipChildren();
            return null;
        }
        Choice first = null;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (first != null) {
                p.skipChildren();
            } else if (p.currentToken() == JsonToken.START_OBJECT) {
                first = choice(p);
            } else {
                p.skipChildren();
                first = NOTHING; // a choice that is not an object says nothing, but it is there
            }
        }
        return first;
    }

    private static Choice choice(JsonParser p) throws IOException {
        List<Content> message = List.of();
        String finishReason = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "message" -> {
                    if (p.currentToken() == JsonToken.START_OBJECT) {
                        message = message(p);
                    } else {
                        p.skipChildren();
                        message = List.of();
                    }
                }
                case "finish_reason" -> finishReason = JsonValues.string(p);
                default -> p.skipChildren();
            }
        }
        return new Choice(message, finishReason);
    }

    /** Reasoning, then text (a string, or the text parts some compatible servers send), refusal, tool calls. */
    private static List<Content> message(JsonParser p) throws IOException {
        String reasoningContent = null;
        String reasoning = null;
        List<String> texts = List.of();
        String refusal = null;
        List<Content> calls = List.of();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "reasoning_content" -> reasoningContent = JsonValues.string(p);
                case "reasoning" -> reasoning = JsonValues.string(p); // vLLM and OpenRouter name it so
                case "content" -> texts = texts(p);
                case "refusal" -> refusal = JsonValues.string(p);
                case "tool_calls" -> calls = toolCalls(p);
                default -> p.skipChildren();
            }
        }
        List<Content> content = new ArrayList<>(2 + calls.size());
        String thinking = reasoningContent != null ? reasoningContent : reasoning;
        if (thinking != null && !thinking.isEmpty()) {
            content.add(new Content.Thinking(thinking, null));
        }
        texts.forEach(text -> content.add(new Content.Text(text)));
        if (refusal != null && !refusal.isEmpty()) {
            content.add(new Content.Text(refusal));
        }
        content.addAll(calls);
        return content;
    }

    /** A non-empty string is one text; an array gives each part's string {@code text}, empty ones too. */
    private static List<String> texts(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_STRING) {
            String text = p.getText();
            return text.isEmpty() ? List.of() : List.of(text);
        }
        if (p.currentToken() != JsonToken.START_ARRAY) {
            p.skipChildren();
            return List.of();
        }
        List<String> texts = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() != JsonToken.START_OBJECT) {
                p.skipChildren();
                continue;
            }
            String text = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if (field.equals("text")) {
                    text = JsonValues.string(p);
                } else {
                    p.skipChildren();
                }
            }
            if (text != null) {
                texts.add(text);
            }
        }
        return texts;
    }

    /**
     * Each element of an array is a call, whatever its shape. An object's values count too, in the order
     * its tree would iterate them (a repeated key keeps its first place), so that rare shape goes through one.
     */
    private static List<Content> toolCalls(JsonParser p) throws IOException {
        List<Content> calls = new ArrayList<>();
        if (p.currentToken() == JsonToken.START_ARRAY) {
            while (p.nextToken() != JsonToken.END_ARRAY) {
                calls.add(toolCall(p));
            }
        } else if (p.currentToken() == JsonToken.START_OBJECT) {
            for (JsonNode call : JsonValues.tree(p)) {
                try (JsonParser q = call.traverse()) {
                    q.nextToken();
                    calls.add(toolCall(q));
                }
            }
        } else {
            p.skipChildren();
        }
        return calls;
    }

    private static Content.ToolUse toolCall(JsonParser p) throws IOException {
        String id = "";
        Function function = Function.NONE;
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return new Content.ToolUse(id, function.name(), function.arguments());
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "id" -> id = JsonValues.asText(p, "");
                case "function" -> function = function(p);
                default -> p.skipChildren();
            }
        }
        return new Content.ToolUse(id, function.name(), function.arguments());
    }

    /** A function that is not an object has no name and the arguments {@code {}}. */
    private record Function(String name, String arguments) {
        static final Function NONE = new Function("", "{}");
    }

    private static Function function(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return Function.NONE;
        }
        String name = "";
        String arguments = "{}";
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "name" -> name = JsonValues.asText(p, "");
                case "arguments" -> arguments = JsonValues.asText(p, "{}");
                default -> p.skipChildren();
            }
        }
        return new Function(name, arguments);
    }
}
