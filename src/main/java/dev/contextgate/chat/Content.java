package dev.contextgate.chat;

import java.util.List;
import java.util.Objects;

/**
 * One block of a message, as Anthropic writes them. Tool inputs are kept as JSON text so that the
 * canonical model needs no JSON library and arguments streamed in pieces stay byte-exact.
 *
 * <p>Text, images, tool calls and tool results may carry the caller's prompt-cache breakpoint
 * ({@link CacheControl}, null when none); thinking blocks cannot carry one in Anthropic's API.
 */
public sealed interface Content {

    /** The caller's prompt-cache breakpoint on this block, or null. */
    CacheControl cacheControl();

    /**
     * This block without a cache breakpoint, here or inside a tool result: itself when it carries none,
     * so a request without any allocates nothing.
     */
    Content withoutCacheControl();

    record Text(String text, CacheControl cacheControl) implements Content {
        public Text {
            Objects.requireNonNull(text, "text");
        }

        public Text(String text) {
            this(text, null);
        }

        @Override
        public Text withoutCacheControl() {
            return cacheControl == null ? this : new Text(text);
        }
    }

    /** An image either inline ({@code data} base64 with {@code mediaType}) or by {@code url}. */
    record Image(String mediaType, String data, String url, CacheControl cacheControl) implements Content {
        public Image {
            if ((data == null) == (url == null)) {
                throw new IllegalArgumentException("an image has either base64 data or a url");
            }
        }

        public Image(String mediaType, String data, String url) {
            this(mediaType, data, url, null);
        }

        public static Image base64(String mediaType, String data) {
            return new Image(mediaType, data, null);
        }

        public static Image url(String url) {
            return new Image(null, null, url);
        }

        @Override
        public Image withoutCacheControl() {
            return cacheControl == null ? this : new Image(mediaType, data, url);
        }
    }

    /** A call the model makes; {@code inputJson} is a JSON object as text. */
    record ToolUse(String id, String name, String inputJson, CacheControl cacheControl) implements Content {
        public ToolUse {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(name, "name");
            inputJson = inputJson == null || inputJson.isBlank() ? "{}" : inputJson;
        }

        public ToolUse(String id, String name, String inputJson) {
            this(id, name, inputJson, null);
        }

        @Override
        public ToolUse withoutCacheControl() {
            return cacheControl == null ? this : new ToolUse(id, name, inputJson);
        }
    }

    /** The caller's answer to a {@link ToolUse}; content is text and images. */
    record ToolResult(String toolUseId, List<Content> content, boolean isError, CacheControl cacheControl)
            implements Content {
        public ToolResult {
            Objects.requireNonNull(toolUseId, "toolUseId");
            content = List.copyOf(content);
        }

        public ToolResult(String toolUseId, List<Content> content, boolean isError) {
            this(toolUseId, content, isError, null);
        }

        @Override
        public ToolResult withoutCacheControl() {
            List<Content> inner = Content.withoutCacheControl(content);
            return cacheControl == null && inner == content ? this : new ToolResult(toolUseId, inner, isError);
        }
    }

    /** A model's visible reasoning; {@code signature} lets Anthropic verify it when replayed. */
    record Thinking(String text, String signature) implements Content {
        public Thinking {
            Objects.requireNonNull(text, "text");
        }

        @Override
        public CacheControl cacheControl() {
            return null;
        }

        @Override
        public Thinking withoutCacheControl() {
            return this;
        }
    }

    /** Reasoning the provider encrypted; only the same provider can read it back. */
    record RedactedThinking(String data) implements Content {
        public RedactedThinking {
            Objects.requireNonNull(data, "data");
        }

        @Override
        public CacheControl cacheControl() {
            return null;
        }

        @Override
        public RedactedThinking withoutCacheControl() {
            return this;
        }
    }

    static Text text(String text) {
        return new Text(text);
    }

    /** The blocks without cache breakpoints: the same list when none carries one. */
    static List<Content> withoutCacheControl(List<Content> blocks) {
        for (int i = 0; i < blocks.size(); i++) {
            Content block = blocks.get(i);
            if (block.withoutCacheControl() != block) {
                Content[] out = blocks.toArray(new Content[0]);
                for (int j = i; j < out.length; j++) {
                    out[j] = out[j].withoutCacheControl();
                }
                return List.of(out);
            }
        }
        return blocks;
    }
}
