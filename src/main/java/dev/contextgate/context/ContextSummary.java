package dev.contextgate.context;

import java.util.Objects;

/**
 * A summary standing in for every message with {@code seq <= throughSeq}.
 *
 * @param tokens its own size, so that fitting never re-tokenizes it
 */
public record ContextSummary(String text, long throughSeq, int tokens) {
    public static final ContextSummary NONE = new ContextSummary("", 0, 0);

    public ContextSummary {
        Objects.requireNonNull(text, "text");
    }

    public boolean isEmpty() {
        return throughSeq == 0;
    }
}
