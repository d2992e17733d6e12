package dev.contextgate.chat;

import java.util.Objects;

/**
 * A streamed answer as a sequence of block events, shaped like Anthropic's stream because it carries
 * the most structure: {@code Start, (BlockStart, delta*, BlockStop)*, Delta, Stop}. OpenAI chunks are
 * decoded into it and encoded from it. Block indexes count from 0 in order of appearance.
 */
public sealed interface StreamEvent {

    /** The answer begins; {@code usage} carries the input tokens when the upstream knows them yet. */
    record Start(String id, String model, Usage usage) implements StreamEvent {
        public Start {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(model, "model");
            usage = usage == null ? Usage.ZERO : usage;
        }
    }

    /** A content block opens. */
    record BlockStart(int index, Block block) implements StreamEvent {}

    record TextDelta(int index, String text) implements StreamEvent {}

    /** A piece of a tool call's arguments (JSON text, not valid on its own). */
    record ToolArgumentsDelta(int index, String partialJson) implements StreamEvent {}

    record ThinkingDelta(int index, String text) implements StreamEvent {}

    record SignatureDelta(int index, String signature) implements StreamEvent {}

    record BlockStop(int index) implements StreamEvent {}

    /** The answer's end state: why it stopped and the final usage. */
    record Delta(StopReason stopReason, String stopSequence, Usage usage) implements StreamEvent {}

    /** The stream ended cleanly. */
    record Stop() implements StreamEvent {}

    /** The kinds of block a stream opens. */
    sealed interface Block {
        record Text() implements Block {}

        record ToolUse(String id, String name) implements Block {}

        record Thinking() implements Block {}

        record RedactedThinking(String data) implements Block {}
    }
}
