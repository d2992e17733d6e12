package dev.contextgate.server;

import dev.contextgate.GatewayVersion;
import dev.contextgate.provider.CallInterrupt;
import dev.contextgate.provider.WireTime;
import dev.contextgate.chat.GatewayError;
import dev.contextgate.dialect.ErrorResponse;
import dev.contextgate.observe.Telemetry;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;

/**
 * One request and its response, in blocking style: read the body, answer in one piece or open an
 * event stream. Keeps the time spent waiting on upstreams so that the overhead header excludes it.
 * Used by one virtual thread; not thread-safe.
 */
public final class Exchange {

    static final String REQUEST_ID = "X-Request-Id";
    static final String VERSION = "X-ContextGate-Version";
    static final String OVERHEAD = "X-ContextGate-Overhead-Ms";
    static final String MODEL = "X-ContextGate-Model";

    private final Request request;
    private final Response response;
    private final String requestId;
    private final long maxBodyBytes;
    private final long startNanos;
    private final Map<String, String> headers;
    private long upstreamNanos;
    private long firstByteNanos;
    /** True once the whole request body has been read: only then may the connection serve another request. */
    private boolean bodyRead;
    private String owner = ApiKeyAuth.NO_KEYS_OWNER;
    private final Telemetry telemetry;
    private String model;
    private boolean streamOpen;
    private final CallNote call = new CallNote();

    Exchange(Request request, Response response, long maxBodyBytes) {
        this(request, response, maxBodyBytes, Telemetry.NONE);
    }

    Exchange(Request request, Response response, long maxBodyBytes, Telemetry telemetry) {
        this.telemetry = telemetry;
        this.request = request;
        this.response = response;
        this.maxBodyBytes = maxBodyBytes;
        this.startNanos = request.getHeadersNanoTime();
        this.headers = lowerCaseHeaders(request);
        this.requestId = RequestIds.fromCaller(headers.get("x-request-id"));
        response.getHeaders().put(REQUEST_ID, requestId);
        response.getHeaders().put(VERSION, GatewayVersion.current());
    }

    public String requestId() {
        return requestId;
    }

    /** The client key's name that made this request, which owns the contexts it creates. */
    public String owner() {
        return owner;
    }

    void owner(String keyName) {
        this.owner = keyName;
    }

    /** What the request log will say of this call; filled by the chat pipeline. */
    CallNote call() {
        return call;
    }

    public String method() {
        return request.getMethod();
    }

    public String path() {
        return request.getHttpURI().getPath();
    }

    /** Query parameters, decoded; a repeated name keeps its first value. */
    public Map<String, String> query() {
        String raw = request.getHttpURI().getQuery();
        if (raw == null || raw.isEmpty()) {
            return Map.of();
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.putIfAbsent(name, value);
        }
        return params;
    }

    /** Request headers, names in lower case; repeated headers joined with {@code ", "}. */
    public Map<String, String> headers() {
        return headers;
    }

    /**
     * The whole body, refused with REQUEST_TOO_LARGE when its declared length or what actually
     * arrives passes the configured limit.
     */
    public byte[] readBody() throws IOException {
        long declared = request.getLength();
        if (declared > maxBodyBytes) {
            throw tooLarge();
        }
        InputStream in = Content.Source.asInputStream(request);
        if (declared > 0 && declared < Integer.MAX_VALUE - 8) {
            // The usual case: the length is known, so read straight into an array of that size (no 16 KB
            // buffer and no copy per request, both among the top allocation sites in bench/run's JFR profile).
            byte[] body = in.readNBytes((int) declared);
            if (body.length < declared) {
                throw new EOFException("request body ended after " + body.length + " of " + declared + " bytes");
            }
            bodyRead = true;
            return body;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 8192);
        byte[] buffer = new byte[16384];
        long total = 0;
        for (int n; (n = in.read(buffer)) != -1; ) {
            total += n;
            if (total > maxBodyBytes) {
                throw tooLarge();
            }
            out.write(buffer, 0, n);
        }
        bodyRead = true;
        return out.toByteArray();
    }

    private boolean hasBody() {
        return request.getLength() > 0 || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
    }

    /**
     * Runs a call to an upstream, counting the time it waited on the network as not the gateway's own;
     * a provider that reports no network wait (the simulated one) has its whole call counted instead.
     */
    public <T> T upstream(Supplier<T> call) {
        long[] wire = {0};
        long t0 = System.nanoTime();
        try {
            return WireTime.during(wire, call);
        } finally {
            upstreamNanos += wire[0] > 0 ? wire[0] : System.nanoTime() - t0;
        }
    }

    /**
     * As {@link #upstream}, for a wait during which nothing goes to the client: when the client leaves
     * meanwhile (or has already left), noticed from {@link ClientWatch#GRACE} into the wait on, {@code cancel}
     * runs at once and this thread is interrupted, which
     * aborts an upstream request in flight and stops retries (see {@link CallInterrupt}); the wait then ends
     * in an {@link EofException}, whatever the call returned, so the answer is neither committed nor written.
     */
    public <T> T upstreamWhileClientWaits(Supplier<T> call, Runnable cancel) throws IOException {
        try (CallInterrupt interrupt = CallInterrupt.forThisThread()) {
            ClientWatch watch = ClientWatch.start(request, response, () -> {
                cancel.run();
                interrupt.interrupt();
            });
            T result = null;
            RuntimeException failure = null;
            boolean clientLeft;
            try {
                result = upstream(call);
            } catch (RuntimeException e) {
                failure = e;
            } finally {
                clientLeft = watch.stop();
            }
            if (clientLeft) {
                throw new EofException("the client left while the upstream was answering", failure);
            }
            if (failure != null) {
                throw failure;
            }
            return result;
        }
    }

    /** The upstream's first answer byte has arrived: the upstream time so far is its time to first byte. */
    public void firstUpstreamByte() {
        if (firstByteNanos == 0) {
            firstByteNanos = upstreamNanos;
        }
    }

    public void setHeader(String name, String value) {
        if (MODEL.equals(name)) {
            model = value;
        }
        response.getHeaders().put(name, value);
    }

    public boolean committed() {
        return response.isCommitted();
    }

    /** Answers in one piece and completes the response. */
    public void respond(int status, String contentType, byte[] body) throws IOException {
        response.setStatus(status);
        if (!bodyRead && hasBody()) {
            // Answered before the whole body was read (a bad key, an unknown path, a body over the limit): the
            // unread rest would be taken for the next request on this connection, so it closes instead of going
            // back to the pool. Saying so matters: without the header a client pools the connection, and Jetty,
            // finding the body unconsumed once the handler is done, closes it under the client's next request.
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        stampOverhead();
        write(true, ByteBuffer.wrap(body));
    }

    public void respondJson(int status, byte[] body) throws IOException {
        respond(status, "application/json", body);
    }

    void respondError(ErrorResponse error) throws IOException {
        error.headers().forEach(this::setHeader);
        respondJson(error.status(), error.body());
    }

    /**
     * Sets the headers of a {@code text/event-stream} answer; they go out with the sink's first write
     * (the first event follows at once, and one write is cheaper than two).
     */
    public SseSink openEventStream() {
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        stampOverhead();
        if (!streamOpen) {
            streamOpen = true;
            telemetry.streamOpened();
        }
        return new SseSink(this);
    }

    /** A blocking write; an {@link IOException} means the client is gone. */
    void write(boolean last, ByteBuffer bytes) throws IOException {
        try (Blocker.Callback callback = Blocker.callback()) {
            response.write(last, bytes, callback);
            callback.block();
        }
    }

    /** For metrics, once the handler is done: the request as a record, and the stream (if any) counted closed. */
    Telemetry.RequestRecord finish(String route, String dialect, boolean clientLeft) {
        if (streamOpen) {
            streamOpen = false;
            telemetry.streamClosed();
        }
        int status = clientLeft && !response.isCommitted() ? 0 : response.getStatus();
        return new Telemetry.RequestRecord(route, dialect, model, call.provider, status,
                System.nanoTime() - startNanos, upstreamNanos, firstByteNanos);
    }

    private void stampOverhead() {
        response.getHeaders().put(OVERHEAD, overheadMs(System.nanoTime() - startNanos - upstreamNanos));
    }

    /** Decimal milliseconds with two places, e.g. {@code 0.42}. */
    static String overheadMs(long nanos) {
        // Not String.format: it parses its pattern on every call, and this runs twice per request.
        long hundredths = (Math.max(0, nanos) + 5_000) / 10_000;
        long fraction = hundredths % 100;
        return (hundredths / 100) + (fraction < 10 ? ".0" : ".") + fraction;
    }

    private GatewayError tooLarge() {
        return new GatewayError(GatewayError.Kind.REQUEST_TOO_LARGE,
                "the request body is larger than the gateway's limit of " + maxBodyBytes
                        + " bytes; send a smaller request or raise server.max_body_bytes");
    }

    private static Map<String, String> lowerCaseHeaders(Request request) {
        Map<String, String> map = new LinkedHashMap<>();
        for (HttpField field : request.getHeaders()) {
            map.merge(field.getLowerCaseName(), field.getValue(), (a, b) -> a + ", " + b);
        }
        return Collections.unmodifiableMap(map);
    }
}
