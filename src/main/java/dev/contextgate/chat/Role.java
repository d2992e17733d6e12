package dev.contextgate.chat;

/** Who wrote a message. System prompts are not messages: they live in {@link ChatRequest#system()}. */
public enum Role {
    USER,
    ASSISTANT
}
