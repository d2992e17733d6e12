package dev.contextgate.dialect.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.contextgate.testing.GoldenFiles;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads the golden files under {@code golden/openai/} and splits recorded SSE into data payloads. */
final class Golden {

    private Golden() {}

    static byte[] bytes(String name) {
        return GoldenFiles.bytes("openai", name);
    }

    static JsonNode json(String name) {
        return tree(bytes(name));
    }

    static JsonNode tree(byte[] json) {
        return GoldenFiles.tree(json);
    }

    static JsonNode tree(String json) {
        return GoldenFiles.tree(json);
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
