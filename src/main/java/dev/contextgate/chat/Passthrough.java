package dev.contextgate.chat;

import java.util.Map;
import java.util.Objects;

/**
 * What a caller sent that the canonical model does not know: top-level body fields (name to raw JSON
 * text) and provider headers such as {@code anthropic-beta}. They reach an upstream only when it speaks
 * the caller's {@code dialect}; translation to the other dialect drops them, and says so in the log.
 */
public record Passthrough(Dialect dialect, Map<String, String> fields, Map<String, String> headers) {
    public Passthrough {
        Objects.requireNonNull(dialect, "dialect");
        fields = Map.copyOf(fields);
        headers = Map.copyOf(headers);
    }

    public static Passthrough none(Dialect dialect) {
        return new Passthrough(dialect, Map.of(), Map.of());
    }

    public boolean isEmpty() {
        return fields.isEmpty() && headers.isEmpty();
    }
}
