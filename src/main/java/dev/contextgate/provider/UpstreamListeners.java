package dev.contextgate.provider;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.BufferingResponseListener;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;

/**
 * How {@link HttpUpstream} waits on Jetty's client without a timed wait: each call's limits are
 * {@link Watchdog} timers that abort it, and the caller blocks, untimed, on a future these complete.
 * These listeners run on the client's selector thread (the transport is declared non-blocking), so they
 * must never block: a wait here would stall every upstream call of the provider.
 */
final class UpstreamListeners {

    private UpstreamListeners() {}

    /** The one time limit armed at a time for a call; the one that ran out aborts it and is remembered. */
    static final class Limits {
        private final Request request;
        private volatile Watchdog.Timer timer;
        volatile Duration hit;

        Limits(Request request) {
            this.request = request;
        }

        void arm(Duration limit) {
            timer = Watchdog.after(limit, () -> {
                hit = limit;
                request.abort(new TimeoutException("no answer within " + limit));
            });
        }

        /** Disarms the current limit and arms {@code next}, unless the current one already fired. */
        void rearm(Duration next) {
            if (timer.cancel()) {
                arm(next);
            }
        }

        void cancel() {
            Watchdog.Timer t = timer;
            if (t != null) {
                t.cancel();
            }
        }
    }

    /** Buffers a whole answer: the headers within the first-byte limit, the body within the call limit after. */
    static final class WholeBody extends BufferingResponseListener {
        final CompletableFuture<Result> done = new CompletableFuture<>();
        final Limits limits;
        /** When the answer was complete, on the client's thread: the caller's wake-up after it is ours. */
        volatile long completedNanos;
        private final Duration callTimeout;

        WholeBody(Request request, HttpUpstream.Settings settings, int maxBody) {
            super(maxBody);
            this.limits = new Limits(request);
            this.callTimeout = settings.callTimeout();
            limits.arm(settings.firstByteTimeout());
        }

        @Override
        public void onHeaders(Response response) {
            super.onHeaders(response);
            limits.rearm(callTimeout);
        }

        @Override
        public void onComplete(Result result) {
            completedNanos = System.nanoTime();
            limits.cancel();
            if (result.isFailed()) {
                done.completeExceptionally(result.getFailure());
            } else {
                done.complete(result);
            }
        }
    }

    /** A streamed answer: the caller waits for its headers (within the first-byte limit), then reads. */
    static final class StreamedBody extends InputStreamResponseListener {
        final CompletableFuture<Response> headers = new CompletableFuture<>();
        final Limits limits;
        /** When the headers came, on the client's thread. */
        volatile long headersNanos;

        StreamedBody(Request request, Duration firstByteTimeout) {
            this.limits = new Limits(request);
            limits.arm(firstByteTimeout);
        }

        @Override
        public void onHeaders(Response response) {
            headersNanos = System.nanoTime();
            limits.cancel();
            super.onHeaders(response);
            headers.complete(response);
        }

        @Override
        public void onComplete(Result result) {
            super.onComplete(result);
            if (result.isFailed()) {
                headers.completeExceptionally(result.getFailure());
            }
        }
    }
}
