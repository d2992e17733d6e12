package dev.contextgate.chat;

/**
 * Tokens billed for one call. {@code inputTokens} counts every prompt token, cached ones included
 * (OpenAI's {@code prompt_tokens}); Anthropic reports cache reads and writes apart and its codec adds them.
 */
public record Usage(int inputTokens, int outputTokens, int cacheReadTokens, int cacheWriteTokens, int reasoningTokens) {
    public static final Usage ZERO = new Usage(0, 0, 0, 0, 0);

    public static Usage of(int inputTokens, int outputTokens) {
        return new Usage(inputTokens, outputTokens, 0, 0, 0);
    }

    public int totalTokens() {
        return inputTokens + outputTokens;
    }

    /** Combines the input side of a stream's start with the output side of its end. */
    public Usage plus(Usage other) {
        return new Usage(
                Math.max(inputTokens, other.inputTokens),
                Math.max(outputTokens, other.outputTokens),
                Math.max(cacheReadTokens, other.cacheReadTokens),
                Math.max(cacheWriteTokens, other.cacheWriteTokens),
                Math.max(reasoningTokens, other.reasoningTokens));
    }
}
