package dev.contextgate.context;

import dev.contextgate.chat.ChatRequest;
import dev.contextgate.chat.Content;
import dev.contextgate.chat.Message;
import dev.contextgate.chat.ToolDefinition;
import java.util.List;

/**
 * A local estimate of a request's input tokens with {@code o200k_base}: exact for recent OpenAI
 * models' text, close enough for Claude (which has no public encoding) until the provider's own
 * {@code usage} or {@code count_tokens} says better. Thread-safe; the vocabulary is loaded once.
 */
public final class TokenEstimator {

    /** Role markers and separators every message costs (OpenAI's published rule of thumb). */
    static final int PER_MESSAGE = 3;
    /** The tokens that prime the reply. */
    static final int PER_REQUEST = 3;
    /** Tool names, descriptions and schemas are wrapped in a few tokens of their own. */
    static final int PER_TOOL = 8;
    /** An image's size is not known here: a 512x512 tile at high detail, by OpenAI's table. */
    static final int PER_IMAGE = 765;

    /**
     * Loaded on the first count, not at start: a gateway that never sees a context or a count_tokens
     * call should not carry the vocabulary (4.3 MB of flat arrays here; jtokkit's maps of the same were
     * 31 MB and kept an 80 MB heap in old-gen GC thrash, bench/run).
     */
    private static final class Tables {
        static final O200kCounter O200K = O200kCounter.load();
    }

    public int count(ChatRequest request) {
        int tokens = PER_REQUEST;
        if (request.system() != null && !request.system().isEmpty()) {
            tokens += PER_MESSAGE + text(request.system());
        }
        for (Message message : request.messages()) {
            tokens += count(message);
        }
        return tokens + tools(request.tools());
    }

    public int tools(List<ToolDefinition> tools) {
        int tokens = 0;
        for (ToolDefinition tool : tools) {
            tokens += PER_TOOL + text(tool.name()) + text(tool.description()) + text(tool.inputSchemaJson());
        }
        return tokens;
    }

    public int count(Message message) {
        int tokens = PER_MESSAGE;
        for (Content block : message.content()) {
            tokens += count(block);
        }
        return tokens;
    }

    /** Tokens of plain text; special-token markers in it count as ordinary text. */
    public int text(String text) {
        return text == null || text.isEmpty() ? 0 : Tables.O200K.count(text);
    }

    private int count(Content block) {
        return switch (block) {
            case Content.Text t -> text(t.text());
            case Content.Image i -> PER_IMAGE;
            case Content.ToolUse u -> text(u.name()) + text(u.inputJson());
            case Content.ToolResult r -> {
                int sum = 0;
                for (Content c : r.content()) {
                    sum += count(c);
                }
                yield sum;
            }
            case Content.Thinking t -> text(t.text());
            case Content.RedactedThinking r -> 0;
        };
    }
}
