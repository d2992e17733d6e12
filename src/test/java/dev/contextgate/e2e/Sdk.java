package dev.contextgate.e2e;

import com.anthropic.client.AnthropicClient;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;

/** How the SDKs' own guides consume a stream: through each SDK's accumulator. */
final class Sdk {

    private Sdk() {}

    static ChatCompletion openAiStream(OpenAIClient client, ChatCompletionCreateParams params) {
        ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
        try (com.openai.core.http.StreamResponse<ChatCompletionChunk> stream =
                client.chat().completions().createStreaming(params)) {
            stream.stream().forEach(acc::accumulate);
        }
        return acc.chatCompletion();
    }

    static Message anthropicStream(AnthropicClient client, MessageCreateParams params) {
        MessageAccumulator acc = MessageAccumulator.create();
        try (com.anthropic.core.http.StreamResponse<RawMessageStreamEvent> stream =
                client.messages().createStreaming(params)) {
            stream.stream().forEach(acc::accumulate);
        }
        return acc.message();
    }

    /** A content field's text, whether written as a string or as a list of text blocks. */
    static String text(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder sb = new StringBuilder();
        for (JsonNode block : content) {
            sb.append(block.path("text").asText());
        }
        return sb.toString();
    }
}
