package dev.contextgate.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * A parsed configuration file: its tree, and the line each key path ({@code providers[1].type}) starts on,
 * so that every problem can point at the line to fix.
 */
final class YamlDocument {

    private static final YAMLFactory YAML = YAMLFactory.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final ObjectMapper MAPPER = new ObjectMapper(YAML);

    final String name;
    final JsonNode root;
    private final Map<String, Integer> lines;

    private YamlDocument(String name, JsonNode root, Map<String, Integer> lines) {
        this.name = name;
        this.root = root;
        this.lines = lines;
    }

    /** @throws ConfigException when the text is not YAML, naming the file and line */
    static YamlDocument parse(String name, String text) throws ConfigException {
        try {
            JsonNode root = MAPPER.readTree(text);
            boolean empty = root == null || root.isMissingNode() || root.isNull();
            return new YamlDocument(name, empty ? MAPPER.createObjectNode() : root, lineMap(text));
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            String where = loc == null ? name : name + ":" + loc.getLineNr();
            throw new ConfigException(where + ": not valid YAML: " + summary(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new ConfigException(name + ": cannot be read: " + e.getMessage());
        }
    }

    /** SnakeYAML's message without its location and snippet lines, on one line. */
    private static String summary(String message) {
        return String.join(": ", message.lines().filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0))).toList());
    }

    /** {@code file:line} of the path, or of its nearest ancestor that is in the file. */
    String where(String path) {
        String p = path;
        while (!p.isEmpty()) {
            Integer line = lines.get(p);
            if (line != null) {
                return name + ":" + line;
            }
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            p = cut < 0 ? "" : p.substring(0, cut);
        }
        return name;
    }

    /** Walks the token stream once, recording the first line of every key and list item. */
    private static Map<String, Integer> lineMap(String text) throws IOException {
        Map<String, Integer> out = new HashMap<>();
        Deque<Frame> stack = new ArrayDeque<>();
        try (JsonParser p = YAML.createParser(text)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                int line = p.currentTokenLocation().getLineNr();
                Frame top = stack.peek();
                if (t == JsonToken.FIELD_NAME) {
                    top.field = p.currentName();
                    out.putIfAbsent(top.child(), line);
                    continue;
                }
                if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                    stack.pop();
                    continue;
                }
                String path = "";
                if (top != null) {
                    if (top.array) {
                        top.index++;
                    }
                    path = top.child();
                    out.putIfAbsent(path, line);
                }
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    stack.push(new Frame(path, t == JsonToken.START_ARRAY));
                }
            }
        }
        return out;
    }

    private static final class Frame {
        final String path;
        final boolean array;
        int index = -1;
        String field;

        Frame(String path, boolean array) {
            this.path = path;
            this.array = array;
        }

        String child() {
            if (array) {
                return path + "[" + index + "]";
            }
            return path.isEmpty() ? field : path + "." + field;
        }
    }
}
