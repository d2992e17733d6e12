package dev.contextgate.provider;

import dev.contextgate.chat.GatewayError;
import dev.contextgate.chat.GatewayError.Kind;
import dev.contextgate.chat.ResponseAssembler;
import dev.contextgate.config.ProviderConfig;
import dev.contextgate.config.TimeoutConfig;
import dev.contextgate.dialect.UpstreamCodec;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.util.thread.Invocable.InvocationType;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

/**
 * The HTTP plumbing every wire provider shares: one Jetty client per upstream, a bound on calls in
 * flight, error mapping through the dialect's codec, and streamed bodies read as server-sent events.
 * Knows no dialect's JSON: the codec does.
 *
 * <p>Jetty's client rather than the JDK's: in bench/run the JDK client's selector hand-offs
 * ({@code registerEvent}, {@code eventUpdated}, a virtual thread per completion stage) were the largest
 * block of the profile, and the same gateway answered about 50% more requests per second on Jetty's
 * client (9.5k against 14k req/s, README "Performance").
 */
public final class HttpUpstream implements AutoCloseable {

    /**
     * @param maxInFlight calls open at once; more wait for a permit
     * @param permitWait how long a call waits for a permit before it is refused as saturated; zero refuses at once
     * @param connectTimeout longest TCP and TLS set-up
     * @param firstByteTimeout longest wait for response headers and, for a stream, its first event
     * @param idleTimeout longest silence inside a streamed body, after its first event, before the call is given up
     * @param callTimeout longest wait for a non-streamed body once its headers came
     */
    public record Settings(int maxInFlight, Duration permitWait, Duration connectTimeout, Duration firstByteTimeout,
            Duration idleTimeout, Duration callTimeout) {
        public Settings {
            if (maxInFlight < 1) {
                throw new IllegalArgumentException("maxInFlight must be at least 1");
            }
            if (permitWait.isNegative()) {
                throw new IllegalArgumentException("permitWait must not be negative");
            }
        }

        /** The first byte may take as long as the whole call; connecting 10 seconds. */
        public Settings(int maxInFlight, Duration permitWait, Duration idleTimeout, Duration callTimeout) {
            this(maxInFlight, permitWait, Duration.ofSeconds(10), callTimeout, idleTimeout, callTimeout);
        }

        public static Settings defaults(Duration callTimeout) {
            return new Settings(ProviderConfig.DEFAULT_MAX_IN_FLIGHT, ProviderConfig.DEFAULT_MAX_IN_FLIGHT_WAIT,
                    Duration.ofSeconds(300), callTimeout);
        }

        /** The provider's own bound, wait and call limit, with the default timeouts. */
        public static Settings defaults(ProviderConfig provider) {
            return new Settings(provider.maxInFlight(), provider.maxInFlightWait(), Duration.ofSeconds(300),
                    provider.timeout());
        }

        /** The provider's own bound, wait and call limit, with the configured timeouts. */
        public static Settings of(ProviderConfig provider, TimeoutConfig timeouts) {
            return new Settings(provider.maxInFlight(), provider.maxInFlightWait(), timeouts.connect(), timeouts.firstByte(),
                    timeouts.idle(), provider.timeout());
        }
    }

    /** Set by the client itself, or hop-by-hop; a passthrough header must never make a call fail. */
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade",
            "accept", "content-type", "transfer-encoding", "te", "trailer", "keep-alive", "proxy-connection");
    private static final int MAX_ERROR_BODY = 1 << 20;
    /** A whole (non-streamed) answer larger than this is refused rather than buffered. */
    private static final int MAX_BODY = 64 << 20;
    private static final HttpField USER_AGENT = new HttpField(HttpHeader.USER_AGENT, "ContextGate");

    private final String name;
    private final String baseUrl;
    private final UpstreamCodec codec;
    private final Settings settings;
    private final HttpClient client;
    private final Semaphore permits;
    /** Parsed once per path: building a request from a string parses it, a visible cost per call. */
    private final Map<String, URI> uris = new ConcurrentHashMap<>();
    /** The connection's read timeout while a call is open: a backstop behind our own, finer limits. */
    private final long backstopIdleMillis;

    /** @param baseUrl where paths are appended; a trailing slash is dropped */
    public HttpUpstream(String name, String baseUrl, UpstreamCodec codec, Settings settings) {
        this.name = name;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.codec = codec;
        this.settings = settings;
        this.permits = new Semaphore(settings.maxInFlight(), true);
        this.backstopIdleMillis = Math.max(settings.firstByteTimeout().toMillis(),
                Math.max(settings.idleTimeout().toMillis(), settings.callTimeout().toMillis())) + 5_000;
        this.client = startClient(name, settings);
    }

    /**
     * HTTP/1.1 to every upstream (TLS included): each streamed call has a connection of its own, as the
     * providers' own SDKs do. The client's threads only parse and hand over bytes, never block, so a few
     * daemon platform threads serve every call; our callers wait on virtual threads.
     */
    private static HttpClient startClient(String name, Settings settings) {
        QueuedThreadPool threads = new QueuedThreadPool(8, 1);
        threads.setName("contextgate-upstream-" + name);
        threads.setDaemon(true);
        HttpClient client = new HttpClient();
        client.setExecutor(threads);
        client.setScheduler(new ScheduledExecutorScheduler("contextgate-upstream-" + name + "-timer", true));
        client.setConnectTimeout(settings.connectTimeout().toMillis());
        // Pooled connections idle longer than this are closed before the server's own keep-alive limit drops them.
        client.setIdleTimeout(30_000);
        client.setMaxConnectionsPerDestination(Math.max(64, settings.maxInFlight()));
        client.setMaxRequestsQueuedPerDestination(Math.max(1024, settings.maxInFlight() * 4));
        client.setUserAgentField(USER_AGENT);
        client.setFollowRedirects(false);
        // Our listeners (UpstreamListeners) only record, hand over and complete a future, never block, so the
        // selector thread may run them itself instead of passing each answer to a pool thread first: one
        // thread hand-off fewer per call (bench/run row c, A/B three times: 14.2k -> 16.5k req/s).
        client.getHttpClientTransport().setInvocationType(InvocationType.NON_BLOCKING);
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException("could not start the HTTP client for provider '" + name + "'", e);
        }
        // A provider's 401 is the caller's answer, not a challenge for the client to answer (Jetty fails a 401
        // that carries no WWW-Authenticate); nor are redirects or 100-continue ours to act on. Start adds them.
        client.getProtocolHandlers().clear();
        return client;
    }

    public String name() {
        return name;
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** Posts {@code body} and returns the 2xx response body; anything else is a {@link GatewayError}. */
    public byte[] post(String path, Map<String, String> headers, byte[] body) {
        acquire();
        try {
            Request request = request(path, headers, body, false);
            UpstreamListeners.WholeBody whole = new UpstreamListeners.WholeBody(request, settings, MAX_BODY);
            long sent = System.nanoTime();
            request.send(whole);
            Result result = await(whole.done, request, whole.limits);
            WireTime.add(whole.completedNanos - sent);
            Response response = result.getResponse();
            if (response.getStatus() / 100 != 2) {
                byte[] content = whole.getContent();
                throw codec.decodeError(response.getStatus(),
                        content.length > MAX_ERROR_BODY ? Arrays.copyOf(content, MAX_ERROR_BODY) : content,
                        retryAfterSeconds(response.getHeaders()::get));
            }
            return whole.getContent();
        } finally {
            permits.release();
        }
    }

    /**
     * Posts {@code body} asking for server-sent events. Returns once the upstream accepted the call;
     * the permit is held until the stream is closed or ends.
     */
    public EventStream stream(String path, Map<String, String> headers, byte[] body) {
        acquire();
        boolean handedOver = false;
        InputStream in = null;
        try {
            Request request = request(path, headers, body, true);
            UpstreamListeners.StreamedBody listener = new UpstreamListeners.StreamedBody(request, settings.firstByteTimeout());
            long sent = System.nanoTime();
            request.send(listener);
            Response response = await(listener.headers, request, listener.limits);
            WireTime.add(listener.headersNanos - sent);
            in = listener.getInputStream();
            try {
                if (response.getStatus() / 100 != 2) {
                    throw codec.decodeError(response.getStatus(), in.readNBytes(MAX_ERROR_BODY),
                            retryAfterSeconds(response.getHeaders()::get));
                }
                String type = response.getHeaders().get(HttpHeader.CONTENT_TYPE);
                if (type != null && type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
                    // Some compatible servers ignore "stream": answer from the whole body instead of failing.
                    byte[] all = in.readAllBytes();
                    return new WholeAnswerStream(ResponseAssembler.events(codec.decodeResponse(all)).iterator());
                }
                EventStream stream = new SseEventStream(name, in, codec.streamDecoder(),
                        IdleWatch.start(in, settings.firstByteTimeout(), settings.idleTimeout()), permits::release);
                handedOver = true;
                return stream;
            } catch (IOException e) {
                throw failed(e);
            }
        } finally {
            if (!handedOver) {
                if (in != null) {
                    closeQuietly(in);
                }
                permits.release();
            }
        }
    }

    /** Stops the client's threads and closes its connections. */
    @Override
    public void close() {
        try {
            client.stop();
        } catch (Exception ignored) {
            // stopping anyway
        }
    }

    private Request request(String path, Map<String, String> headers, byte[] body, boolean sse) {
        return client.newRequest(uris.computeIfAbsent(path, p -> URI.create(baseUrl + p)))
                .method(HttpMethod.POST)
                .idleTimeout(backstopIdleMillis, TimeUnit.MILLISECONDS)
                .body(new BytesRequestContent("application/json", body))
                .headers(fields -> {
                    fields.put(HttpHeader.ACCEPT, sse ? "text/event-stream" : "application/json");
                    headers.forEach((k, v) -> {
                        if (v != null && !RESTRICTED.contains(k.toLowerCase(Locale.ROOT))) {
                            fields.put(k, v);
                        }
                    });
                });
    }

    /**
     * Takes a permit, waiting up to the provider's permit wait; a call that already waited that out here once
     * (see {@link PermitWait}) takes only a permit free at once. A zero wait still keeps the fair order: a call
     * that waits for nothing does not pass calls already queued for a permit.
     */
    private void acquire() {
        boolean waitedBefore = PermitWait.waived();
        try {
            if (!permits.tryAcquire(waitedBefore ? 0 : settings.permitWait().toMillis(), TimeUnit.MILLISECONDS)) {
                throw saturated(waitedBefore);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted();
        }
    }

    /** Our own bound refused the call: SATURATED, so that nobody takes it for the provider's own overload. */
    private GatewayError saturated(boolean waitedBefore) {
        Duration wait = settings.permitWait();
        String seconds = BigDecimal.valueOf(wait.toMillis(), 3).stripTrailingZeros().toPlainString() + " s";
        String waited = wait.isZero() ? "max_in_flight_wait_seconds is 0"
                : waitedBefore ? "this request already waited " + seconds
                        + " (its max_in_flight_wait_seconds) for one of them to end and is not held here again"
                : "none ended within " + seconds + " (its max_in_flight_wait_seconds)";
        return new GatewayError(Kind.SATURATED, "provider '" + name + "' is saturated: all " + settings.maxInFlight()
                + " calls its max_in_flight allows are open, and " + waited + "; try again shortly");
    }

    /**
     * Waits for one stage of a call without a timed wait (see {@link Watchdog}): the limits abort the call
     * when they run out, and name the limit that did. Being interrupted aborts the call too.
     */
    private <T> T await(CompletableFuture<T> stage, Request request, UpstreamListeners.Limits limits) {
        try {
            return stage.get();
        } catch (ExecutionException e) {
            Duration hit = limits.hit;
            throw hit != null ? timeout(hit) : mapFailure(e.getCause());
        } catch (InterruptedException e) {
            request.abort(e);
            Thread.currentThread().interrupt();
            throw interrupted();
        } finally {
            limits.cancel();
        }
    }

    private GatewayError mapFailure(Throwable cause) {
        if (cause instanceof GatewayError g) {
            return g;
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException
                    || t instanceof UnresolvedAddressException) {
                return unreachable(t);
            }
            if (t instanceof java.net.SocketTimeoutException && String.valueOf(t.getMessage()).contains("Connect")) {
                return unreachable(t);
            }
        }
        if (cause instanceof IllegalArgumentException e && String.valueOf(e.getMessage()).contains("Buffering capacity")) {
            return new GatewayError(Kind.UPSTREAM_FAILED, "provider '" + name + "' answered with more than "
                    + (MAX_BODY >> 20) + " MiB; the gateway does not buffer answers that large");
        }
        return failed(cause);
    }

    /** {@code retry-after-ms} (OpenAI) wins over {@code Retry-After} in seconds or as an HTTP date. */
    static Integer retryAfterSeconds(Function<String, String> headers) {
        String ms = headers.apply("retry-after-ms");
        if (ms != null) {
            try {
                return (int) Math.ceil(Double.parseDouble(ms.trim()) / 1000.0);
            } catch (NumberFormatException ignored) {
                // fall through to Retry-After
            }
        }
        String value = headers.apply("retry-after");
        if (value == null) {
            return null;
        }
        try {
            return (int) Math.ceil(Double.parseDouble(value.trim()));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                return (int) Math.max(0, Duration.between(ZonedDateTime.now(at.getZone()), at).toSeconds());
            } catch (RuntimeException notDate) {
                return null;
            }
        }
    }

    private GatewayError unreachable(Throwable e) {
        return new GatewayError(Kind.UPSTREAM_FAILED,
                "could not reach provider '" + name + "' at " + shownUrl() + ": " + reason(e));
    }

    private GatewayError failed(Throwable e) {
        return new GatewayError(Kind.UPSTREAM_FAILED, "the call to provider '" + name + "' failed: " + reason(e));
    }

    private GatewayError timeout(Duration after) {
        return new GatewayError(Kind.TIMEOUT, "provider '" + name + "' did not answer within "
                + (after.toMillis() % 1000 == 0 ? after.toSeconds() + " seconds" : after.toMillis() + " ms"));
    }

    private GatewayError interrupted() {
        return new GatewayError(Kind.UPSTREAM_FAILED, "the call to provider '" + name + "' was interrupted");
    }

    /** The base URL without user info, so that a key written into the URL never reaches a message. */
    private String shownUrl() {
        URI uri = URI.create(baseUrl);
        return uri.getUserInfo() == null ? baseUrl : baseUrl.replace(uri.getRawUserInfo() + "@", "");
    }

    static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return "unknown host";
            }
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage();
            }
        }
        return e.getClass().getSimpleName();
    }

    static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // the connection is being dropped anyway
        }
    }
}
