package dev.contextgate.chat;

import java.util.List;
import java.util.Objects;

/**
 * One call to a model, whatever dialect it arrived in. {@code model} is the name the caller asked for
 * until the router replaces it with the upstream's own name. Optional numbers are null when not sent.
 */
public record ChatRequest(
        String model,
        String system,
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
        messages = List.copyOf(messages);
        stop = stop == null ? List.of() : List.copyOf(stop);
        tools = tools == null ? List.of() : List.copyOf(tools);
        Objects.requireNonNull(passthrough, "passthrough");
    }

    /** A plain request: no tools, no sampling options. Handy for summaries and tests. */
    public static ChatRequest simple(String model, List<Message> messages, Dialect dialect) {
        return new ChatRequest(model, null, messages, null, null, null, null, null, null, null, null,
                false, false, null, Passthrough.none(dialect));
    }

    public ChatRequest withModel(String newModel) {
        return new ChatRequest(newModel, system, messages, maxTokens, temperature, topP, topK, stop, tools,
                toolChoice, reasoning, stream, includeUsage, contextId, passthrough);
    }

    public ChatRequest withConversation(String newSystem, List<Message> newMessages) {
        return new ChatRequest(model, newSystem, newMessages, maxTokens, temperature, topP, topK, stop, tools,
                toolChoice, reasoning, stream, includeUsage, contextId, passthrough);
    }

    public ChatRequest withStream(boolean newStream) {
        return new ChatRequest(model, system, messages, maxTokens, temperature, topP, topK, stop, tools,
                toolChoice, reasoning, newStream, includeUsage, contextId, passthrough);
    }

    public ChatRequest withContextId(String newContextId) {
        return new ChatRequest(model, system, messages, maxTokens, temperature, topP, topK, stop, tools,
                toolChoice, reasoning, stream, includeUsage, newContextId, passthrough);
    }

    public ChatRequest withMaxTokens(Integer newMaxTokens) {
        return new ChatRequest(model, system, messages, newMaxTokens, temperature, topP, topK, stop, tools,
                toolChoice, reasoning, stream, includeUsage, contextId, passthrough);
    }

    public Dialect sourceDialect() {
        return passthrough.dialect();
    }
}
