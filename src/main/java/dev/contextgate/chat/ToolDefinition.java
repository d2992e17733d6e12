package dev.contextgate.chat;

import java.util.Objects;

/**
 * A function the model may call; {@code inputSchemaJson} is a JSON Schema object as text, and
 * {@code cacheControl} the caller's prompt-cache breakpoint on it, or null.
 */
public record ToolDefinition(String name, String description, String inputSchemaJson, CacheControl cacheControl) {
    public ToolDefinition {
        Objects.requireNonNull(name, "name");
        inputSchemaJson = inputSchemaJson == null ? "{\"type\":\"object\",\"properties\":{}}" : inputSchemaJson;
    }

    public ToolDefinition(String name, String description, String inputSchemaJson) {
        this(name, description, inputSchemaJson, null);
    }
}
