package dev.contextgate.server;

import dev.contextgate.chat.ChatRequest;
import dev.contextgate.chat.ChatResponse;
import dev.contextgate.chat.Content;
import dev.contextgate.chat.GatewayError;
import dev.contextgate.chat.StopReason;
import dev.contextgate.chat.StreamEvent;
import dev.contextgate.chat.Usage;
import dev.contextgate.provider.EventStream;
import dev.contextgate.provider.Provider;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * A provider the tests steer: what {@link #stream} does is a script of events; a gate can hold the
 * stream's end until the test has seen its beginning; {@link #closed} counts down when a stream is closed.
 */
final class FakeProvider implements Provider {

    /** Produces the stream's events; index -> event, null to end. */
    final AtomicReference<Function<Integer, StreamEvent>> script = new AtomicReference<>(FakeProvider::shortAnswer);
    final AtomicReference<RuntimeException> failOnCall = new AtomicReference<>();
    final CountDownLatch closed = new CountDownLatch(1);
    final AtomicReference<ChatRequest> lastRequest = new AtomicReference<>();

    @Override
    public String name() {
        return "fake";
    }

    @Override
    public ChatResponse complete(ChatRequest request) {
        lastRequest.set(request);
        RuntimeException failure = failOnCall.get();
        if (failure != null) {
            throw failure;
        }
        return new ChatResponse("resp_1", request.model(), List.of(new Content.Text("hello")),
                StopReason.END_TURN, null, Usage.of(3, 1));
    }

    @Override
    public EventStream stream(ChatRequest request) {
        lastRequest.set(request);
        RuntimeException failure = failOnCall.get();
        if (failure != null) {
            throw failure;
        }
        Function<Integer, StreamEvent> events = script.get();
        return new EventStream() {
            private int index;
            private boolean stopped;

            @Override
            public StreamEvent next() {
                if (stopped) {
                    return null;
                }
                StreamEvent event = events.apply(index++);
                stopped = event == null || event instanceof StreamEvent.Stop;
                return event;
            }

            @Override
            public void close() {
                closed.countDown();
            }
        };
    }

    static StreamEvent shortAnswer(int i) {
        return switch (i) {
            case 0 -> new StreamEvent.Start("resp_1", "fake-upstream", Usage.of(3, 0));
            case 1 -> new StreamEvent.BlockStart(0, new StreamEvent.Block.Text());
            case 2 -> new StreamEvent.TextDelta(0, "hel");
            case 3 -> new StreamEvent.TextDelta(0, "lo");
            case 4 -> new StreamEvent.BlockStop(0);
            case 5 -> new StreamEvent.Delta(StopReason.END_TURN, null, Usage.of(3, 2));
            case 6 -> new StreamEvent.Stop();
            default -> null;
        };
    }

    /** The short answer, but everything after the first event waits for {@code gate}. */
    static Function<Integer, StreamEvent> gated(CountDownLatch gate) {
        return i -> {
            if (i == 1) {
                await(gate);
            }
            return shortAnswer(i);
        };
    }

    /** Starts, then sends text forever (until closed), a little at a time. */
    static StreamEvent endless(int i) {
        if (i == 0) {
            return shortAnswer(0);
        }
        if (i == 1) {
            return shortAnswer(1);
        }
        pause();
        return new StreamEvent.TextDelta(0, "token " + i + " ");
    }

    /** Starts, sends one delta, then fails as a cut upstream does. */
    static StreamEvent failsMidway(int i) {
        if (i < 3) {
            return shortAnswer(i);
        }
        throw new GatewayError(GatewayError.Kind.UPSTREAM_FAILED, "the upstream stream was cut");
    }

    private static void await(CountDownLatch gate) {
        try {
            if (!gate.await(10, TimeUnit.SECONDS)) {
                throw new GatewayError(GatewayError.Kind.TIMEOUT, "the test never saw the first event");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
