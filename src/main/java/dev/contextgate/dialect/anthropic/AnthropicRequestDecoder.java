package dev.contextgate.dialect.anthropic;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.contextgate.chat.CacheControl;
import dev.contextgate.chat.ChatRequest;
import dev.contextgate.chat.Content;
import dev.contextgate.chat.Dialect;
import dev.contextgate.chat.GatewayError;
import dev.contextgate.chat.Message;
import dev.contextgate.chat.Passthrough;
import dev.contextgate.chat.Reasoning;
import dev.contextgate.chat.Role;
import dev.contextgate.chat.ToolChoice;
import dev.contextgate.chat.ToolDefinition;
import dev.contextgate.dialect.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Server side: a client's {@code /v1/messages} body to the canonical request. A {@code cache_control}
 * on a system block, a tool or a content block stays on that element; the request-level one (automatic
 * caching) is passed through raw like any other field the canonical model does not know.
 */
final class AnthropicRequestDecoder {

    private static final ObjectReader READER = Json.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** Fields the canonical model knows; every other top-level field is passed through raw. */
    private static final Set<String> KNOWN = Set.of("model", "messages", "max_tokens", "system", "stop_sequences",
            "temperature", "top_p", "top_k", "tools", "tool_choice", "thinking", "stream", "context_id");

    private static final Set<String> PASSED_HEADERS = Set.of("anthropic-version", "anthropic-beta");

    private AnthropicRequestDecoder() {}

    static ChatRequest decode(byte[] body, Map<String, String> headers) {
        JsonNode root = parse(body);
        String model = requiredString(root, "model");
        JsonNode messagesNode = root.get("messages");
        if (messagesNode == null || messagesNode.isNull()) {
            throw GatewayError.invalid("messages", "messages: field required; send a non-empty array of "
                    + "{\"role\":\"user\"|\"assistant\",\"content\":...} objects");
        }
        if (!messagesNode.isArray() || messagesNode.isEmpty()) {
            throw GatewayError.invalid("messages", "messages must be a non-empty array of "
                    + "{\"role\":\"user\"|\"assistant\",\"content\":...} objects");
        }
        List<Message> messages = new ArrayList<>(messagesNode.size());
        for (int i = 0; i < messagesNode.size(); i++) {
            messages.add(message(messagesNode.get(i), "messages[" + i + "]"));
        }
        Integer maxTokens = optionalInt(root, "max_tokens", 1);
        Double temperature = optionalNumber(root, "temperature");
        Double topP = optionalNumber(root, "top_p");
        Integer topK = optionalInt(root, "top_k", 0);
        List<String> stop = stopSequences(root.get("stop_sequences"));
        List<ToolDefinition> tools = tools(root.get("tools"));
        ToolChoice toolChoice = toolChoice(root.get("tool_choice"));
        Reasoning reasoning = thinking(root.get("thinking"));
        boolean stream = stream(root.get("stream"), headers);
        String contextId = optionalString(root, "context_id");
        AnthropicContentDecoder.cacheControl(root, "cache_control"); // checked here, passed through below
        Map<String, String> fields = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!KNOWN.contains(e.getKey())) {
                fields.put(e.getKey(), e.getValue().toString());
            }
        }
        Map<String, String> passedHeaders = new HashMap<>();
        if (headers != null) {
            for (String name : PASSED_HEADERS) {
                String value = headers.get(name);
                if (value != null) {
                    passedHeaders.put(name, value);
                }
            }
        }
        // Anthropic clients always get usage in a stream, so includeUsage is always true here.
        JsonNode systemNode = root.get("system");
        return new ChatRequest(model, system(systemNode), systemBlocks(systemNode), messages, maxTokens, temperature,
                topP, topK, stop, tools, toolChoice, reasoning, stream, true, contextId,
                new Passthrough(Dialect.ANTHROPIC, fields, passedHeaders));
    }

    static JsonNode parse(byte[] body) {
        JsonNode root;
        try {
            root = READER.readTree(body == null ? new byte[0] : body);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + " column " + at.getColumnNr();
            throw GatewayError.invalid("The request body is not valid JSON: " + AnthropicErrors.shortReason(e) + where);
        } catch (IOException e) {
            throw GatewayError.invalid("The request body could not be read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw GatewayError.invalid("The request body must be a JSON object such as "
                    + "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":1024,\"messages\":[...]}");
        }
        return root;
    }

    private static Message message(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw GatewayError.invalid(path, path + " must be an object {\"role\":\"user\"|\"assistant\",\"content\":...}");
        }
        String roleName = node.path("role").isTextual() ? node.get("role").asText() : "";
        Role role;
        if (roleName.equals("user")) {
            role = Role.USER;
        } else if (roleName.equals("assistant")) {
            role = Role.ASSISTANT;
        } else {
            throw GatewayError.invalid(path + ".role", path + ".role must be \"user\" or \"assistant\""
                    + " (put system prompts in the top-level \"system\" field)");
        }
        return new Message(role, AnthropicContentDecoder.content(node.get("content"), path + ".content"));
    }

    static String system(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            return node.asText();
        }
        if (!node.isArray()) {
            throw GatewayError.invalid("system", "system must be a string or an array of {\"type\":\"text\",\"text\":...} blocks");
        }
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode block = node.get(i);
            String path = "system[" + i + "]";
            if (!block.isObject() || !"text".equals(block.path("type").asText()) || !block.path("text").isTextual()) {
                throw GatewayError.invalid(path, path + " must be a {\"type\":\"text\",\"text\":\"...\"} block");
            }
            parts.add(block.get("text").asText());
        }
        return String.join("\n\n", parts);
    }

    /**
     * The system blocks apart, each with its {@code cache_control}, when any of them has one; else none,
     * and the joined {@link #system} text is all the request keeps. Call after {@link #system} checked them.
     */
    static List<Content.Text> systemBlocks(JsonNode node) {
        if (node == null || !node.isArray() || !hasCacheControl(node)) {
            return List.of();
        }
        List<Content.Text> blocks = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode block = node.get(i);
            blocks.add(new Content.Text(block.get("text").asText(),
                    AnthropicContentDecoder.cacheControl(block, "system[" + i + "].cache_control")));
        }
        return blocks;
    }

    private static boolean hasCacheControl(JsonNode blocks) {
        for (JsonNode block : blocks) {
            if (block.hasNonNull("cache_control")) {
                return true;
            }
        }
        return false;
    }

    private static List<String> stopSequences(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw GatewayError.invalid("stop_sequences", "stop_sequences must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            if (!node.get(i).isTextual()) {
                throw GatewayError.invalid("stop_sequences[" + i + "]", "stop_sequences[" + i + "] must be a string");
            }
            out.add(node.get(i).asText());
        }
        return out;
    }

    static List<ToolDefinition> tools(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw GatewayError.invalid("tools", "tools must be an array of {\"name\",\"description\",\"input_schema\"} objects");
        }
        List<ToolDefinition> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode tool = node.get(i);
            String path = "tools[" + i + "]";
            if (!tool.isObject()) {
                throw GatewayError.invalid(path, path + " must be an object {\"name\",\"description\",\"input_schema\"}");
            }
            JsonNode type = tool.get("type");
            if (type != null && !type.isNull() && !"custom".equals(type.asText())) {
                throw GatewayError.invalid(path + ".type", "Tool type \"" + type.asText() + "\" (" + path
                        + ") is a server tool, which is not supported through ContextGate yet; "
                        + "send client tools with name, description and input_schema");
            }
            String name = requiredString(tool, "name", path + ".name");
            String description = optionalString(tool, "description", path + ".description");
            JsonNode schema = tool.get("input_schema");
            if (schema != null && !schema.isNull() && !schema.isObject()) {
                throw GatewayError.invalid(path + ".input_schema", path + ".input_schema must be a JSON Schema object");
            }
            CacheControl cacheControl = tool.has("cache_control")
                    ? AnthropicContentDecoder.cacheControl(tool, path + ".cache_control")
                    : null;
            out.add(new ToolDefinition(name, description, schema == null || schema.isNull() ? null : schema.toString(),
                    cacheControl));
        }
        return out;
    }

    static ToolChoice toolChoice(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject() || !node.path("type").isTextual()) {
            throw GatewayError.invalid("tool_choice", "tool_choice must be an object such as {\"type\":\"auto\"}");
        }
        JsonNode disable = node.get("disable_parallel_tool_use");
        if (disable != null && !disable.isNull() && !disable.isBoolean()) {
            throw GatewayError.invalid("tool_choice.disable_parallel_tool_use",
                    "tool_choice.disable_parallel_tool_use must be true or false");
        }
        boolean parallel = disable == null || !disable.asBoolean();
        return switch (node.get("type").asText()) {
            case "auto" -> new ToolChoice.Auto(parallel);
            case "any" -> new ToolChoice.Required(parallel);
            case "none" -> new ToolChoice.None();
            case "tool" -> new ToolChoice.Named(requiredString(node, "name", "tool_choice.name"), parallel);
            default -> throw GatewayError.invalid("tool_choice.type",
                    "tool_choice.type must be one of auto, any, tool, none");
        };
    }

    static Reasoning thinking(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw GatewayError.invalid("thinking", "thinking must be {\"type\":\"enabled\",\"budget_tokens\":N} or {\"type\":\"disabled\"}");
        }
        String type = node.path("type").asText("");
        return switch (type) {
            case "disabled" -> null;
            case "enabled" -> {
                Integer budget = optionalInt(node, "budget_tokens", 1, "thinking.budget_tokens");
                if (budget == null) {
                    throw GatewayError.invalid("thinking.budget_tokens",
                            "thinking.budget_tokens is required when thinking is enabled; send a positive integer such as 1024");
                }
                yield new Reasoning(budget, null);
            }
            default -> throw GatewayError.invalid("thinking.type", "thinking.type must be \"enabled\" or \"disabled\"");
        };
    }

    /** Web guides send {@code Accept: text/event-stream} without {@code stream}: that asks for a stream. */
    private static boolean stream(JsonNode node, Map<String, String> headers) {
        if (node == null || node.isNull()) {
            String accept = headers == null ? null : headers.get("accept");
            return accept != null && accept.strip().equals("text/event-stream");
        }
        if (!node.isBoolean()) {
            throw GatewayError.invalid("stream", "stream must be true or false");
        }
        return node.asBoolean();
    }

    static String requiredString(JsonNode obj, String field) {
        return requiredString(obj, field, field);
    }

    static String requiredString(JsonNode obj, String field, String path) {
        JsonNode v = obj.get(field);
        if (v == null || v.isNull()) {
            throw GatewayError.invalid(path, path + ": field required; send a string");
        }
        if (!v.isTextual()) {
            throw GatewayError.invalid(path, path + " must be a string");
        }
        return v.asText();
    }

    static String optionalString(JsonNode obj, String field) {
        return optionalString(obj, field, field);
    }

    static String optionalString(JsonNode obj, String field, String path) {
        JsonNode v = obj.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw GatewayError.invalid(path, path + " must be a string");
        }
        return v.asText();
    }

    private static Integer optionalInt(JsonNode obj, String field, int min) {
        return optionalInt(obj, field, min, field);
    }

    private static Integer optionalInt(JsonNode obj, String field, int min, String path) {
        JsonNode v = obj.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < min) {
            throw GatewayError.invalid(path, path + " must be an integer of at least " + min);
        }
        return v.asInt();
    }

    private static Double optionalNumber(JsonNode obj, String field) {
        JsonNode v = obj.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber()) {
            throw GatewayError.invalid(field, field + " must be a number");
        }
        return v.asDouble();
    }
}
