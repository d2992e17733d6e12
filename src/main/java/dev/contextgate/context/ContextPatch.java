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

    /** The context with this patch applied, changed at {@code now}. */
    public ContextInfo applyTo(ContextInfo old, java.time.Instant now) {
        return new ContextInfo(old.id(), old.owner(), old.createdAt(), now,
                system == null ? old.system() : system.orElse(null),
                pins == null ? old.pins() : pins,
                metadata == null ? old.metadata() : metadata,
                maxTokens == null ? old.maxTokens() : maxTokens.orElse(null),
                old.messageCount(), old.tokenCount(),
                summarize == null ? old.summarize() : summarize.orElse(null));
    }
}
