package dev.contextgate.chat;

import java.util.List;
import java.util.Objects;

/**
 * One block of a message, as Anthropic writes them. Tool inputs are kept as JSON text so that the
 * canonical model needs no JSON library and arguments streamed in pieces stay byte-exact.
 */
public sealed interface Content {

    record Text(String text) implements Content {
        public Text {
            Objects.requireNonNull(text, "text");
        }
    }

    /** An image either inline ({@code data} base64 with {@code mediaType}) or by {@code url}. */
    record Image(String mediaType, String data, String url) implements Content {
        public Image {
            if ((data == null) == (url == null)) {
                throw new IllegalArgumentException("an image has either base64 data or a url");
            }
        }

        public static Image base64(String mediaType, String data) {
            return new Image(mediaType, data, null);
        }

        public static Image url(String url) {
            return new Image(null, null, url);
        }
    }

    /** A call the model makes; {@code inputJson} is a JSON object as text. */
    record ToolUse(String id, String name, String inputJson) implements Content {
        public ToolUse {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(name, "name");
            inputJson = inputJson == null || inputJson.isBlank() ? "{}" : inputJson;
        }
    }

    /** The caller's answer to a {@link ToolUse}; content is text and images. */
    record ToolResult(String toolUseId, List<Content> content, boolean isError) implements Content {
        public ToolResult {
            Objects.requireNonNull(toolUseId, "toolUseId");
            content = List.copyOf(content);
        }
    }

    /** A model's visible reasoning; {@code signature} lets Anthropic verify it when replayed. */
    record Thinking(String text, String signature) implements Content {
        public Thinking {
            Objects.requireNonNull(text, "text");
        }
    }

    /** Reasoning the provider encrypted; only the same provider can read it back. */
    record RedactedThinking(String data) implements Content {
        public RedactedThinking {
            Objects.requireNonNull(data, "data");
        }
    }

    static Text text(String text) {
        return new Text(text);
    }
}
