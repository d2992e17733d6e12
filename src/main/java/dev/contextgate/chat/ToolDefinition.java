package dev.contextgate.chat;

import java.util.Objects;

/** A function the model may call; {@code inputSchemaJson} is a JSON Schema object as text. */
public record ToolDefinition(String name, String description, String inputSchemaJson) {
    public ToolDefinition {
        Objects.requireNonNull(name, "name");
        inputSchemaJson = inputSchemaJson == null ? "{\"type\":\"object\",\"properties\":{}}" : inputSchemaJson;
    }
}
