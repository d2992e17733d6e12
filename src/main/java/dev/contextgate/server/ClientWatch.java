package dev.contextgate.server;

import dev.contextgate.provider.Watchdog;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.AbstractEndPoint;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/**
 * Notices a client that leaves while its handler waits on an upstream and writes nothing, and then runs an
 * action at once (from another thread) that cancels the upstream call. Used between the body read and the
 * first write; stopped before anything is written.
 *
 * <p>What Jetty 12 tells a blocked handler (checked by ClientGoneTest, and by hand): over HTTP/2 the session
 * reads all the time, and a client's RST_STREAM or closed connection fails the request, which runs its
 * failure listeners. Over HTTP/1.1 it tells nothing: once the body is read, the connection is not read again
 * until the handler is done, so a closed socket goes unseen until a write fails. For HTTP/1.1 the watch
 * therefore asks the connection's end point to say when it becomes readable, and reads one byte: the end of
 * the stream (or a reset) is a client that left, as nginx takes it too. Anything else is a request
 * pipelined behind this one, which RFC 9112 advises against after a POST: its first byte is now lost to
 * the parser, so the connection closes after this response and a pipelining client retries on a new one.
 *
 * <p>The HTTP/1.1 watch begins only once a call has waited {@link #GRACE}: asking the end point for a read and
 * withdrawing it again costs two selector updates and a wake-up, 25-30 us per call in bench/run's row c
 * (19.2k -> 14-15k req/s). A call answered sooner finishes before a client could be told apart from one
 * that is merely waiting; one that takes longer, the kind worth cancelling, is watched from then on. The
 * cheap signals (a failure Jetty already knows, HTTP/2's reset) are taken from the start.
 */
final class ClientWatch {

    static final Duration GRACE = Duration.ofMillis(100);

    private final Request request;
    private final Response response;
    private final Runnable onGone;
    /** The HTTP/1 connection's end point, read by this watch; null over HTTP/2, where Jetty reads it itself. */
    private final EndPoint endPoint;
    private final Callback readable = Callback.from(this::onReadable, failure -> { });
    // Guarded by this: once stopped, nothing is cancelled any more and the end point is left alone.
    private boolean open = true;
    private boolean listening;
    private boolean pipelinedByteRead;
    private volatile boolean gone;

    /** Until it fires, the HTTP/1 end point is not read; null over HTTP/2 or once the client is known gone. */
    private volatile Watchdog.Timer grace;

    private ClientWatch(Request request, Response response, Runnable onGone) {
        this.request = request;
        this.response = response;
        this.onGone = onGone;
        HttpVersion version = request.getConnectionMetaData().getHttpVersion();
        Connection connection = request.getConnectionMetaData().getConnection();
        boolean http1 = version == HttpVersion.HTTP_1_1 || version == HttpVersion.HTTP_1_0;
        this.endPoint = http1 && connection != null && connection.getEndPoint() instanceof AbstractEndPoint ep ? ep : null;
    }

    /**
     * Watches until {@link #stop()}; {@code onGone} runs at most once, on a Jetty thread or the watchdog's,
     * or on this one when the client is already gone.
     */
    static ClientWatch start(Request request, Response response, Runnable onGone) {
        ClientWatch watch = new ClientWatch(request, response, onGone);
        request.addFailureListener(failure -> watch.leave());
        // Jetty drops a failure listener added after the request failed (a reset while the call waited for
        // its context's lock, say); reading the finished body again shows that failure instead.
        Content.Chunk after = request.read();
        if (after != null) {
            after.release();
        }
        if (Content.Chunk.isFailure(after)) {
            watch.leave();
        } else if (watch.endPoint != null) {
            watch.grace = Watchdog.after(GRACE, watch::listen);
        }
        return watch;
    }

    /**
     * Asks to be told when the connection becomes readable. Jetty's own connection never listens while its
     * request is handled with its body read; if it does, it is left alone and only HTTP/2's signals count.
     */
    private synchronized void listen() {
        // on the watchdog's thread the first time: stop() may have come first
        if (open && !gone && endPoint != null) {
            listening = endPoint.tryFillInterested(readable);
        }
    }

    /** Reads under the lock, so that no byte is taken from the connection once the watch is stopped. */
    private void onReadable() {
        synchronized (this) {
            listening = false;
            if (!open) {
                return;
            }
            try {
                int read = endPoint.fill(BufferUtil.allocate(1));
                if (read == 0) {
                    listen();
                    return;
                }
                if (read > 0) {
                    pipelinedByteRead = true;
                    return;
                }
            } catch (IOException reset) {
                // a reset is a client that left, as is the end of the stream
            }
        }
        leave();
    }

    private void leave() {
        synchronized (this) {
            if (!open || gone) {
                return;
            }
            gone = true;
        }
        onGone.run();
    }

    /**
     * Stops watching, before the handler writes; true when the client left meanwhile (final from here on).
     * A read interest of ours left behind would make Jetty close the connection once the response is
     * complete ("pending read"), so it is withdrawn here.
     */
    boolean stop() {
        if (grace != null) {
            grace.cancel();
        }
        boolean withdraw;
        boolean lostByte;
        synchronized (this) {
            if (!open) {
                return gone;
            }
            open = false;
            withdraw = listening;
            lostByte = pipelinedByteRead;
        }
        if (withdraw) {
            ((AbstractEndPoint) endPoint).getFillInterest().onFail(new CancellationException("the upstream call is over"));
        }
        if (lostByte) {
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
        }
        return gone;
    }
}
