package dev.contextgate.chat;

import java.util.Objects;

/** How the model may use tools. {@code parallel == false} asks for at most one call per turn. */
public sealed interface ToolChoice {
    boolean parallel();

    /** The model decides (OpenAI {@code auto}, Anthropic {@code auto}). */
    record Auto(boolean parallel) implements ToolChoice {}

    /** The model must call some tool (OpenAI {@code required}, Anthropic {@code any}). */
    record Required(boolean parallel) implements ToolChoice {}

    /** The model must not call tools. */
    record None() implements ToolChoice {
        @Override
        public boolean parallel() {
            return true;
        }
    }

    /** The model must call this tool. */
    record Named(String name, boolean parallel) implements ToolChoice {
        public Named {
            Objects.requireNonNull(name, "name");
        }
    }
}
