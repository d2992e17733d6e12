package dev.contextgate.chat;

import java.util.List;
import java.util.Objects;

/**
 * One call to a model, whatever dialect it arrived in. {@code model} is the name the caller asked for
 * until the router replaces it with the upstream's own name. Optional numbers are null when not sent.
 *
 * <p>{@code system} is the whole system prompt as text. {@code systemBlocks} is empty unless a caller
 * put a prompt-cache breakpoint on one of several system blocks; then it keeps those blocks apart, each
 * with its own {@link CacheControl}, so a breakpoint stays where it was put, and {@code system} is
 * their texts joined by blank lines.
 */
public record ChatRequest(
        String model,
        String system,
        List<Content.Text> systemBlocks,
        List<Message> messages,
        Integer maxTokens,
        Double temperature,
        Double topP,
        Integer topK,
        List<String> stop,
        List<ToolDefinition> tools,
        ToolChoice toolChoice,
        Reasoning reasoning,
        boolean stream,
        boolean includeUsage,
        String contextId,
        Passthrough passthrough) {

    public ChatRequest {
        Objects.requireNonNull(model, "model");
        systemBlocks = systemBlocks == null ? List.of() : List.copyOf(systemBlocks);
        if (!systemBlocks.isEmpty() && (system == null || system.length() != joinedLength(systemBlocks))) {
            throw new IllegalArgumentException("system must be the system blocks' texts joined by blank lines");
        }
        messages = List.copyOf(messages);
        stop = stop == null ? List.of() : List.copyOf(stop);
        tools = tools == null ? List.of() : List.copyOf(tools);
        Objects.requireNonNull(passthrough, "passthrough");
    }

    /** A plain request: no tools, no sampling options. Handy for summaries and tests. */
    public static ChatRequest simple(String model, List<Message> messages, Dialect dialect) {
        return new ChatRequest(model, null, null, messages, null, null, null, null, null, null, null, null,
                false, false, null, Passthrough.none(dialect));
    }

    public ChatRequest withModel(String newModel) {
        return new ChatRequest(newModel, system, systemBlocks, messages, maxTokens, temperature, topP, topK, stop,
                tools, toolChoice, reasoning, stream, includeUsage, contextId, passthrough);
    }

    /** Another system prompt, as one text (without system blocks), and other messages. */
    public ChatRequest withConversation(String newSystem, List<Message> newMessages) {
        return withConversation(newSystem, List.of(), newMessages);
    }

    /** Another system prompt, kept in {@code newSystemBlocks} when those are not empty, and other messages. */
    public ChatRequest withConversation(
            String newSystem, List<Content.Text> newSystemBlocks, List<Message> newMessages) {
        return new ChatRequest(model, newSystem, newSystemBlocks, newMessages, maxTokens, temperature, topP, topK, stop,
                tools, toolChoice, reasoning, stream, includeUsage, contextId, passthrough);
    }

    public ChatRequest withStream(boolean newStream) {
        return new ChatRequest(model, system, systemBlocks, messages, maxTokens, temperature, topP, topK, stop, tools,
                toolChoice, reasoning, newStream, includeUsage, contextId, passthrough);
    }

    public ChatRequest withContextId(String newContextId) {
        return new ChatRequest(model, system, systemBlocks, messages, maxTokens, temperature, topP, topK, stop, tools,
                toolChoice, reasoning, stream, includeUsage, newContextId, passthrough);
    }

    public ChatRequest withMaxTokens(Integer newMaxTokens) {
        return new ChatRequest(model, system, systemBlocks, messages, newMaxTokens, temperature, topP, topK, stop,
                tools, toolChoice, reasoning, stream, includeUsage, contextId, passthrough);
    }

    public Dialect sourceDialect() {
        return passthrough.dialect();
    }

    /** How many prompt-cache breakpoints the caller put on its system blocks, tools and messages. */
    public int cacheBreakpoints() {
        int n = 0;
        for (Content.Text block : systemBlocks) {
            n += block.cacheControl() == null ? 0 : 1;
        }
        for (ToolDefinition tool : tools) {
            n += tool.cacheControl() == null ? 0 : 1;
        }
        for (Message message : messages) {
            n += breakpoints(message.content());
        }
        return n;
    }

    private static int breakpoints(List<Content> blocks) {
        int n = 0;
        for (Content block : blocks) {
            n += block.cacheControl() == null ? 0 : 1;
            if (block instanceof Content.ToolResult result) {
                n += breakpoints(result.content());
            }
        }
        return n;
    }

    /** The length of the blocks' texts joined by blank lines, without joining them. */
    private static int joinedLength(List<Content.Text> blocks) {
        int length = 2 * (blocks.size() - 1);
        for (Content.Text block : blocks) {
            length += block.text().length();
        }
        return length;
    }
}
