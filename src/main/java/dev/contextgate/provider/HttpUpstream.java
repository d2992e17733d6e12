package dev.contextgate.provider;

import dev.contextgate.chat.GatewayError;
import dev.contextgate.chat.GatewayError.Kind;
import dev.contextgate.chat.ResponseAssembler;
import dev.contextgate.dialect.UpstreamCodec;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The HTTP plumbing every wire provider shares: one JDK client per upstream, a bound on calls in
 * flight (the client's own pool is unbounded), error mapping through the dialect's codec, and streamed
 * bodies read as server-sent events. Knows no dialect's JSON: the codec does.
 */
public final class HttpUpstream {

    /**
     * @param maxInFlight calls open at once; more wait for a permit
     * @param permitWait how long a call waits for a permit before it is refused as overloaded
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
        }

        /** The first byte may take as long as the whole call; connecting 10 seconds. */
        public Settings(int maxInFlight, Duration permitWait, Duration idleTimeout, Duration callTimeout) {
            this(maxInFlight, permitWait, Duration.ofSeconds(10), callTimeout, idleTimeout, callTimeout);
        }

        public static Settings defaults(Duration callTimeout) {
            return new Settings(256, Duration.ofSeconds(5), Duration.ofSeconds(300), callTimeout);
        }

        /** The configured timeouts; {@code callTimeout} is the provider's own limit on a whole call. */
        public static Settings of(dev.contextgate.config.TimeoutConfig timeouts, Duration callTimeout) {
            return new Settings(256, Duration.ofSeconds(5), timeouts.connect(), timeouts.firstByte(), timeouts.idle(),
                    callTimeout);
        }
    }

    /** The client refuses to let callers set these; a passthrough header must never make a call fail. */
    private static final Set<String> RESTRICTED =
            Set.of("connection", "content-length", "expect", "host", "upgrade", "accept", "content-type");
    private static final int MAX_ERROR_BODY = 1 << 20;

    private final String name;
    private final String baseUrl;
    private final UpstreamCodec codec;
    private final Settings settings;
    private final HttpClient client;
    private final Semaphore permits;

    /** @param baseUrl where paths are appended; a trailing slash is dropped */
    public HttpUpstream(String name, String baseUrl, UpstreamCodec codec, Settings settings) {
        this.name = name;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.codec = codec;
        this.settings = settings;
        this.permits = new Semaphore(settings.maxInFlight(), true);
        URI uri = URI.create(this.baseUrl);
        // Plain http is HTTP/1.1: an h2c upgrade attempt confuses some local servers (Ollama, LM Studio).
        HttpClient.Version version = "https".equalsIgnoreCase(uri.getScheme())
                ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1;
        this.client = HttpClient.newBuilder()
                .version(version)
                .connectTimeout(settings.connectTimeout())
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
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
            HttpResponse<InputStream> response = send(path, headers, body, false);
            try (InputStream in = response.body()) {
                checkStatus(response);
                IdleWatch watch = IdleWatch.start(in, settings.callTimeout());
                try {
                    watch.reading();
                    return in.readAllBytes();
                } catch (IOException e) {
                    throw watch.fired() ? timeout(settings.callTimeout()) : failed(e);
                } finally {
                    watch.cancel();
                }
            } catch (IOException e) {
                throw failed(e);
            }
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
        try {
            HttpResponse<InputStream> response = send(path, headers, body, true);
            InputStream in = response.body();
            try {
                checkStatus(response);
                String type = response.headers().firstValue("content-type").orElse("");
                if (type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
                    // Some compatible servers ignore "stream": answer from the whole body instead of failing.
                    byte[] all = in.readAllBytes();
                    in.close();
                    return new ListStream(ResponseAssembler.events(codec.decodeResponse(all)).iterator());
                }
                EventStream stream = new SseEventStream(name, in, codec.streamDecoder(),
                        IdleWatch.start(in, settings.firstByteTimeout(), settings.idleTimeout()), permits::release);
                handedOver = true;
                return stream;
            } catch (IOException e) {
                throw failed(e);
            } finally {
                if (!handedOver) {
                    closeQuietly(in);
                }
            }
        } finally {
            if (!handedOver) {
                permits.release();
            }
        }
    }

    private void acquire() {
        try {
            if (!permits.tryAcquire(settings.permitWait().toMillis(), TimeUnit.MILLISECONDS)) {
                throw new GatewayError(Kind.OVERLOADED, "provider '" + name + "' is saturated: "
                        + settings.maxInFlight() + " calls are already in flight; try again shortly");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted();
        }
    }

    private HttpResponse<InputStream> send(String path, Map<String, String> headers, byte[] body, boolean sse) {
        // No HttpRequest.timeout(): the JDK client keeps every such timer in one synchronized set that its
        // selector thread purges, and under load that lock was the top contention site in bench/run's JFR
        // profile. The wait for the response headers is bounded here instead, and cancelled when it runs out.
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", "application/json")
                .header("Accept", sse ? "text/event-stream" : "application/json");
        headers.forEach((k, v) -> {
            if (v != null && !RESTRICTED.contains(k.toLowerCase(Locale.ROOT))) {
                request.setHeader(k, v);
            }
        });
        CompletableFuture<HttpResponse<InputStream>> call =
                client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        try {
            return call.get(settings.firstByteTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw timeout(settings.firstByteTimeout());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            while (cause instanceof CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof HttpConnectTimeoutException) {
                throw unreachable((Exception) cause);
            }
            if (cause instanceof HttpTimeoutException) {
                throw timeout(settings.firstByteTimeout());
            }
            if (cause instanceof ConnectException || cause instanceof UnresolvedAddressException) {
                throw unreachable((Exception) cause);
            }
            if (cause instanceof IOException io) {
                throw io.getCause() instanceof UnresolvedAddressException ? unreachable(io) : failed(io);
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw failed(new IOException(cause));
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw interrupted();
        }
    }

    /** A non-2xx answer becomes the dialect's error; only the first MiB of its body is read. */
    private void checkStatus(HttpResponse<InputStream> response) throws IOException {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return;
        }
        byte[] errorBody;
        try (InputStream in = response.body()) {
            errorBody = in.readNBytes(MAX_ERROR_BODY);
        }
        throw codec.decodeError(status, errorBody, retryAfterSeconds(response.headers()));
    }

    /** {@code retry-after-ms} (OpenAI) wins over {@code Retry-After} in seconds or as an HTTP date. */
    static Integer retryAfterSeconds(HttpHeaders headers) {
        String ms = headers.firstValue("retry-after-ms").orElse(null);
        if (ms != null) {
            try {
                return (int) Math.ceil(Double.parseDouble(ms.trim()) / 1000.0);
            } catch (NumberFormatException ignored) {
                // fall through to Retry-After
            }
        }
        String value = headers.firstValue("retry-after").orElse(null);
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

    private GatewayError unreachable(Exception e) {
        return new GatewayError(Kind.UPSTREAM_FAILED,
                "could not reach provider '" + name + "' at " + shownUrl() + ": " + reason(e));
    }

    private GatewayError failed(IOException e) {
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
            if (t instanceof UnresolvedAddressException) {
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

    /** A stream served from a body that arrived whole. */
    private static final class ListStream implements EventStream {
        private final Iterator<dev.contextgate.chat.StreamEvent> events;

        ListStream(Iterator<dev.contextgate.chat.StreamEvent> events) {
            this.events = events;
        }

        @Override
        public dev.contextgate.chat.StreamEvent next() {
            return events.hasNext() ? events.next() : null;
        }

        @Override
        public void close() {}
    }
}
