package dev.contextgate.dialect.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.contextgate.chat.Content;
import dev.contextgate.chat.GatewayError;
import dev.contextgate.chat.Message;
import dev.contextgate.chat.Role;
import java.util.ArrayList;
import java.util.List;

/**
 * OpenAI {@code messages} to canonical messages and a system prompt. System and developer messages
 * join the system prompt; {@code tool} messages become {@link Content.ToolResult} blocks in one user
 * message, which also takes a user message that directly follows them (Anthropic's shape).
 */
final class MessageDecoder {

    record Conversation(String system, List<Message> messages) {}

    private MessageDecoder() {}

    static Conversation decode(JsonNode messages) {
        List<String> system = new ArrayList<>();
        List<Message> out = new ArrayList<>();
        List<Content> toolTurn = null; // the user message being built from tool results, if the last one was
        for (int i = 0; i < messages.size(); i++) {
            String path = "messages[" + i + "]";
            JsonNode message = messages.get(i);
            if (!message.isObject()) {
                throw GatewayError.invalid(path, path + " must be an object with a role and content");
            }
            JsonNode roleNode = message.get("role");
            if (roleNode == null || !roleNode.isTextual()) {
                throw GatewayError.invalid(path + ".role",
                        path + ".role is required: send system, developer, user, assistant or tool");
            }
            String role = roleNode.asText();
            switch (role) {
                case "system", "developer" -> {
                    StringBuilder sb = new StringBuilder();
                    for (Content c : RequestDecoder.textParts(required(message, path, "content"), path + ".content")) {
                        if (!sb.isEmpty()) {
                            sb.append("\n\n");
                        }
                        sb.append(((Content.Text) c).text());
                    }
                    system.add(sb.toString());
                }
                case "user" -> {
                    List<Content> content = userContent(required(message, path, "content"), path + ".content");
                    if (toolTurn != null) {
                        toolTurn.addAll(content);
                        out.set(out.size() - 1, new Message(Role.USER, toolTurn));
                        toolTurn = null;
                    } else {
                        out.add(new Message(Role.USER, content));
                    }
                }
                case "assistant" -> {
                    out.add(new Message(Role.ASSISTANT, assistantContent(message, path)));
                    toolTurn = null;
                }
                case "tool" -> {
                    JsonNode id = message.get("tool_call_id");
                    if (id == null || !id.isTextual() || id.asText().isEmpty()) {
                        throw GatewayError.invalid(path + ".tool_call_id",
                                path + ".tool_call_id is required: send the id of the assistant's tool call");
                    }
                    Content result = new Content.ToolResult(id.asText(),
                            RequestDecoder.textParts(required(message, path, "content"), path + ".content"), false);
                    if (toolTurn == null) {
                        toolTurn = new ArrayList<>();
                        toolTurn.add(result);
                        out.add(new Message(Role.USER, toolTurn));
                    } else {
                        toolTurn.add(result);
                        out.set(out.size() - 1, new Message(Role.USER, toolTurn));
                    }
                }
                case "function" -> throw GatewayError.invalid(path + ".role",
                        "the legacy 'function' role is not supported: send tool results as role 'tool' with a"
                                + " tool_call_id, and calls as assistant tool_calls");
                default -> throw GatewayError.invalid(path + ".role",
                        "unknown role '" + role + "': use system, developer, user, assistant or tool");
            }
        }
        return new Conversation(system.isEmpty() ? null : String.join("\n\n", system), out);
    }

    private static JsonNode required(JsonNode message, String path, String field) {
        JsonNode node = message.get(field);
        if (node == null || node.isNull()) {
            throw GatewayError.invalid(path + "." + field, path + "." + field
                    + " is required: send a string or an array of content parts");
        }
        return node;
    }

    private static List<Content> userContent(JsonNode content, String path) {
        if (content.isTextual()) {
            return List.of(new Content.Text(content.asText()));
        }
        if (!content.isArray()) {
            throw GatewayError.invalid(path, path + " must be a string or an array of content parts");
        }
        List<Content> parts = new ArrayList<>(content.size());
        for (int i = 0; i < content.size(); i++) {
            JsonNode part = content.get(i);
            String partPath = path + "[" + i + "]";
            String type = part.path("type").asText("");
            switch (type) {
                case "text" -> {
                    if (!part.path("text").isTextual()) {
                        throw GatewayError.invalid(partPath + ".text", partPath + ".text must be a string");
                    }
                    parts.add(new Content.Text(part.get("text").asText()));
                }
                case "image_url" -> parts.add(image(part.get("image_url"), partPath + ".image_url"));
                case "" -> throw GatewayError.invalid(partPath + ".type",
                        partPath + " needs a type: send {\"type\":\"text\",...} or {\"type\":\"image_url\",...}");
                default -> throw GatewayError.invalid(partPath + ".type", "content part type '" + type + "' in "
                        + partPath + " is not supported: ContextGate accepts text and image_url parts");
            }
        }
        return parts;
    }

    private static Content.Image image(JsonNode imageUrl, String path) {
        JsonNode urlNode = imageUrl == null ? null : imageUrl.isTextual() ? imageUrl : imageUrl.get("url");
        if (urlNode == null || !urlNode.isTextual()) {
            throw GatewayError.invalid(path + ".url", path + ".url is required: send an https URL or a"
                    + " data:<media type>;base64,<data> URL");
        }
        String url = urlNode.asText();
        if (url.startsWith("data:")) {
            int marker = url.indexOf(";base64,");
            if (marker < 0) {
                throw GatewayError.invalid(path + ".url",
                        "an image data URL must be base64: data:<media type>;base64,<data>");
            }
            return Content.Image.base64(url.substring(5, marker), url.substring(marker + 8));
        }
        if (url.startsWith("https://") || url.startsWith("http://")) {
            return Content.Image.url(url);
        }
        throw GatewayError.invalid(path + ".url",
                path + ".url must be an http(s) URL or a data:<media type>;base64,<data> URL");
    }

    private static List<Content> assistantContent(JsonNode message, String path) {
        List<Content> blocks = new ArrayList<>();
        JsonNode reasoning = message.get("reasoning_content");
        if (reasoning != null && !reasoning.isNull()) {
            if (!reasoning.isTextual()) {
                throw GatewayError.invalid(path + ".reasoning_content", path + ".reasoning_content must be a string");
            }
            blocks.add(new Content.Thinking(reasoning.asText(), null));
        }
        JsonNode content = message.get("content");
        if (content != null && !content.isNull()) {
            if (content.isTextual()) {
                blocks.add(new Content.Text(content.asText()));
            } else if (content.isArray()) {
                for (int i = 0; i < content.size(); i++) {
                    JsonNode part = content.get(i);
                    String partPath = path + ".content[" + i + "]";
                    String type = part.path("type").asText("");
                    JsonNode text = part.get(type.equals("refusal") ? "refusal" : "text");
                    if (!(type.equals("text") || type.equals("refusal")) || text == null || !text.isTextual()) {
                        throw GatewayError.invalid(partPath,
                                partPath + " must be a text or refusal part {\"type\":\"text\",\"text\":\"...\"}");
                    }
                    blocks.add(new Content.Text(text.asText()));
                }
            } else {
                throw GatewayError.invalid(path + ".content",
                        path + ".content must be a string, an array of content parts, or null");
            }
        }
        JsonNode refusal = message.get("refusal");
        if (refusal != null && refusal.isTextual()) {
            blocks.add(new Content.Text(refusal.asText()));
        }
        if (message.has("function_call") && !message.get("function_call").isNull()) {
            throw GatewayError.invalid(path + ".function_call",
                    "function_call is the legacy form: send the call as tool_calls instead");
        }
        JsonNode calls = message.get("tool_calls");
        if (calls != null && !calls.isNull()) {
            if (!calls.isArray()) {
                throw GatewayError.invalid(path + ".tool_calls", path + ".tool_calls must be an array");
            }
            for (int i = 0; i < calls.size(); i++) {
                blocks.add(toolCall(calls.get(i), path + ".tool_calls[" + i + "]"));
            }
        }
        return blocks;
    }

    private static Content.ToolUse toolCall(JsonNode call, String path) {
        if (!call.isObject()) {
            throw GatewayError.invalid(path, path + " must be {\"id\",\"type\":\"function\",\"function\":{...}}");
        }
        String type = call.path("type").asText("function");
        if (!type.equals("function")) {
            throw GatewayError.invalid(path + ".type", "tool call type '" + type + "' is not supported: use function");
        }
        String id = RequestDecoder.requiredString(call, path + ".id", "the call's id, e.g. \"call_abc123\"");
        JsonNode function = call.get("function");
        if (function == null || !function.isObject()) {
            throw GatewayError.invalid(path + ".function", path + ".function must be an object {name, arguments}");
        }
        String name = RequestDecoder.requiredString(function, path + ".function.name", "the function's name");
        JsonNode arguments = function.get("arguments");
        String args;
        if (arguments == null || arguments.isNull()) {
            args = "{}";
        } else if (arguments.isTextual()) {
            args = arguments.asText();
        } else if (arguments.isObject()) {
            args = RequestDecoder.writeJson(arguments); // lenient: some clients send the object itself
        } else {
            throw GatewayError.invalid(path + ".function.arguments", "arguments must be a JSON object as a string");
        }
        return new Content.ToolUse(id, name, args);
    }
}
