package dev.contextgate.chat;

import java.util.List;
import java.util.Objects;

/** A complete answer. {@code model} is the upstream's name for the model that answered. */
public record ChatResponse(
        String id, String model, List<Content> content, StopReason stopReason, String stopSequence, Usage usage) {

    public ChatResponse {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(model, "model");
        content = List.copyOf(content);
        Objects.requireNonNull(stopReason, "stopReason");
        usage = usage == null ? Usage.ZERO : usage;
    }

    public Message asMessage() {
        return new Message(Role.ASSISTANT, content);
    }

    public ChatResponse withModel(String newModel) {
        return new ChatResponse(id, newModel, content, stopReason, stopSequence, usage);
    }
}
