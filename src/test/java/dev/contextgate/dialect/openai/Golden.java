package dev.contextgate.dialect.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.contextgate.dialect.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads the golden files under {@code golden/openai/} and splits recorded SSE into data payloads. */
final class Golden {

    private Golden() {}

    static byte[] bytes(String name) {
        try (InputStream in = Golden.class.getResourceAsStream("/golden/openai/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no golden file " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(String name) {
        return tree(bytes(name));
    }

    static JsonNode tree(byte[] json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode tree(String json) {
        return tree(json.getBytes(StandardCharsets.UTF_8));
    }

    /** The {@code data:} payloads of an SSE text, one per event, in order. */
    static List<String> sseData(String sse) {
        List<String> data = new ArrayList<>();
        for (String frame : sse.split("\n\n")) {
            StringBuilder sb = new StringBuilder();
            for (String line : frame.split("\n")) {
                if (line.startsWith("data:")) {
                    if (!sb.isEmpty()) {
                        sb.append('\n');
                    }
                    sb.append(line.substring(5).stripLeading());
                }
            }
            if (!sb.isEmpty()) {
                data.add(sb.toString());
            }
        }
        return data;
    }

    static List<String> sseData(byte[] sse) {
        return sseData(new String(sse, StandardCharsets.UTF_8));
    }
}
