package dev.contextgate.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.contextgate.dialect.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Test resources under {@code golden/DIALECT/}, and JSON trees to compare them as. */
public final class GoldenFiles {

    private GoldenFiles() {}

    public static byte[] bytes(String dialect, String name) {
        try (InputStream in = GoldenFiles.class.getResourceAsStream("/golden/" + dialect + "/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no golden file " + dialect + "/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode tree(byte[] json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode tree(String json) {
        return tree(json.getBytes(StandardCharsets.UTF_8));
    }
}
