package dev.contextgate.provider;

import dev.contextgate.chat.ChatRequest;

/** A provider that can count a request's input tokens exactly (Anthropic's {@code count_tokens}). */
public interface TokenCounter {

    int countTokens(ChatRequest request);
}
