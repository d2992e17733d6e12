package dev.contextgate.config;

import java.util.Objects;

/**
 * The gateway-wide summary policy (file key {@code summarize}) for contexts that set none of their own:
 * once a context's unsummarized history passes {@code afterTokens}, its oldest turns are summarized by
 * {@code model} in the background.
 */
public record SummarizeConfig(String model, int afterTokens) {
    public SummarizeConfig {
        Objects.requireNonNull(model, "model");
        if (afterTokens < 1) {
            throw new IllegalArgumentException("after_tokens must be at least 1");
        }
    }
}
