package dev.contextgate.dialect.openai;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.contextgate.chat.ChatRequest;
import dev.contextgate.chat.Content;
import dev.contextgate.chat.Dialect;
import dev.contextgate.chat.GatewayError;
import dev.contextgate.chat.Passthrough;
import dev.contextgate.chat.Reasoning;
import dev.contextgate.chat.ToolChoice;
import dev.contextgate.chat.ToolDefinition;
import dev.contextgate.dialect.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Client side, inbound: an OpenAI Chat Completions body to a {@link ChatRequest}. Fields the canonical
 * model does not know go to {@link Passthrough} as raw JSON; {@code context_id} is ours and never passes.
 */
final class RequestDecoder {

    /** Top-level fields this decoder reads itself; everything else is passthrough. */
    private static final Set<String> KNOWN = Set.of("model", "messages", "max_completion_tokens", "max_tokens",
            "temperature", "top_p", "stop", "tools", "tool_choice", "parallel_tool_calls", "reasoning_effort",
            "stream", "stream_options", "context_id", "n");

    private static final List<String> PASSTHROUGH_HEADERS = List.of("openai-organization", "openai-project");

    private RequestDecoder() {}

    static ChatRequest decode(byte[] body, Map<String, String> headers) {
        JsonNode root = parse(body);
        if (!root.isObject()) {
            throw GatewayError.invalid("The request body must be a JSON object with \"model\" and \"messages\".");
        }
        String model = requiredString(root, "model", "e.g. \"gpt-4o\"");
        JsonNode messagesNode = root.get("messages");
        if (messagesNode == null || messagesNode.isNull()) {
            throw GatewayError.invalid("messages", "messages is required: send a non-empty array of messages");
        }
        if (!messagesNode.isArray() || messagesNode.isEmpty()) {
            throw GatewayError.invalid("messages", "messages must be a non-empty array of messages");
        }
        MessageDecoder.Conversation conversation = MessageDecoder.decode(messagesNode);

        Integer n = optInt(root, "n");
        if (n != null && n != 1) {
            throw GatewayError.invalid("n", "n must be 1: ContextGate returns one choice");
        }
        Integer maxTokens = optInt(root, "max_completion_tokens");
        if (maxTokens == null) {
            maxTokens = optInt(root, "max_tokens");
        }
        Double temperature = optDouble(root, "temperature");
        Double topP = optDouble(root, "top_p");
        List<String> stop = stop(root.get("stop"));
        List<ToolDefinition> tools = tools(root.get("tools"));
        ToolChoice toolChoice = toolChoice(root.get("tool_choice"), optBool(root, "parallel_tool_calls"));
        String effort = optString(root, "reasoning_effort");
        Reasoning reasoning = effort == null ? null : new Reasoning(null, effort);

        Boolean streamField = optBool(root, "stream");
        boolean stream = streamField != null
                ? streamField
                : root.has("stream") ? false : acceptsEventStream(headers);
        boolean includeUsage = false;
        JsonNode streamOptions = root.get("stream_options");
        if (streamOptions != null && !streamOptions.isNull()) {
            if (!streamOptions.isObject()) {
                throw GatewayError.invalid("stream_options",
                        "stream_options must be an object such as {\"include_usage\": true}");
            }
            Boolean include = optBool(streamOptions, "include_usage", "stream_options.include_usage");
            includeUsage = include != null && include;
        }
        String contextId = optString(root, "context_id");

        return new ChatRequest(model, conversation.system(), null, conversation.messages(), maxTokens, temperature,
                topP, null, stop, tools, toolChoice, reasoning, stream, includeUsage, contextId,
                passthrough(root, headers));
    }

    private static JsonNode parse(byte[] body) {
        try {
            JsonNode root = body == null || body.length == 0 ? null : Json.MAPPER.readTree(body);
            if (root == null || root.isMissingNode()) {
                throw GatewayError.invalid("The request body is empty: send a JSON object with \"model\" and \"messages\".");
            }
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + " column " + at.getColumnNr();
            throw GatewayError.invalid("The request body is not valid JSON: " + shortReason(e) + where);
        } catch (IOException e) {
            throw GatewayError.invalid("The request body could not be read as JSON: " + e.getMessage());
        }
    }

    /** Jackson's reason without the "(for Array starting at [Source: ...])" tail it adds. */
    private static String shortReason(JsonProcessingException e) {
        String reason = e.getOriginalMessage();
        int tail = reason.indexOf(" (for ");
        reason = tail > 0 ? reason.substring(0, tail) : reason;
        int newline = reason.indexOf('\n');
        return newline > 0 ? reason.substring(0, newline) : reason;
    }

    /** The web guides' rule: no {@code stream} field and {@code Accept} exactly {@code text/event-stream}. */
    private static boolean acceptsEventStream(Map<String, String> headers) {
        String accept = headers == null ? null : headers.get("accept");
        return accept != null && accept.trim().equalsIgnoreCase("text/event-stream");
    }

    private static Passthrough passthrough(JsonNode root, Map<String, String> headers) {
        Map<String, String> fields = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = root.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!KNOWN.contains(field.getKey())) {
                fields.put(field.getKey(), field.getValue().toString());
            }
        }
        Map<String, String> passHeaders = new LinkedHashMap<>();
        if (headers != null) {
            for (String name : PASSTHROUGH_HEADERS) {
                String value = headers.get(name);
                if (value != null) {
                    passHeaders.put(name, value);
                }
            }
        }
        return new Passthrough(Dialect.OPENAI, fields, passHeaders);
    }

    private static List<String> stop(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (node.isTextual()) {
            return List.of(node.asText());
        }
        if (node.isArray()) {
            List<String> stop = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                if (!node.get(i).isTextual()) {
                    throw GatewayError.invalid("stop[" + i + "]", "stop must be a string or an array of strings");
                }
                stop.add(node.get(i).asText());
            }
            return stop;
        }
        throw GatewayError.invalid("stop", "stop must be a string or an array of strings");
    }

    private static List<ToolDefinition> tools(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw GatewayError.invalid("tools", "tools must be an array of {\"type\":\"function\",\"function\":{...}}");
        }
        List<ToolDefinition> tools = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            String path = "tools[" + i + "]";
            JsonNode tool = node.get(i);
            if (!tool.isObject()) {
                throw GatewayError.invalid(path, path + " must be an object {\"type\":\"function\",\"function\":{...}}");
            }
            String type = tool.path("type").asText("function");
            if (!type.equals("function")) {
                throw GatewayError.invalid(path + ".type",
                        "tool type '" + type + "' is not supported: ContextGate accepts function tools only");
            }
            JsonNode function = tool.get("function");
            if (function == null || !function.isObject()) {
                throw GatewayError.invalid(path + ".function",
                        path + ".function must be an object with name, description and parameters");
            }
            String name = requiredString(function, path + ".function.name", "the function's name");
            JsonNode description = function.get("description");
            JsonNode parameters = function.get("parameters");
            if (parameters != null && !parameters.isNull() && !parameters.isObject()) {
                throw GatewayError.invalid(path + ".function.parameters",
                        "parameters must be a JSON Schema object");
            }
            tools.add(new ToolDefinition(name,
                    description == null || description.isNull() ? null : description.asText(),
                    parameters == null || parameters.isNull() ? null : writeJson(parameters)));
        }
        return tools;
    }

    private static ToolChoice toolChoice(JsonNode node, Boolean parallelField) {
        boolean parallel = parallelField == null || parallelField;
        if (node == null || node.isNull()) {
            return parallel ? null : new ToolChoice.Auto(false);
        }
        if (node.isTextual()) {
            return switch (node.asText()) {
                case "auto" -> new ToolChoice.Auto(parallel);
                case "none" -> new ToolChoice.None();
                case "required" -> new ToolChoice.Required(parallel);
                default -> throw GatewayError.invalid("tool_choice",
                        "tool_choice must be \"auto\", \"none\", \"required\" or"
                                + " {\"type\":\"function\",\"function\":{\"name\":...}}");
            };
        }
        if (node.isObject() && "function".equals(node.path("type").asText())) {
            return new ToolChoice.Named(requiredString(node.path("function"), "tool_choice.function.name",
                    "the function the model must call"), parallel);
        }
        throw GatewayError.invalid("tool_choice",
                "tool_choice must be \"auto\", \"none\", \"required\" or {\"type\":\"function\",\"function\":{\"name\":...}}");
    }

    static String writeJson(JsonNode node) {
        try {
            return Json.MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed JSON tree could not be written back", e);
        }
    }

    // ---- small typed readers; each names the field at fault ----

    static String requiredString(JsonNode parent, String path, String example) {
        JsonNode node = parent.get(lastSegment(path));
        if (node == null || node.isNull()) {
            throw GatewayError.invalid(path, path + " is required: send a string (" + example + ")");
        }
        if (!node.isTextual() || node.asText().isEmpty()) {
            throw GatewayError.invalid(path, path + " must be a non-empty string (" + example + ")");
        }
        return node.asText();
    }

    private static String lastSegment(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }

    private static String optString(JsonNode parent, String name) {
        JsonNode node = parent.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw GatewayError.invalid(name, name + " must be a string");
        }
        return node.asText();
    }

    private static Integer optInt(JsonNode parent, String name) {
        JsonNode node = parent.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.asInt() < 0) {
            throw GatewayError.invalid(name, name + " must be a non-negative integer");
        }
        return node.asInt();
    }

    private static Double optDouble(JsonNode parent, String name) {
        JsonNode node = parent.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isNumber()) {
            throw GatewayError.invalid(name, name + " must be a number");
        }
        return node.asDouble();
    }

    private static Boolean optBool(JsonNode parent, String name) {
        return optBool(parent, name, name);
    }

    private static Boolean optBool(JsonNode parent, String name, String path) {
        JsonNode node = parent.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isBoolean()) {
            throw GatewayError.invalid(path, path + " must be true or false");
        }
        return node.asBoolean();
    }

    /** Text of a string or an array of {@code text} parts, joined with blank lines. */
    static List<Content> textParts(JsonNode content, String path) {
        if (content.isTextual()) {
            return List.of(new Content.Text(content.asText()));
        }
        if (!content.isArray()) {
            throw GatewayError.invalid(path, path + " must be a string or an array of text parts");
        }
        List<Content> parts = new ArrayList<>(content.size());
        for (int i = 0; i < content.size(); i++) {
            JsonNode part = content.get(i);
            String partPath = path + "[" + i + "]";
            String type = part.path("type").asText("");
            if (!type.equals("text") || !part.path("text").isTextual()) {
                throw GatewayError.invalid(partPath,
                        partPath + " must be a text part {\"type\":\"text\",\"text\":\"...\"}"
                                + (type.isEmpty() ? "" : " (got type '" + type + "')"));
            }
            parts.add(new Content.Text(part.get("text").asText()));
        }
        return parts;
    }
}
