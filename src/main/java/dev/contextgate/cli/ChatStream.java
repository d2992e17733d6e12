package dev.contextgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.contextgate.dialect.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Reads an OpenAI Chat Completions event stream: each {@code data:} line is a chunk whose
 * {@code choices[0].delta.content} is handed on as it arrives; {@code data: [DONE]} ends it.
 * Multi-line data fields are joined as the SSE spec says; comments and other fields are skipped.
 */
final class ChatStream {

    private ChatStream() {}

    /** @return the whole text; throws when the stream carries an error or ends before {@code [DONE]} */
    static String read(InputStream body, Consumer<String> onText) throws IOException {
        StringBuilder text = new StringBuilder();
        StringBuilder data = new StringBuilder();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.isEmpty()) {
                    if (data.isEmpty()) {
                        continue;
                    }
                    String event = data.toString();
                    data.setLength(0);
                    if (event.equals("[DONE]")) {
                        return text.toString();
                    }
                    JsonNode chunk = Json.MAPPER.readTree(event);
                    if (chunk.has("error")) {
                        throw new IOException("the gateway reported: " + chunk.path("error").path("message").asText(event));
                    }
                    String delta = chunk.path("choices").path(0).path("delta").path("content").asText("");
                    if (!delta.isEmpty()) {
                        text.append(delta);
                        onText.accept(delta);
                    }
                } else if (line.startsWith("data:")) {
                    String value = line.substring(5);
                    if (!data.isEmpty()) {
                        data.append('\n');
                    }
                    data.append(value.startsWith(" ") ? value.substring(1) : value);
                }
            }
        }
        throw new IOException("the stream ended before the answer was complete");
    }
}
