package dev.contextgate.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Folds a stream's events into the complete answer, so that a streamed reply can be committed to a
 * context and a non-streaming caller can be served from a streaming upstream. Not thread-safe: one per stream.
 */
public final class ResponseAssembler {

    private String id = "";
    private String model = "";
    private Usage usage = Usage.ZERO;
    private StopReason stopReason;
    private String stopSequence;
    private boolean stopped;
    private final Map<Integer, BlockBuilder> blocks = new TreeMap<>();

    public void accept(StreamEvent event) {
        switch (event) {
            case StreamEvent.Start s -> {
                id = s.id();
                model = s.model();
                usage = usage.plus(s.usage());
            }
            case StreamEvent.BlockStart b -> blocks.put(b.index(), new BlockBuilder(b.block()));
            case StreamEvent.TextDelta d -> block(d.index()).text.append(d.text());
            case StreamEvent.ToolArgumentsDelta d -> block(d.index()).text.append(d.partialJson());
            case StreamEvent.ThinkingDelta d -> block(d.index()).text.append(d.text());
            case StreamEvent.SignatureDelta d -> block(d.index()).signature.append(d.signature());
            case StreamEvent.BlockStop b -> { }
            case StreamEvent.Delta d -> {
                stopReason = d.stopReason();
                stopSequence = d.stopSequence();
                usage = usage.plus(d.usage());
            }
            case StreamEvent.Stop s -> stopped = true;
        }
    }

    /** True once the upstream said the stream is over. */
    public boolean complete() {
        return stopped;
    }

    public ChatResponse response() {
        List<Content> content = new ArrayList<>(blocks.size());
        for (BlockBuilder b : blocks.values()) {
            content.add(b.build());
        }
        return new ChatResponse(id, model, content, stopReason == null ? StopReason.END_TURN : stopReason,
                stopSequence, usage);
    }

    /** The events a stream of {@code response} would carry, for upstreams that answered in one piece. */
    public static List<StreamEvent> events(ChatResponse response) {
        List<StreamEvent> events = new ArrayList<>();
        events.add(new StreamEvent.Start(response.id(), response.model(),
                new Usage(response.usage().inputTokens(), 0, response.usage().cacheReadTokens(),
                        response.usage().cacheWriteTokens(), 0)));
        int index = 0;
        for (Content c : response.content()) {
            switch (c) {
                case Content.Text t -> {
                    events.add(new StreamEvent.BlockStart(index, new StreamEvent.Block.Text()));
                    events.add(new StreamEvent.TextDelta(index, t.text()));
                }
                case Content.ToolUse u -> {
                    events.add(new StreamEvent.BlockStart(index, new StreamEvent.Block.ToolUse(u.id(), u.name())));
                    events.add(new StreamEvent.ToolArgumentsDelta(index, u.inputJson()));
                }
                case Content.Thinking t -> {
                    events.add(new StreamEvent.BlockStart(index, new StreamEvent.Block.Thinking()));
                    events.add(new StreamEvent.ThinkingDelta(index, t.text()));
                    if (t.signature() != null) {
                        events.add(new StreamEvent.SignatureDelta(index, t.signature()));
                    }
                }
                case Content.RedactedThinking r ->
                        events.add(new StreamEvent.BlockStart(index, new StreamEvent.Block.RedactedThinking(r.data())));
                case Content.Image i -> {
                    continue;
                }
                case Content.ToolResult r -> {
                    continue;
                }
            }
            events.add(new StreamEvent.BlockStop(index));
            index++;
        }
        events.add(new StreamEvent.Delta(response.stopReason(), response.stopSequence(), response.usage()));
        events.add(new StreamEvent.Stop());
        return events;
    }

    private BlockBuilder block(int index) {
        BlockBuilder b = blocks.get(index);
        if (b == null) {
            throw new GatewayError(GatewayError.Kind.UPSTREAM_FAILED,
                    "the upstream stream sent a delta for block " + index + " before opening it");
        }
        return b;
    }

    private static final class BlockBuilder {
        final StreamEvent.Block kind;
        final StringBuilder text = new StringBuilder();
        final StringBuilder signature = new StringBuilder();

        BlockBuilder(StreamEvent.Block kind) {
            this.kind = kind;
        }

        Content build() {
            return switch (kind) {
                case StreamEvent.Block.Text t -> new Content.Text(text.toString());
                case StreamEvent.Block.ToolUse u -> new Content.ToolUse(u.id(), u.name(), text.toString());
                case StreamEvent.Block.Thinking t ->
                        new Content.Thinking(text.toString(), signature.isEmpty() ? null : signature.toString());
                case StreamEvent.Block.RedactedThinking r -> new Content.RedactedThinking(r.data());
            };
        }
    }
}
