package dev.contextgate.provider;

import dev.contextgate.chat.ChatRequest;
import java.util.OptionalInt;

/**
 * A provider that counts a request's input tokens exactly where it can (Anthropic's {@code count_tokens}).
 * Empty means "not exactly here": a routed model whose call ended on a deployment that cannot count (an
 * OpenAI-type provider), or that has no such deployment within reach. The caller then estimates, as it does for
 * a provider that is no {@code TokenCounter} at all; the provider never estimates itself, so that one place
 * (the route) owns the estimate.
 */
public interface TokenCounter {

    OptionalInt countTokens(ChatRequest request);
}
