package dev.contextgate.provider;

import dev.contextgate.chat.StreamEvent;
import java.util.Iterator;

/** A stream served from a body that arrived whole. */
final class WholeAnswerStream implements EventStream {
    private final Iterator<StreamEvent> events;

    WholeAnswerStream(Iterator<StreamEvent> events) {
        this.events = events;
    }

    @Override
    public StreamEvent next() {
        return events.hasNext() ? events.next() : null;
    }

    @Override
    public boolean ready() {
        return events.hasNext();
    }

    @Override
    public void close() {}
}
