package dev.contextgate.dialect.openai;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.contextgate.chat.ChatRequest;
import dev.contextgate.chat.Content;
import dev.contextgate.chat.Dialect;
import dev.contextgate.chat.Message;
import dev.contextgate.chat.Reasoning;
import dev.contextgate.chat.ToolChoice;
import dev.contextgate.chat.ToolDefinition;
import dev.contextgate.dialect.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Provider side, outbound: a {@link ChatRequest} to an OpenAI Chat Completions body.
 *
 * <p>Decisions: thinking blocks are dropped (Chat Completions cannot take reasoning back); each tool
 * result becomes its own {@code tool} message ahead of the rest of its user turn, images inside it
 * become "[image omitted]" and an error result is prefixed "Error: " (the API has no is_error);
 * {@code top_k} is dropped (no such parameter); {@code tool_choice} and {@code parallel_tool_calls} are
 * written only with tools, since OpenAI rejects them alone; streaming always asks for usage; an Anthropic
 * caller's {@code cache_control} breakpoints are dropped (logged at debug), since OpenAI caches prompt
 * prefixes by itself and takes no hints.
 */
final class RequestEncoder {

    private static final Logger log = LoggerFactory.getLogger(RequestEncoder.class);

    private RequestEncoder() {}

    static byte[] encode(ChatRequest request) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator g = Json.FACTORY.createGenerator(out)) {
            g.writeStartObject();
            Set<String> written = writeFields(new Root(g, new HashSet<>()), request);
            if (request.passthrough().dialect() == Dialect.OPENAI) {
                for (Map.Entry<String, String> field : request.passthrough().fields().entrySet()) {
                    String name = field.getKey();
                    if (!name.equals("context_id") && !written.contains(name)) {
                        g.writeFieldName(name);
                        g.writeRawValue(field.getValue());
                    }
                }
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("could not write an OpenAI request", e);
        }
        if (log.isDebugEnabled()) {
            int breakpoints = request.cacheBreakpoints();
            if (breakpoints > 0) {
                log.debug("dropping {} cache_control breakpoint(s) for an OpenAI-compatible upstream, which caches "
                        + "prompt prefixes by itself", breakpoints);
            }
        }
        return out.toByteArray();
    }

    /** The top level as it is written: passthrough fields may not repeat a name it already has. */
    private record Root(JsonGenerator g, Set<String> names) {
        JsonGenerator field(String name) throws IOException {
            names.add(name);
            g.writeFieldName(name);
            return g;
        }
    }

    /** Writes every field ContextGate itself sets, and returns their names. */
    private static Set<String> writeFields(Root root, ChatRequest request) throws IOException {
        JsonGenerator g = root.g();
        root.field("model").writeString(request.model());
        root.field("messages").writeStartArray();
        if (request.system() != null && !request.system().isEmpty()) {
            g.writeStartObject();
            g.writeStringField("role", "system");
            g.writeStringField("content", request.system());
            g.writeEndObject();
        }
        for (Message message : request.messages()) {
            switch (message.role()) {
                case USER -> user(g, message);
                case ASSISTANT -> assistant(g, message);
            }
        }
        g.writeEndArray();
        if (request.maxTokens() != null) {
            root.field(usesMaxCompletionTokens(request.model()) ? "max_completion_tokens" : "max_tokens")
                    .writeNumber(request.maxTokens());
        }
        if (request.temperature() != null) {
            root.field("temperature").writeNumber(request.temperature());
        }
        if (request.topP() != null) {
            root.field("top_p").writeNumber(request.topP());
        }
        if (!request.stop().isEmpty()) {
            root.field("stop").writeStartArray();
            for (String stop : request.stop()) {
                g.writeString(stop);
            }
            g.writeEndArray();
        }
        if (!request.tools().isEmpty()) {
            writeTools(root, request);
        }
        String effort = effort(request.reasoning());
        if (effort != null) {
            root.field("reasoning_effort").writeString(effort);
        }
        if (request.stream()) {
            root.field("stream").writeBoolean(true);
            root.field("stream_options").writeStartObject();
            g.writeBooleanField("include_usage", true);
            g.writeEndObject();
        }
        return root.names();
    }

    private static void writeTools(Root root, ChatRequest request) throws IOException {
        JsonGenerator g = root.g();
        root.field("tools").writeStartArray();
        for (ToolDefinition tool : request.tools()) {
            g.writeStartObject();
            g.writeStringField("type", "function");
            g.writeObjectFieldStart("function");
            g.writeStringField("name", tool.name());
            if (tool.description() != null) {
                g.writeStringField("description", tool.description());
            }
            g.writeFieldName("parameters");
            g.writeRawValue(tool.inputSchemaJson());
            g.writeEndObject();
            g.writeEndObject();
        }
        g.writeEndArray();
        ToolChoice choice = request.toolChoice();
        if (choice == null) {
            return;
        }
        switch (choice) {
            case ToolChoice.Auto a -> root.field("tool_choice").writeString("auto");
            case ToolChoice.None n -> root.field("tool_choice").writeString("none");
            case ToolChoice.Required r -> root.field("tool_choice").writeString("required");
            case ToolChoice.Named named -> {
                root.field("tool_choice").writeStartObject();
                g.writeStringField("type", "function");
                g.writeObjectFieldStart("function");
                g.writeStringField("name", named.name());
                g.writeEndObject();
                g.writeEndObject();
            }
        }
        if (!choice.parallel()) {
            root.field("parallel_tool_calls").writeBoolean(false);
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

    private static void user(JsonGenerator g, Message message) throws IOException {
        List<Content> rest = new ArrayList<>();
        for (Content c : message.content()) {
            if (c instanceof Content.ToolResult result) {
                g.writeStartObject();
                g.writeStringField("role", "tool");
                g.writeStringField("tool_call_id", result.toolUseId());
                g.writeStringField("content", toolResultText(result));
                g.writeEndObject();
            } else if (c instanceof Content.Text || c instanceof Content.Image) {
                rest.add(c);
            }
        }
        if (rest.isEmpty()) {
            return;
        }
        g.writeStartObject();
        g.writeStringField("role", "user");
        if (rest.size() == 1 && rest.getFirst() instanceof Content.Text t) {
            g.writeStringField("content", t.text());
            g.writeEndObject();
            return;
        }
        g.writeArrayFieldStart("content");
        for (Content c : rest) {
            switch (c) {
                case Content.Text t -> {
                    g.writeStartObject();
                    g.writeStringField("type", "text");
                    g.writeStringField("text", t.text());
                    g.writeEndObject();
                }
                case Content.Image i -> {
                    g.writeStartObject();
                    g.writeStringField("type", "image_url");
                    g.writeObjectFieldStart("image_url");
                    g.writeStringField("url", i.url() != null ? i.url() : "data:" + i.mediaType() + ";base64," + i.data());
                    g.writeEndObject();
                    g.writeEndObject();
                }
                default -> { }
            }
        }
        g.writeEndArray();
        g.writeEndObject();
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

    private static void assistant(JsonGenerator g, Message message) throws IOException {
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
        g.writeStartObject();
        g.writeStringField("role", "assistant");
        g.writeStringField("content", hasText || calls.isEmpty() ? text.toString() : null);
        if (!calls.isEmpty()) {
            g.writeArrayFieldStart("tool_calls");
            for (Content.ToolUse u : calls) {
                ResponseCodec.writeToolCall(g, u);
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }
}
