package dev.contextgate.dialect.openai;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.contextgate.chat.ChatResponse;
import dev.contextgate.chat.Content;
import dev.contextgate.chat.StopReason;
import dev.contextgate.chat.Usage;
import dev.contextgate.dialect.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * Complete answers to a client: {@link ChatResponse} to a {@code chat.completion}. The way back is
 * {@link CompletionReader}; finish reasons and usage are translated here for both directions.
 */
final class ResponseCodec {

    private ResponseCodec() {}

    // ---- client side: encode ----

    static byte[] encode(ChatResponse response, String model) {
        StringBuilder text = new StringBuilder();
        StringBuilder reasoning = new StringBuilder();
        boolean hasText = false;
        boolean hasReasoning = false;
        boolean hasCalls = false;
        for (Content c : response.content()) {
            switch (c) {
                case Content.Text t -> {
                    text.append(t.text());
                    hasText = true;
                }
                case Content.Thinking t -> {
                    reasoning.append(t.text());
                    hasReasoning = true;
                }
                case Content.ToolUse u -> hasCalls = true;
                default -> { } // redacted thinking cannot be shown; images and results do not occur in answers
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator g = Json.FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("id", completionId(response.id()));
            g.writeStringField("object", "chat.completion");
            g.writeNumberField("created", Instant.now().getEpochSecond());
            g.writeStringField("model", model);
            g.writeArrayFieldStart("choices");
            g.writeStartObject();
            g.writeNumberField("index", 0);
            g.writeObjectFieldStart("message");
            g.writeStringField("role", "assistant");
            g.writeStringField("content", hasText ? text.toString() : null);
            if (hasCalls) {
                writeToolCalls(g, response.content());
            }
            if (hasReasoning) {
                g.writeStringField("reasoning_content", reasoning.toString());
            }
            g.writeNullField("refusal");
            g.writeEndObject();
            g.writeNullField("logprobs");
            g.writeStringField("finish_reason", finishReason(response.stopReason()));
            g.writeEndObject();
            g.writeEndArray();
            usage(g, response.usage());
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("could not write an OpenAI response", e);
        }
        return out.toByteArray();
    }

    private static void writeToolCalls(JsonGenerator g, List<Content> content) throws IOException {
        g.writeArrayFieldStart("tool_calls");
        for (Content c : content) {
            if (c instanceof Content.ToolUse u) {
                writeToolCall(g, u);
            }
        }
        g.writeEndArray();
    }

    /** One entry of an assistant message's {@code tool_calls}, in a response or in a request's history. */
    static void writeToolCall(JsonGenerator g, Content.ToolUse u) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", u.id());
        g.writeStringField("type", "function");
        g.writeObjectFieldStart("function");
        g.writeStringField("name", u.name());
        g.writeStringField("arguments", u.inputJson());
        g.writeEndObject();
        g.writeEndObject();
    }

    static String completionId(String id) {
        return id.startsWith("chatcmpl-") ? id : "chatcmpl-" + id;
    }

    static String finishReason(StopReason reason) {
        return switch (reason) {
            case END_TURN, STOP_SEQUENCE, PAUSE_TURN -> "stop";
            case MAX_TOKENS -> "length";
            case TOOL_USE -> "tool_calls";
            case CONTENT_FILTER, REFUSAL -> "content_filter";
        };
    }

    /** OpenAI's usage object, as the {@code usage} field of the object being written. */
    static void usage(JsonGenerator g, Usage usage) throws IOException {
        g.writeObjectFieldStart("usage");
        g.writeNumberField("prompt_tokens", usage.inputTokens());
        g.writeNumberField("completion_tokens", usage.outputTokens());
        g.writeNumberField("total_tokens", usage.totalTokens());
        g.writeObjectFieldStart("prompt_tokens_details");
        g.writeNumberField("cached_tokens", usage.cacheReadTokens());
        g.writeEndObject();
        g.writeObjectFieldStart("completion_tokens_details");
        g.writeNumberField("reasoning_tokens", usage.reasoningTokens());
        g.writeEndObject();
        g.writeEndObject();
    }

    // ---- provider side: the vocabulary CompletionReader and ChunkDecoder share ----

    static StopReason stopReason(String finishReason) {
        if (finishReason == null) {
            return StopReason.END_TURN;
        }
        return switch (finishReason) {
            case "length" -> StopReason.MAX_TOKENS;
            case "tool_calls", "function_call" -> StopReason.TOOL_USE;
            case "content_filter" -> StopReason.CONTENT_FILTER;
            default -> StopReason.END_TURN;
        };
    }

    static Usage usage(JsonNode node) {
        if (node == null || !node.isObject()) {
            return Usage.ZERO;
        }
        return new Usage(node.path("prompt_tokens").asInt(0), node.path("completion_tokens").asInt(0),
                node.path("prompt_tokens_details").path("cached_tokens").asInt(0), 0,
                node.path("completion_tokens_details").path("reasoning_tokens").asInt(0));
    }
}
