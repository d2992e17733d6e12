package dev.contextgate.dialect.openai;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.contextgate.chat.ChatResponse;
import dev.contextgate.chat.Content;
import dev.contextgate.chat.GatewayError;
import dev.contextgate.chat.StopReason;
import dev.contextgate.chat.Usage;
import dev.contextgate.dialect.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Complete answers both ways: {@link ChatResponse} to a {@code chat.completion} and back. */
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
                g.writeStartObject();
                g.writeStringField("id", u.id());
                g.writeStringField("type", "function");
                g.writeObjectFieldStart("function");
                g.writeStringField("name", u.name());
                g.writeStringField("arguments", u.inputJson());
                g.writeEndObject();
                g.writeEndObject();
            }
        }
        g.writeEndArray();
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

    // ---- provider side: decode ----

    static ChatResponse decode(byte[] body) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new GatewayError(GatewayError.Kind.UPSTREAM_FAILED,
                    "the upstream returned a response that is not valid JSON: " + ErrorCodec.preview(body));
        }
        if (root == null || !root.isObject()) {
            throw new GatewayError(GatewayError.Kind.UPSTREAM_FAILED,
                    "the upstream returned a response that is not a JSON object: " + ErrorCodec.preview(body));
        }
        JsonNode choices = root.get("choices");
        if (choices == null || !choices.isArray() || choices.isEmpty()) {
            throw new GatewayError(GatewayError.Kind.UPSTREAM_FAILED,
                    "the upstream's chat completion has no choices: " + ErrorCodec.preview(body));
        }
        JsonNode choice = choices.get(0);
        JsonNode message = choice.path("message");
        List<Content> content = new ArrayList<>();
        String reasoning = reasoningText(message);
        if (reasoning != null && !reasoning.isEmpty()) {
            content.add(new Content.Thinking(reasoning, null));
        }
        JsonNode text = message.get("content");
        if (text != null && text.isTextual() && !text.asText().isEmpty()) {
            content.add(new Content.Text(text.asText()));
        } else if (text != null && text.isArray()) { // some compatible servers answer in parts
            for (JsonNode part : text) {
                if (part.path("text").isTextual()) {
                    content.add(new Content.Text(part.get("text").asText()));
                }
            }
        }
        JsonNode refusal = message.get("refusal");
        if (refusal != null && refusal.isTextual() && !refusal.asText().isEmpty()) {
            content.add(new Content.Text(refusal.asText()));
        }
        for (JsonNode call : message.path("tool_calls")) {
            JsonNode function = call.path("function");
            content.add(new Content.ToolUse(call.path("id").asText(""), function.path("name").asText(""),
                    function.path("arguments").asText("{}")));
        }
        StopReason stop = stopReason(choice.path("finish_reason").asText(null));
        return new ChatResponse(root.path("id").asText(""), root.path("model").asText(""), content, stop, null,
                usage(root.get("usage")));
    }

    static String reasoningText(JsonNode holder) {
        JsonNode r = holder.get("reasoning_content");
        if (r == null || !r.isTextual()) {
            r = holder.get("reasoning"); // vLLM and OpenRouter name it so
        }
        return r != null && r.isTextual() ? r.asText() : null;
    }

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
