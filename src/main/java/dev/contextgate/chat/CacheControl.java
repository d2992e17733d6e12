package dev.contextgate.chat;

import java.util.Objects;

/**
 * A prompt-cache breakpoint a caller put on one element of its request: Anthropic's {@code cache_control}
 * ({@code {"type":"ephemeral"}}, {@code {"type":"ephemeral","ttl":"1h"}}). Kept as the caller's own JSON
 * object text, not read field by field, so fields Anthropic adds later reach it unchanged. Only the
 * Anthropic codec writes it upstream; other upstreams cache prompt prefixes by themselves and get none.
 * A context never stores it with its messages.
 *
 * @param json a JSON object as text
 */
public record CacheControl(String json) {
    public CacheControl {
        Objects.requireNonNull(json, "json");
    }
}
