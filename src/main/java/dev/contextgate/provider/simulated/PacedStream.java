package dev.contextgate.provider.simulated;

import dev.contextgate.chat.StreamEvent;
import dev.contextgate.provider.EventStream;
import java.util.List;

/** Hands out precomputed events at a model's pace: the latency before the first token, then the token rate. */
final class PacedStream implements EventStream {

    private final List<StreamEvent> events;
    private final SimulatedProvider pacer;
    private int position;
    private boolean firstTokenSent;
    private volatile boolean closed;

    PacedStream(List<StreamEvent> events, SimulatedProvider pacer) {
        this.events = events;
        this.pacer = pacer;
    }

    @Override
    public StreamEvent next() {
        if (closed || position >= events.size()) {
            return null;
        }
        StreamEvent event = events.get(position);
        if (event instanceof StreamEvent.TextDelta || event instanceof StreamEvent.ToolArgumentsDelta) {
            pacer.pause(firstTokenSent ? pacer.tokenPause() : pacer.latencyPause());
            firstTokenSent = true;
            if (closed) {
                return null;
            }
        }
        position++;
        return event;
    }

    @Override
    public void close() {
        closed = true;
    }
}
