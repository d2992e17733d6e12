package dev.contextgate.context;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A change to a context's settings. An absent field keeps the old value; for {@code system} and
 * {@code maxTokens} and {@code summarize} a present empty Optional clears it.
 */
public record ContextPatch(
        Optional<String> system,
        List<String> pins,
        Map<String, String> metadata,
        Optional<Integer> maxTokens,
        Optional<SummaryPolicy> summarize) {

    public static final ContextPatch NONE = new ContextPatch(null, null, null, null, null);
}
