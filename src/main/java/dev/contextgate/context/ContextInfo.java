package dev.contextgate.context;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A context as stored, without its messages.
 *
 * @param owner the client key name that created it ({@code ""} when no keys are configured)
 * @param maxTokens the cap on history tokens sent upstream, or null for "the model's window decides"
 * @param metadata string values only, as OpenAI's {@code metadata}, so every store keeps it the same way
 * @param summarize this context's own summary policy, or null for the gateway's default
 */
public record ContextInfo(
        String id,
        String owner,
        Instant createdAt,
        Instant updatedAt,
        String system,
        List<String> pins,
        Map<String, String> metadata,
        Integer maxTokens,
        int messageCount,
        long tokenCount,
        SummaryPolicy summarize) {

    public ContextInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(owner, "owner");
        pins = List.copyOf(pins);
        metadata = Map.copyOf(metadata);
    }
}
