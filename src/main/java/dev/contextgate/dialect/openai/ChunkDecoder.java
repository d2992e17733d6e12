package dev.contextgate.dialect.openai;

import dev.contextgate.chat.StopReason;
import dev.contextgate.chat.StreamEvent;
import dev.contextgate.chat.Usage;
import dev.contextgate.dialect.StreamDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An upstream's {@code chat.completion.chunk} events to canonical block events. OpenAI has no blocks,
 * so they are made here: reasoning, text and each tool call open a block when the previous one was of
 * another kind (or another call), closing the open one; block indexes count 0, 1, 2... in order of
 * opening. The end state (finish_reason, usage) is kept until {@code [DONE]}. Not thread-safe.
 */
final class ChunkDecoder implements StreamDecoder {

    private enum Kind { TEXT, THINKING, TOOL }

    private static final byte[] DONE = "[DONE]".getBytes(StandardCharsets.US_ASCII);

    private boolean started;
    private int nextIndex;
    private int openIndex = -1;
    private Kind openKind;
    /** OpenAI's tool_calls[].index to our block index. */
    private final Map<Integer, Integer> toolBlocks = new HashMap<>();
    private StopReason stopReason;
    private Usage usage = Usage.ZERO;
    private boolean done;

    @Override
    public List<StreamEvent> decode(String event, byte[] data, int offset, int length) {
        List<StreamEvent> out = new ArrayList<>(3);
        if (done) {
            return out;
        }
        int from = offset;
        int to = data == null ? offset : offset + length;
        while (from < to && isBlank(data[from])) {
            from++;
        }
        while (to > from && isBlank(data[to - 1])) {
            to--;
        }
        if (from == to) {
            return out;
        }
        if (Arrays.equals(data, from, to, DONE, 0, DONE.length)) {
            done = true;
            start(out, "", "");
            close(out);
            out.add(new StreamEvent.Delta(stopReason == null ? StopReason.END_TURN : stopReason, null, usage));
            out.add(new StreamEvent.Stop());
            return out;
        }
        ChunkReader.Chunk chunk = ChunkReader.read(data, from, to);
        if (chunk.error() != null) {
            throw ErrorCodec.decodeStreamError(chunk.error());
        }
        start(out, chunk.id(), chunk.model());
        if (chunk.usage() != null) {
            usage = ResponseCodec.usage(chunk.usage());
        }
        ChunkReader.Choice choice = chunk.choice();
        if (choice != null) {
            if (choice.delta() != null) {
                delta(out, choice.delta());
            }
            if (choice.finishReason() != null) {
                stopReason = ResponseCodec.stopReason(choice.finishReason());
            }
        }
        return out;
    }

    /**
     * What {@link String#strip()} strips, as far as ASCII goes: space, tab, LF, VT, FF, CR and the
     * separators U+001C-U+001F. strip() also takes the Unicode spaces beyond ASCII (U+2000-U+200A,
     * U+3000...); they are left here so that the bytes need no decoding, and a chunk padded with them fails
     * as bad JSON instead of being read. Servers write JSON and a line end, never such padding.
     */
    private static boolean isBlank(byte b) {
        return b >= 0 && b <= ' ' && Character.isWhitespace(b);
    }

    private void start(List<StreamEvent> out, String id, String model) {
        if (!started) {
            started = true;
            out.add(new StreamEvent.Start(id, model, Usage.ZERO));
        }
    }

    private void delta(List<StreamEvent> out, ChunkReader.Delta delta) {
        String reasoning = delta.reasoning();
        if (reasoning != null && !reasoning.isEmpty()) {
            open(out, Kind.THINKING, new StreamEvent.Block.Thinking());
            out.add(new StreamEvent.ThinkingDelta(openIndex, reasoning));
        }
        for (String text : new String[] {delta.content(), delta.refusal()}) {
            if (text != null && !text.isEmpty()) {
                open(out, Kind.TEXT, new StreamEvent.Block.Text());
                out.add(new StreamEvent.TextDelta(openIndex, text));
            }
        }
        for (ChunkReader.ToolCall call : delta.toolCalls()) {
            toolCall(out, call);
        }
    }

    private void toolCall(List<StreamEvent> out, ChunkReader.ToolCall call) {
        Integer block = toolBlocks.get(call.index());
        if (block == null) {
            String id = call.id();
            if (id.isEmpty()) {
                id = "call_" + call.index(); // some compatible servers never send one
            }
            close(out);
            block = nextIndex++;
            openIndex = block;
            openKind = Kind.TOOL;
            toolBlocks.put(call.index(), block);
            out.add(new StreamEvent.BlockStart(block, new StreamEvent.Block.ToolUse(id, call.name())));
        }
        String arguments = call.arguments();
        if (arguments != null && !arguments.isEmpty()) {
            out.add(new StreamEvent.ToolArgumentsDelta(block, arguments));
        }
    }

    /** Opens a block of {@code kind} unless one is open already (tool calls always open their own). */
    private void open(List<StreamEvent> out, Kind kind, StreamEvent.Block block) {
        if (openIndex >= 0 && openKind == kind) {
            return;
        }
        close(out);
        openIndex = nextIndex++;
        openKind = kind;
        out.add(new StreamEvent.BlockStart(openIndex, block));
    }

    private void close(List<StreamEvent> out) {
        if (openIndex >= 0) {
            out.add(new StreamEvent.BlockStop(openIndex));
            openIndex = -1;
            openKind = null;
        }
    }
}
