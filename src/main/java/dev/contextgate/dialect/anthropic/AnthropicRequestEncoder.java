package dev.contextgate.dialect.anthropic;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.contextgate.chat.CacheControl;
import dev.contextgate.chat.ChatRequest;
import dev.contextgate.chat.Content;
import dev.contextgate.chat.Dialect;
import dev.contextgate.chat.Message;
import dev.contextgate.chat.Reasoning;
import dev.contextgate.chat.Role;
import dev.contextgate.chat.ToolChoice;
import dev.contextgate.chat.ToolDefinition;
import dev.contextgate.dialect.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Provider side: the canonical request to an Anthropic {@code /v1/messages} body. A caller's
 * {@code cache_control} goes back on the element it came with, written as the caller's JSON.
 */
final class AnthropicRequestEncoder {

    private static final Logger log = LoggerFactory.getLogger(AnthropicRequestEncoder.class);

    static final int DEFAULT_MAX_TOKENS = 4096;

    private AnthropicRequestEncoder() {}

    static byte[] encode(ChatRequest request) {
        return write(gen -> {
            gen.writeStringField("model", request.model());
            Integer budget = thinkingBudget(request.reasoning());
            gen.writeNumberField("max_tokens", maxTokens(request.maxTokens(), budget));
            writeConversation(gen, request, budget);
            if (!request.stop().isEmpty()) {
                gen.writeArrayFieldStart("stop_sequences");
                for (String s : request.stop()) {
                    gen.writeString(s);
                }
                gen.writeEndArray();
            }
            if (request.temperature() != null) {
                double t = request.temperature();
                if (t > 1.0) {
                    // Anthropic's range is 0-1 where OpenAI's is 0-2: clamp rather than let the upstream 400.
                    log.debug("temperature {} is above Anthropic's maximum of 1; sending 1", t);
                    t = 1.0;
                }
                gen.writeNumberField("temperature", t);
            }
            if (request.topP() != null) {
                gen.writeNumberField("top_p", request.topP());
            }
            if (request.topK() != null) {
                gen.writeNumberField("top_k", request.topK());
            }
            if (request.stream()) {
                gen.writeBooleanField("stream", true);
            }
            if (request.passthrough().dialect() == Dialect.ANTHROPIC) {
                for (Map.Entry<String, String> f : request.passthrough().fields().entrySet()) {
                    if (!f.getKey().equals("context_id")) {
                        gen.writeFieldName(f.getKey());
                        gen.writeRawValue(f.getValue());
                    }
                }
            } else if (!request.passthrough().fields().isEmpty()) {
                log.debug("dropping {} fields from an {} caller for an Anthropic upstream: {}",
                        request.passthrough().fields().size(), request.passthrough().dialect(),
                        request.passthrough().fields().keySet());
            }
        });
    }

    /** The body for {@code /v1/messages/count_tokens}: only the fields that endpoint takes. */
    static byte[] encodeCountTokens(ChatRequest request) {
        return write(gen -> {
            gen.writeStringField("model", request.model());
            writeConversation(gen, request, thinkingBudget(request.reasoning()));
        });
    }

    /** system, messages, tools, tool_choice, thinking. */
    private static void writeConversation(JsonGenerator gen, ChatRequest request, Integer budget) throws IOException {
        if (!request.systemBlocks().isEmpty()) {
            gen.writeArrayFieldStart("system");
            for (Content.Text block : request.systemBlocks()) {
                writeBlock(gen, block);
            }
            gen.writeEndArray();
        } else if (request.system() != null && !request.system().isEmpty()) {
            gen.writeStringField("system", request.system());
        }
        gen.writeArrayFieldStart("messages");
        for (Message m : merged(request.messages())) {
            gen.writeStartObject();
            gen.writeStringField("role", m.role() == Role.USER ? "user" : "assistant");
            gen.writeArrayFieldStart("content");
            for (Content c : m.content()) {
                writeBlock(gen, c);
            }
            gen.writeEndArray();
            gen.writeEndObject();
        }
        gen.writeEndArray();
        if (!request.tools().isEmpty()) {
            gen.writeArrayFieldStart("tools");
            for (ToolDefinition t : request.tools()) {
                gen.writeStartObject();
                gen.writeStringField("name", t.name());
                if (t.description() != null) {
                    gen.writeStringField("description", t.description());
                }
                gen.writeFieldName("input_schema");
                writeJsonText(gen, t.inputSchemaJson());
                writeCacheControl(gen, t.cacheControl());
                gen.writeEndObject();
            }
            gen.writeEndArray();
        }
        if (request.toolChoice() != null) {
            writeToolChoice(gen, request.toolChoice());
        }
        if (budget != null) {
            gen.writeObjectFieldStart("thinking");
            gen.writeStringField("type", "enabled");
            gen.writeNumberField("budget_tokens", budget);
            gen.writeEndObject();
        }
    }

    static int maxTokens(Integer requested, Integer budget) {
        int max = requested == null ? DEFAULT_MAX_TOKENS : requested;
        if (budget != null && max <= budget) {
            int raised = budget + DEFAULT_MAX_TOKENS;
            log.debug("max_tokens {} does not exceed the thinking budget {}; sending {}", max, budget, raised);
            return raised;
        }
        return max;
    }

    /** Anthropic takes a budget; an OpenAI effort word maps to one. {@code minimal} means no thinking. */
    static Integer thinkingBudget(Reasoning reasoning) {
        if (reasoning == null) {
            return null;
        }
        if (reasoning.budgetTokens() != null) {
            return reasoning.budgetTokens();
        }
        if (reasoning.effort() == null) {
            return null;
        }
        return switch (reasoning.effort()) {
            case "low" -> 1024;
            case "medium" -> 4096;
            case "high" -> 16384;
            default -> {
                log.debug("reasoning effort {} sends no thinking to Anthropic", reasoning.effort());
                yield null;
            }
        };
    }

    /**
     * Anthropic wants user and assistant turns to alternate: consecutive messages of one role are merged.
     * Unsigned thinking (from OpenAI-compatible models) is dropped because Anthropic rejects it, and a
     * message left empty goes with it.
     */
    static List<Message> merged(List<Message> messages) {
        List<Message> out = new ArrayList<>(messages.size());
        for (Message m : messages) {
            List<Content> kept = new ArrayList<>(m.content().size());
            for (Content c : m.content()) {
                if (c instanceof Content.Thinking t && (t.signature() == null || t.signature().isEmpty())) {
                    continue;
                }
                kept.add(c);
            }
            if (kept.isEmpty()) {
                continue;
            }
            Message last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && last.role() == m.role()) {
                List<Content> joined = new ArrayList<>(last.content());
                joined.addAll(kept);
                out.set(out.size() - 1, new Message(m.role(), joined));
            } else {
                out.add(new Message(m.role(), kept));
            }
        }
        return out;
    }

    private static void writeBlock(JsonGenerator gen, Content c) throws IOException {
        gen.writeStartObject();
        switch (c) {
            case Content.Text t -> {
                gen.writeStringField("type", "text");
                gen.writeStringField("text", t.text());
            }
            case Content.Image i -> {
                gen.writeStringField("type", "image");
                gen.writeObjectFieldStart("source");
                if (i.url() != null) {
                    gen.writeStringField("type", "url");
                    gen.writeStringField("url", i.url());
                } else {
                    gen.writeStringField("type", "base64");
                    gen.writeStringField("media_type", i.mediaType());
                    gen.writeStringField("data", i.data());
                }
                gen.writeEndObject();
            }
            case Content.ToolUse u -> {
                gen.writeStringField("type", "tool_use");
                gen.writeStringField("id", toolId(u.id()));
                gen.writeStringField("name", u.name());
                gen.writeFieldName("input");
                writeJsonText(gen, u.inputJson());
            }
            case Content.ToolResult r -> {
                gen.writeStringField("type", "tool_result");
                gen.writeStringField("tool_use_id", toolId(r.toolUseId()));
                gen.writeArrayFieldStart("content");
                for (Content inner : r.content()) {
                    writeBlock(gen, inner);
                }
                gen.writeEndArray();
                if (r.isError()) {
                    gen.writeBooleanField("is_error", true);
                }
            }
            case Content.Thinking t -> {
                gen.writeStringField("type", "thinking");
                gen.writeStringField("thinking", t.text());
                gen.writeStringField("signature", t.signature());
            }
            case Content.RedactedThinking r -> {
                gen.writeStringField("type", "redacted_thinking");
                gen.writeStringField("data", r.data());
            }
        }
        writeCacheControl(gen, c.cacheControl());
        gen.writeEndObject();
    }

    /** The caller's {@code cache_control} as it sent it (the decoder checked it is an object). */
    private static void writeCacheControl(JsonGenerator gen, CacheControl cacheControl) throws IOException {
        if (cacheControl != null) {
            gen.writeFieldName("cache_control");
            gen.writeRawValue(cacheControl.json());
        }
    }

    private static void writeToolChoice(JsonGenerator gen, ToolChoice choice) throws IOException {
        gen.writeObjectFieldStart("tool_choice");
        switch (choice) {
            case ToolChoice.Auto a -> gen.writeStringField("type", "auto");
            case ToolChoice.Required r -> gen.writeStringField("type", "any");
            case ToolChoice.None n -> gen.writeStringField("type", "none");
            case ToolChoice.Named n -> {
                gen.writeStringField("type", "tool");
                gen.writeStringField("name", n.name());
            }
        }
        if (!(choice instanceof ToolChoice.None) && !choice.parallel()) {
            gen.writeBooleanField("disable_parallel_tool_use", true);
        }
        gen.writeEndObject();
    }

    /** Anthropic accepts tool ids of {@code [a-zA-Z0-9_-]} only; other ids (OpenAI's, Gemini's) are mapped. */
    static String toolId(String id) {
        StringBuilder sb = new StringBuilder(id.length());
        for (int i = 0; i < id.length(); i++) {
            char ch = id.charAt(i);
            boolean ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')
                    || ch == '_' || ch == '-';
            sb.append(ok ? ch : '_');
        }
        return sb.isEmpty() ? "toolu_" : sb.toString();
    }

    /** Writes JSON text as a value; text that is not a JSON object becomes {} (logged). */
    private static void writeJsonText(JsonGenerator gen, String json) throws IOException {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(json);
        } catch (IOException e) {
            node = null;
        }
        if (node == null || !node.isObject()) {
            log.debug("not a JSON object, sending {{}} instead: {}", json);
            gen.writeStartObject();
            gen.writeEndObject();
        } else {
            gen.writeTree(node);
        }
    }

    interface Body {
        void write(JsonGenerator gen) throws IOException;
    }

    static byte[] write(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator gen = Json.FACTORY.createGenerator(out)) {
            gen.writeStartObject();
            body.write(gen);
            gen.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
