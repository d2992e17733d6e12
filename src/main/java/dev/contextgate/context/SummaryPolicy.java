package dev.contextgate.context;

import java.util.Objects;

/**
 * When and by whom a context's old turns are summarized: once its unsummarized history passes
 * {@code afterTokens}, the oldest whole turns are folded into a summary made by {@code model}.
 */
public record SummaryPolicy(String model, int afterTokens) {
    public SummaryPolicy {
        Objects.requireNonNull(model, "model");
        if (afterTokens < 1) {
            throw new IllegalArgumentException("after_tokens must be at least 1");
        }
    }
}
