package dev.contextgate.provider;

import dev.contextgate.chat.ChatRequest;
import dev.contextgate.chat.GatewayError;
import dev.contextgate.chat.GatewayError.Kind;
import dev.contextgate.chat.StreamEvent;

/**
 * A stream that retries and falls back only until its first event is handed to the caller: the
 * server sends nothing before that event, so the client has seen nothing of a failed attempt. Once
 * an event is out, a failure is the caller's, as it is. {@link #close()} may come from another thread
 * (the client left): it closes the attempt in flight and wakes a backoff sleep.
 */
final class ResilientStream implements EventStream {

    private record Opened(EventStream events, StreamEvent first, Deployment.Lease lease) {}

    private final ChatRequest request;
    private final CallPlan plan;
    private final Cancellation cancellation = new Cancellation();
    private final Watchdog.Timer deadline;
    private volatile boolean timedOut;
    private volatile Opened opened;
    private boolean firstHandedOut;
    private boolean ended;

    ResilientStream(ResilientProvider provider, ChatRequest request) {
        this.request = request;
        this.plan = provider.plan(cancellation);
        this.deadline = Watchdog.after(plan.remaining(), () -> {
            timedOut = true;
            cancellation.cancel();
        });
    }

    @Override
    public StreamEvent next() {
        if (ended) {
            return null;
        }
        try {
            if (opened == null) {
                opened = plan.run(this::open);
            }
            if (!firstHandedOut) {
                firstHandedOut = true;
                return deliver(opened.first);
            }
            StreamEvent event = opened.events.next();
            if (event == null && !(timedOut || cancellation.cancelled())) {
                throw new GatewayError(Kind.UPSTREAM_FAILED, "the upstream stream ended before it was complete");
            }
            return deliver(event);
        } catch (GatewayError e) {
            ended = true;
            if (opened != null) {
                opened.lease.failed(e);
            }
            close();
            throw timedOut ? plan.totalTimeout(e) : e;
        }
    }

    @Override
    public boolean ready() {
        Opened o = opened;
        return !ended && o != null && (!firstHandedOut || o.events.ready());
    }

    private StreamEvent deliver(StreamEvent event) {
        if (event == null && timedOut) {
            throw plan.totalTimeout(null);
        }
        if (event == null || event instanceof StreamEvent.Stop) {
            ended = true;
            if (event != null) {
                opened.lease.succeeded();
            }
            close();
        }
        return event;
    }

    /** One attempt: open the upstream stream and wait for its first event, which proves it answers. */
    private Opened open(Deployment d, Deployment.Lease lease) {
        EventStream events = d.provider().stream(request.withModel(d.model()));
        cancellation.track(events);
        try {
            StreamEvent first = events.next();
            if (first == null) {
                throw new GatewayError(timedOut ? Kind.TIMEOUT : Kind.UPSTREAM_FAILED,
                        "the upstream stream from '" + d.provider().name() + "' ended before its first event");
            }
            return new Opened(events, first, lease);
        } catch (GatewayError e) {
            cancellation.untrack(events);
            events.close();
            throw e;
        }
    }

    /** The caller is done with the stream, or gone: what fails after this is not the deployment's fault. */
    @Override
    public void close() {
        deadline.cancel();
        cancellation.abandon();
        Opened o = opened;
        if (o != null) {
            o.lease.released();
        }
    }
}
