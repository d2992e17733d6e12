package dev.contextgate.dialect.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.contextgate.chat.StreamEvent;
import dev.contextgate.dialect.StreamDecoder;
import dev.contextgate.testing.GoldenFiles;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads golden files and splits server-sent events, for the tests of this package. */
final class Golden {

    record Frame(String event, String data) {}

    private Golden() {}

    static byte[] bytes(String name) {
        return GoldenFiles.bytes("anthropic", name);
    }

    static JsonNode json(String name) {
        return tree(bytes(name));
    }

    static JsonNode tree(byte[] body) {
        return GoldenFiles.tree(body);
    }

    /** Splits an SSE text into frames: blank-line separated, {@code event:} and {@code data:} lines. */
    static List<Frame> frames(String text) {
        List<Frame> frames = new ArrayList<>();
        for (String chunk : text.split("\n\n")) {
            String event = null;
            StringBuilder data = new StringBuilder();
            for (String line : chunk.split("\n")) {
                if (line.startsWith("event:")) {
                    event = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    if (!data.isEmpty()) {
                        data.append('\n');
                    }
                    data.append(line.substring(5).strip());
                }
            }
            if (event != null || !data.isEmpty()) {
                frames.add(new Frame(event, data.toString()));
            }
        }
        return frames;
    }

    static List<Frame> frames(byte[] sse) {
        return frames(new String(sse, StandardCharsets.UTF_8));
    }

    static List<StreamEvent> decodeAll(StreamDecoder decoder, List<Frame> frames) {
        List<StreamEvent> events = new ArrayList<>();
        for (Frame f : frames) {
            events.addAll(decoder.decode(f.event(), f.data().getBytes(StandardCharsets.UTF_8)));
        }
        return events;
    }
}
