package dev.contextgate.dialect.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.contextgate.chat.ChatResponse;
import dev.contextgate.chat.Content;
import dev.contextgate.chat.GatewayError;
import dev.contextgate.chat.StopReason;
import dev.contextgate.dialect.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The reference for {@link CompletionReader}: {@code ResponseCodec.decode} as it was when it read the
 * body into a tree, kept verbatim so edge-case tests can check the streaming reader agrees with it.
 */
final class TreeCompletionDecoder {

    private TreeCompletionDecoder() {}

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
        StopReason stop = ResponseCodec.stopReason(choice.path("finish_reason").asText(null));
        return new ChatResponse(root.path("id").asText(""), root.path("model").asText(""), content, stop, null,
                ResponseCodec.usage(root.get("usage")));
    }

    static String reasoningText(JsonNode holder) {
        JsonNode r = holder.get("reasoning_content");
        if (r == null || !r.isTextual()) {
            r = holder.get("reasoning"); // vLLM and OpenRouter name it so
        }
        return r != null && r.isTextual() ? r.asText() : null;
    }

}
