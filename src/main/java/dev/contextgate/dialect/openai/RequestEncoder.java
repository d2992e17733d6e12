package dev.contextgate.dialect.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.contextgate.chat.ChatRequest;
import dev.contextgate.chat.Content;
import dev.contextgate.chat.Dialect;
import dev.contextgate.chat.Message;
import dev.contextgate.chat.Reasoning;
import dev.contextgate.chat.ToolChoice;
import dev.contextgate.chat.ToolDefinition;
import dev.contextgate.dialect.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Provider side, outbound: a {@link ChatRequest} to an OpenAI Chat Completions body.
 *
 * <p>Decisions: thinking blocks are dropped (Chat Completions cannot take reasoning back); each tool
 * result becomes its own {@code tool} message ahead of the rest of its user turn, images inside it
 * become "[image omitted]" and an error result is prefixed "Error: " (the API has no is_error);
 * {@code top_k} is dropped (no such parameter); {@code tool_choice} and {@code parallel_tool_calls} are
 * written only with tools, since OpenAI rejects them alone; streaming always asks for usage.
 */
final class RequestEncoder {

    private RequestEncoder() {}

    static byte[] encode(ChatRequest request) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("model", request.model());
        ArrayNode messages = root.putArray("messages");
        if (request.system() != null && !request.system().isEmpty()) {
            messages.addObject().put("role", "system").put("content", request.system());
        }
        for (Message message : request.messages()) {
            switch (message.role()) {
                case USER -> user(messages, message);
                case ASSISTANT -> assistant(messages, message);
            }
        }
        if (request.maxTokens() != null) {
            root.put(usesMaxCompletionTokens(request.model()) ? "max_completion_tokens" : "max_tokens",
                    request.maxTokens());
        }
        if (request.temperature() != null) {
            root.put("temperature", request.temperature());
        }
        if (request.topP() != null) {
            root.put("top_p", request.topP());
        }
        if (!request.stop().isEmpty()) {
            ArrayNode stop = root.putArray("stop");
            request.stop().forEach(stop::add);
        }
        if (!request.tools().isEmpty()) {
            ArrayNode tools = root.putArray("tools");
            for (ToolDefinition tool : request.tools()) {
                ObjectNode function = tools.addObject().put("type", "function").putObject("function");
                function.put("name", tool.name());
                if (tool.description() != null) {
                    function.put("description", tool.description());
                }
                function.putRawValue("parameters", new RawValue(tool.inputSchemaJson()));
            }
            ToolChoice choice = request.toolChoice();
            if (choice != null) {
                switch (choice) {
                    case ToolChoice.Auto a -> root.put("tool_choice", "auto");
                    case ToolChoice.None n -> root.put("tool_choice", "none");
                    case ToolChoice.Required r -> root.put("tool_choice", "required");
                    case ToolChoice.Named named -> root.putObject("tool_choice").put("type", "function")
                            .putObject("function").put("name", named.name());
                }
                if (!choice.parallel()) {
                    root.put("parallel_tool_calls", false);
                }
            }
        }
        String effort = effort(request.reasoning());
        if (effort != null) {
            root.put("reasoning_effort", effort);
        }
        if (request.stream()) {
            root.put("stream", true);
            root.putObject("stream_options").put("include_usage", true);
        }
        if (request.passthrough().dialect() == Dialect.OPENAI) {
            for (Map.Entry<String, String> field : request.passthrough().fields().entrySet()) {
                String name = field.getKey();
                if (!name.equals("context_id") && !root.has(name)) {
                    root.putRawValue(name, new RawValue(field.getValue()));
                }
            }
        }
        try {
            return Json.MAPPER.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write an OpenAI request", e);
        }
    }

    /** OpenAI's reasoning models refuse {@code max_tokens} and want {@code max_completion_tokens}. */
    static boolean usesMaxCompletionTokens(String model) {
        String m = model.toLowerCase(java.util.Locale.ROOT);
        return m.startsWith("o1") || m.startsWith("o3") || m.startsWith("o4") || m.startsWith("gpt-5");
    }

    /** An effort word as given, or one derived from Anthropic's token budget. */
    static String effort(Reasoning reasoning) {
        if (reasoning == null) {
            return null;
        }
        if (reasoning.effort() != null) {
            return reasoning.effort();
        }
        Integer budget = reasoning.budgetTokens();
        if (budget == null) {
            return null;
        }
        return budget < 2048 ? "low" : budget < 8192 ? "medium" : "high";
    }

    private static void user(ArrayNode messages, Message message) {
        List<Content> rest = new ArrayList<>();
        for (Content c : message.content()) {
            if (c instanceof Content.ToolResult result) {
                messages.addObject().put("role", "tool").put("tool_call_id", result.toolUseId())
                        .put("content", toolResultText(result));
            } else if (c instanceof Content.Text || c instanceof Content.Image) {
                rest.add(c);
            }
        }
        if (rest.isEmpty()) {
            return;
        }
        ObjectNode out = messages.addObject().put("role", "user");
        if (rest.size() == 1 && rest.getFirst() instanceof Content.Text t) {
            out.put("content", t.text());
            return;
        }
        ArrayNode parts = out.putArray("content");
        for (Content c : rest) {
            switch (c) {
                case Content.Text t -> parts.addObject().put("type", "text").put("text", t.text());
                case Content.Image i -> parts.addObject().put("type", "image_url").putObject("image_url")
                        .put("url", i.url() != null ? i.url() : "data:" + i.mediaType() + ";base64," + i.data());
                default -> { }
            }
        }
    }

    private static String toolResultText(Content.ToolResult result) {
        StringBuilder sb = new StringBuilder(result.isError() ? "Error: " : "");
        boolean first = true;
        for (Content c : result.content()) {
            String piece = switch (c) {
                case Content.Text t -> t.text();
                case Content.Image i -> "[image omitted]";
                default -> null;
            };
            if (piece != null) {
                if (!first) {
                    sb.append('\n');
                }
                sb.append(piece);
                first = false;
            }
        }
        return sb.toString();
    }

    private static void assistant(ArrayNode messages, Message message) {
        StringBuilder text = new StringBuilder();
        boolean hasText = false;
        List<Content.ToolUse> calls = new ArrayList<>();
        for (Content c : message.content()) {
            switch (c) {
                case Content.Text t -> {
                    text.append(t.text());
                    hasText = true;
                }
                case Content.ToolUse u -> calls.add(u);
                default -> { } // thinking cannot be sent back to Chat Completions; images and results do not occur
            }
        }
        ObjectNode out = messages.addObject().put("role", "assistant");
        if (hasText || calls.isEmpty()) {
            out.put("content", text.toString());
        } else {
            out.putNull("content");
        }
        if (!calls.isEmpty()) {
            ArrayNode toolCalls = out.putArray("tool_calls");
            for (Content.ToolUse u : calls) {
                toolCalls.addObject().put("id", u.id()).put("type", "function").putObject("function")
                        .put("name", u.name()).put("arguments", u.inputJson());
            }
        }
    }
}
