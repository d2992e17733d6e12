package dev.contextgate.context;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.contextgate.chat.Content;
import dev.contextgate.chat.GatewayError;
import dev.contextgate.chat.Message;
import dev.contextgate.chat.Role;
import dev.contextgate.dialect.Json;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The canonical message JSON of DESIGN.md: blocks as Anthropic writes them. The store keeps content in
 * this form and the context API shows it, so a history written through one dialect reads back in any.
 */
public final class CanonicalJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private CanonicalJson() {}

    public static ArrayNode contentToJson(List<Content> content) {
        ArrayNode array = NODES.arrayNode(content.size());
        for (Content c : content) {
            array.add(blockToJson(c));
        }
        return array;
    }

    public static String contentToText(List<Content> content) {
        return contentToJson(content).toString();
    }

    public static List<Content> contentFromText(String json) {
        try {
            return contentFromJson(Json.MAPPER.readTree(json), "content");
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("stored content is not JSON", e);
        }
    }

    public static ObjectNode messageToJson(StoredMessage m) {
        ObjectNode node = NODES.objectNode();
        node.put("id", m.id());
        node.put("object", "context.message");
        node.put("role", m.message().role().name().toLowerCase(Locale.ROOT));
        node.set("content", contentToJson(m.message().content()));
        node.put("model", m.model());
        node.put("created_at", m.createdAt().getEpochSecond());
        node.put("tokens", m.tokens());
        return node;
    }

    /**
     * Reads a message a caller wrote: canonical ({@code content} a string or blocks), or OpenAI-shaped
     * ({@code tool_calls} on an assistant, {@code role: "tool"} with {@code tool_call_id}).
     *
     * @param path where the message sits in the request, for error messages
     */
    public static Message messageFromJson(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw GatewayError.invalid(path, path + " must be an object with role and content");
        }
        String role = text(node, "role", path);
        JsonNode content = node.get("content");
        return switch (role) {
            case "user" -> new Message(Role.USER, contentFromJson(content, path + ".content"));
            case "assistant" -> {
                List<Content> blocks = new ArrayList<>();
                if (content != null && !content.isNull()) {
                    blocks.addAll(contentFromJson(content, path + ".content"));
                }
                JsonNode calls = node.get("tool_calls");
                if (calls != null && calls.isArray()) {
                    for (int i = 0; i < calls.size(); i++) {
                        JsonNode call = calls.get(i);
                        String callPath = path + ".tool_calls[" + i + "]";
                        JsonNode fn = call.path("function");
                        blocks.add(new Content.ToolUse(text(call, "id", callPath), text(fn, "name", callPath + ".function"),
                                fn.path("arguments").asText("{}")));
                    }
                }
                yield new Message(Role.ASSISTANT, blocks);
            }
            case "tool" -> new Message(Role.USER, List.of(new Content.ToolResult(
                    text(node, "tool_call_id", path), contentFromJson(content, path + ".content"), false)));
            default -> throw GatewayError.invalid(path + ".role",
                    path + ".role must be \"user\", \"assistant\" or \"tool\", not \"" + role + "\"");
        };
    }

    static List<Content> contentFromJson(JsonNode content, String path) {
        if (content == null || content.isNull()) {
            throw GatewayError.invalid(path, path + " is required: a string or an array of content blocks");
        }
        if (content.isTextual()) {
            return List.of(new Content.Text(content.asText()));
        }
        if (!content.isArray()) {
            throw GatewayError.invalid(path, path + " must be a string or an array of content blocks");
        }
        List<Content> blocks = new ArrayList<>(content.size());
        for (int i = 0; i < content.size(); i++) {
            blocks.add(blockFromJson(content.get(i), path + "[" + i + "]"));
        }
        return blocks;
    }

    private static ObjectNode blockToJson(Content c) {
        ObjectNode node = NODES.objectNode();
        switch (c) {
            case Content.Text t -> node.put("type", "text").put("text", t.text());
            case Content.Image i -> {
                node.put("type", "image");
                ObjectNode source = node.putObject("source");
                if (i.url() != null) {
                    source.put("type", "url").put("url", i.url());
                } else {
                    source.put("type", "base64").put("media_type", i.mediaType()).put("data", i.data());
                }
            }
            case Content.ToolUse u -> {
                node.put("type", "tool_use").put("id", u.id()).put("name", u.name());
                node.set("input", parseOrText(u.inputJson()));
            }
            case Content.ToolResult r -> {
                node.put("type", "tool_result").put("tool_use_id", r.toolUseId());
                node.set("content", contentToJson(r.content()));
                node.put("is_error", r.isError());
            }
            case Content.Thinking t -> {
                node.put("type", "thinking").put("thinking", t.text());
                if (t.signature() != null) {
                    node.put("signature", t.signature());
                }
            }
            case Content.RedactedThinking r -> node.put("type", "redacted_thinking").put("data", r.data());
        }
        return node;
    }

    private static Content blockFromJson(JsonNode block, String path) {
        if (block == null || !block.isObject()) {
            throw GatewayError.invalid(path, path + " must be a content block object with a type");
        }
        String type = text(block, "type", path);
        return switch (type) {
            case "text" -> new Content.Text(text(block, "text", path));
            case "image" -> {
                JsonNode source = block.path("source");
                yield "url".equals(source.path("type").asText())
                        ? Content.Image.url(text(source, "url", path + ".source"))
                        : Content.Image.base64(text(source, "media_type", path + ".source"),
                                text(source, "data", path + ".source"));
            }
            case "tool_use" -> new Content.ToolUse(text(block, "id", path), text(block, "name", path),
                    block.has("input") ? block.get("input").toString() : "{}");
            case "tool_result" -> {
                JsonNode inner = block.get("content");
                List<Content> content = inner == null || inner.isNull() ? List.of()
                        : contentFromJson(inner, path + ".content");
                yield new Content.ToolResult(text(block, "tool_use_id", path), content,
                        block.path("is_error").asBoolean(false));
            }
            case "thinking" -> new Content.Thinking(text(block, "thinking", path),
                    block.hasNonNull("signature") ? block.get("signature").asText() : null);
            case "redacted_thinking" -> new Content.RedactedThinking(text(block, "data", path));
            default -> throw GatewayError.invalid(path + ".type", path + ".type \"" + type
                    + "\" is not a content block ContextGate stores: use text, image, tool_use, tool_result, thinking");
        };
    }

    private static JsonNode parseOrText(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            // A model may cut a tool call's arguments short (max_tokens); keep what it wrote.
            return NODES.textNode(json);
        }
    }

    private static String text(JsonNode node, String field, String path) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw GatewayError.invalid(path + "." + field, path + "." + field + " is required and must be a string");
        }
        return value.asText();
    }
}
