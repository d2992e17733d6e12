package dev.contextgate.dialect.anthropic;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.contextgate.chat.ChatResponse;
import dev.contextgate.chat.Content;
import dev.contextgate.chat.GatewayError;
import dev.contextgate.chat.StopReason;
import dev.contextgate.chat.Usage;
import dev.contextgate.dialect.Json;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Complete answers both ways, and the vocabulary (stop reasons, usage) streams share. */
final class AnthropicResponses {

    private static final Logger log = LoggerFactory.getLogger(AnthropicResponses.class);

    private AnthropicResponses() {}

    /** Server side: the canonical answer as an Anthropic message object. */
    static byte[] encode(ChatResponse response, String model) {
        return AnthropicRequestEncoder.write(gen -> {
            gen.writeStringField("id", messageId(response.id()));
            gen.writeStringField("type", "message");
            gen.writeStringField("role", "assistant");
            gen.writeStringField("model", model == null ? response.model() : model);
            gen.writeArrayFieldStart("content");
            writeContent(gen, response.content());
            gen.writeEndArray();
            gen.writeStringField("stop_reason", stopReason(response.stopReason()));
            gen.writeStringField("stop_sequence", response.stopSequence());
            gen.writeFieldName("usage");
            writeUsage(gen, response.usage(), true);
        });
    }

    private static void writeContent(JsonGenerator gen, List<Content> content) throws IOException {
        for (Content c : content) {
            switch (c) {
                case Content.Text t -> {
                    gen.writeStartObject();
                    gen.writeStringField("type", "text");
                    gen.writeStringField("text", t.text());
                    gen.writeEndObject();
                }
                case Content.ToolUse u -> {
                    gen.writeStartObject();
                    gen.writeStringField("type", "tool_use");
                    gen.writeStringField("id", u.id());
                    gen.writeStringField("name", u.name());
                    gen.writeFieldName("input");
                    gen.writeTree(toolInput(u));
                    gen.writeEndObject();
                }
                case Content.Thinking t -> {
                    gen.writeStartObject();
                    gen.writeStringField("type", "thinking");
                    gen.writeStringField("thinking", t.text());
                    // Anthropic's SDKs require a signature; an unsigned block (from another provider) gets "".
                    gen.writeStringField("signature", t.signature() == null ? "" : t.signature());
                    gen.writeEndObject();
                }
                case Content.RedactedThinking r -> {
                    gen.writeStartObject();
                    gen.writeStringField("type", "redacted_thinking");
                    gen.writeStringField("data", r.data());
                    gen.writeEndObject();
                }
                case Content.Image i -> log.debug("an assistant image block has no Anthropic form; left out");
                case Content.ToolResult r -> log.debug("an assistant tool_result block has no Anthropic form; left out");
            }
        }
    }

    /** A model's tool arguments as an object; arguments that are not a JSON object (some OpenAI-compatible models) become {}. */
    private static JsonNode toolInput(Content.ToolUse u) {
        try {
            JsonNode node = Json.MAPPER.readTree(u.inputJson());
            if (node != null && node.isObject()) {
                return node;
            }
        } catch (IOException e) {
            // fall through
        }
        log.warn("tool call {} has arguments that are not a JSON object; sending {{}}", u.id());
        return Json.MAPPER.createObjectNode();
    }

    /**
     * Anthropic's usage: {@code input_tokens} excludes cache reads and writes, which the canonical
     * {@link Usage#inputTokens()} includes. {@code withInput} false leaves input fields out when unknown.
     */
    static void writeUsage(JsonGenerator gen, Usage usage, boolean withInput) throws IOException {
        gen.writeStartObject();
        if (withInput) {
            gen.writeNumberField("input_tokens", uncachedInput(usage));
            gen.writeNumberField("cache_creation_input_tokens", usage.cacheWriteTokens());
            gen.writeNumberField("cache_read_input_tokens", usage.cacheReadTokens());
        }
        gen.writeNumberField("output_tokens", usage.outputTokens());
        gen.writeEndObject();
    }

    static int uncachedInput(Usage usage) {
        return Math.max(0, usage.inputTokens() - usage.cacheReadTokens() - usage.cacheWriteTokens());
    }

    static String messageId(String id) {
        return id.startsWith("msg_") ? id : "msg_" + id;
    }

    static String stopReason(StopReason reason) {
        if (reason == null) {
            return null;
        }
        return switch (reason) {
            case END_TURN -> "end_turn";
            case MAX_TOKENS -> "max_tokens";
            case STOP_SEQUENCE -> "stop_sequence";
            case TOOL_USE -> "tool_use";
            case PAUSE_TURN -> "pause_turn";
            case CONTENT_FILTER, REFUSAL -> "refusal";
        };
    }

    static StopReason stopReason(String reason) {
        if (reason == null) {
            return null;
        }
        return switch (reason) {
            case "end_turn" -> StopReason.END_TURN;
            case "max_tokens", "model_context_window_exceeded" -> StopReason.MAX_TOKENS;
            case "stop_sequence" -> StopReason.STOP_SEQUENCE;
            case "tool_use" -> StopReason.TOOL_USE;
            case "pause_turn" -> StopReason.PAUSE_TURN;
            case "refusal" -> StopReason.REFUSAL;
            default -> {
                log.debug("unknown Anthropic stop_reason {}; reading it as end_turn", reason);
                yield StopReason.END_TURN;
            }
        };
    }

    /** Anthropic usage to canonical: cache reads and writes are added into input, and kept apart too. */
    static Usage usage(JsonNode node) {
        if (node == null || !node.isObject()) {
            return Usage.ZERO;
        }
        int input = node.path("input_tokens").asInt(0);
        int cacheRead = node.path("cache_read_input_tokens").asInt(0);
        int cacheWrite = node.path("cache_creation_input_tokens").asInt(0);
        return new Usage(input + cacheRead + cacheWrite, node.path("output_tokens").asInt(0), cacheRead, cacheWrite, 0);
    }

    /** Provider side: an Anthropic message object to the canonical answer. */
    static ChatResponse decode(byte[] body) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new GatewayError(GatewayError.Kind.UPSTREAM_FAILED,
                    "the upstream sent a response that is not valid JSON: " + AnthropicErrors.shortReason(e));
        }
        if (root == null || !root.isObject()) {
            throw new GatewayError(GatewayError.Kind.UPSTREAM_FAILED, "the upstream sent a response that is not a JSON object");
        }
        StopReason stop = stopReason(AnthropicErrors.textOrNull(root.get("stop_reason")));
        return new ChatResponse(root.path("id").asText(""), root.path("model").asText(""),
                AnthropicContentDecoder.responseContent(root.get("content")),
                stop == null ? StopReason.END_TURN : stop,
                AnthropicErrors.textOrNull(root.get("stop_sequence")), usage(root.get("usage")));
    }
}
