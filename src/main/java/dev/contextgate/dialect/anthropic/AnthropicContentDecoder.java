package dev.contextgate.dialect.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.contextgate.chat.CacheControl;
import dev.contextgate.chat.Content;
import dev.contextgate.chat.GatewayError;
import java.util.ArrayList;
import java.util.List;

/**
 * Anthropic content blocks to canonical {@link Content}. A client's unknown block is a 400; an upstream's
 * unknown block (server_tool_use, web_search_tool_result...) is skipped. A client's {@code cache_control}
 * on a text, image, tool_use or tool_result block (also inside a tool_result) is kept on that block as
 * given, for the request encoder to send to an Anthropic upstream; Anthropic takes none on thinking
 * blocks, so there it is ignored, as it is in an upstream's answer.
 */
final class AnthropicContentDecoder {

    private AnthropicContentDecoder() {}

    /** A client's message content: a string or an array of blocks. */
    static List<Content> content(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            throw GatewayError.invalid(path, path + ": field required; send a string or an array of content blocks");
        }
        if (node.isTextual()) {
            return List.of(new Content.Text(node.asText()));
        }
        if (!node.isArray()) {
            throw GatewayError.invalid(path, path + " must be a string or an array of content blocks");
        }
        List<Content> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            out.add(block(node.get(i), path + "[" + i + "]", true));
        }
        return out;
    }

    /** An upstream's response content: unknown block types are skipped. */
    static List<Content> responseContent(JsonNode node) {
        List<Content> out = new ArrayList<>();
        if (node == null || !node.isArray()) {
            return out;
        }
        for (int i = 0; i < node.size(); i++) {
            Content c = block(node.get(i), "content[" + i + "]", false);
            if (c != null) {
                out.add(c);
            }
        }
        return out;
    }

    /** One block; null for an unknown type when not {@code strict}. */
    static Content block(JsonNode node, String path, boolean strict) {
        if (node == null || !node.isObject()) {
            throw invalid(strict, path, path + " must be an object with a \"type\"");
        }
        JsonNode typeNode = node.get("type");
        if (typeNode == null || !typeNode.isTextual()) {
            throw invalid(strict, path + ".type", path + ".type: field required; send \"text\", \"image\", "
                    + "\"tool_use\", \"tool_result\", \"thinking\" or \"redacted_thinking\"");
        }
        String type = typeNode.asText();
        return switch (type) {
            case "text" -> new Content.Text(string(node, "text", path, strict), cacheControl(node, path, strict));
            case "image" -> image(node, path, strict);
            case "tool_use" -> new Content.ToolUse(string(node, "id", path, strict), string(node, "name", path, strict),
                    input(node.get("input"), path + ".input", strict), cacheControl(node, path, strict));
            case "tool_result" -> toolResult(node, path, strict);
            case "thinking" -> {
                String signature = node.path("signature").isTextual() ? node.get("signature").asText() : null;
                yield new Content.Thinking(string(node, "thinking", path, strict),
                        signature == null || signature.isEmpty() ? null : signature);
            }
            case "redacted_thinking" -> new Content.RedactedThinking(string(node, "data", path, strict));
            default -> {
                if (strict) {
                    throw GatewayError.invalid(path + ".type", "Content block type \"" + type + "\" (" + path
                            + ".type) is not supported through ContextGate yet; send text, image, tool_use, "
                            + "tool_result, thinking or redacted_thinking blocks");
                }
                yield null;
            }
        };
    }

    private static Content.Image image(JsonNode node, String path, boolean strict) {
        JsonNode source = node.get("source");
        String sp = path + ".source";
        if (source == null || !source.isObject()) {
            throw invalid(strict, sp, sp + " must be {\"type\":\"base64\",\"media_type\",\"data\"} or {\"type\":\"url\",\"url\"}");
        }
        String type = source.path("type").asText("");
        return switch (type) {
            case "base64" -> new Content.Image(string(source, "media_type", sp, strict),
                    string(source, "data", sp, strict), null, cacheControl(node, path, strict));
            case "url" -> new Content.Image(null, null, string(source, "url", sp, strict),
                    cacheControl(node, path, strict));
            default -> throw invalid(strict, sp + ".type", sp + ".type must be \"base64\" or \"url\"");
        };
    }

    private static Content.ToolResult toolResult(JsonNode node, String path, boolean strict) {
        String toolUseId = string(node, "tool_use_id", path, strict);
        JsonNode contentNode = node.get("content");
        List<Content> content = new ArrayList<>();
        String cp = path + ".content";
        if (contentNode == null || contentNode.isNull()) {
            // an empty result is allowed
        } else if (contentNode.isTextual()) {
            content.add(new Content.Text(contentNode.asText()));
        } else if (contentNode.isArray()) {
            for (int i = 0; i < contentNode.size(); i++) {
                String bp = cp + "[" + i + "]";
                String type = contentNode.get(i).path("type").asText("");
                if (!type.equals("text") && !type.equals("image")) {
                    throw invalid(strict, bp + ".type", "Content block type \"" + type + "\" (" + bp
                            + ".type) is not supported inside a tool_result through ContextGate yet; send text or image blocks");
                }
                content.add(block(contentNode.get(i), bp, strict));
            }
        } else {
            throw invalid(strict, cp, cp + " must be a string or an array of text and image blocks");
        }
        JsonNode isError = node.get("is_error");
        if (isError != null && !isError.isNull() && !isError.isBoolean()) {
            throw invalid(strict, path + ".is_error", path + ".is_error must be true or false");
        }
        return new Content.ToolResult(toolUseId, content, isError != null && isError.asBoolean(),
                cacheControl(node, path, strict));
    }

    /** A client block's {@code cache_control}, or null; an upstream's is not read. */
    private static CacheControl cacheControl(JsonNode block, String path, boolean strict) {
        // The parameter's name is only built for a block that has the field.
        return strict && block.has("cache_control") ? cacheControl(block, path + ".cache_control") : null;
    }

    /**
     * The {@code cache_control} field of a client's block, tool or request as the JSON it sent, or null
     * when absent; anything but an object is a 400 naming {@code param}. Its fields are not checked:
     * Anthropic judges them, and a {@code ttl} it adds later passes unchanged.
     */
    static CacheControl cacheControl(JsonNode owner, String param) {
        JsonNode v = owner.get("cache_control");
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isObject()) {
            throw GatewayError.invalid(param, param + " must be an object such as {\"type\":\"ephemeral\"} or "
                    + "{\"type\":\"ephemeral\",\"ttl\":\"1h\"}");
        }
        return new CacheControl(v.toString());
    }

    private static String input(JsonNode node, String path, boolean strict) {
        if (node == null || node.isNull()) {
            return "{}";
        }
        if (!node.isObject()) {
            throw invalid(strict, path, path + " must be a JSON object");
        }
        return node.toString();
    }

    private static String string(JsonNode obj, String field, String path, boolean strict) {
        JsonNode v = obj.get(field);
        String p = path + "." + field;
        if (v == null || v.isNull()) {
            throw invalid(strict, p, p + ": field required; send a string");
        }
        if (!v.isTextual()) {
            throw invalid(strict, p, p + " must be a string");
        }
        return v.asText();
    }

    /** A client's mistake is a 400; the same mistake from an upstream is its failure. */
    private static GatewayError invalid(boolean strict, String param, String message) {
        return strict
                ? GatewayError.invalid(param, message)
                : new GatewayError(GatewayError.Kind.UPSTREAM_FAILED, "the upstream sent a malformed response: " + message);
    }
}
