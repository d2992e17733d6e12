package dev.contextgate.provider;

import static org.assertj.core.api.Assertions.fail;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP server on a free loopback port that answers with canned replies, in order, and records
 * what it received, in the manner of OkHttp's MockWebServer.
 */
public final class FakeUpstream implements AutoCloseable {

    /** What the fake received; header names in lower case. */
    public record Recorded(String method, String path, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** One canned answer. */
    public interface Reply {
        void write(HttpExchange exchange, FakeUpstream fake) throws IOException;
    }

    private final HttpServer server;
    private final BlockingQueue<Reply> replies = new LinkedBlockingQueue<>();
    private final BlockingQueue<Recorded> requests = new LinkedBlockingQueue<>();
    private final CountDownLatch disconnected = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile Reply otherwise;

    private FakeUpstream() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    public static FakeUpstream start() {
        try {
            return new FakeUpstream();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The base URL, without a trailing slash. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public FakeUpstream enqueue(Reply reply) {
        replies.add(reply);
        return this;
    }

    /** The reply used whenever nothing is enqueued (a fake that keeps failing, or keeps answering). */
    public FakeUpstream otherwise(Reply reply) {
        this.otherwise = reply;
        return this;
    }

    public Recorded takeRequest() throws InterruptedException {
        Recorded r = requests.poll(5, TimeUnit.SECONDS);
        if (r == null) {
            fail("the fake upstream received no request");
        }
        return r;
    }

    public int requestCount() {
        return requests.size();
    }

    /** True once a reply that keeps writing saw its write fail: the client dropped the connection. */
    public boolean awaitDisconnect(Duration within) throws InterruptedException {
        return disconnected.await(within.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void handle(HttpExchange exchange) throws IOException {
        Map<String, String> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(new Recorded(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers, body));
        Reply queued = replies.poll();
        Reply reply = queued != null ? queued : otherwise;
        try (exchange) {
            if (reply == null) {
                json(500, "{\"error\":\"no reply enqueued\"}").write(exchange, this);
            } else {
                reply.write(exchange, this);
            }
        }
    }

    public static Reply json(int status, String body, String... headerPairs) {
        return (exchange, fake) -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            for (int i = 0; i < headerPairs.length; i += 2) {
                exchange.getResponseHeaders().set(headerPairs[i], headerPairs[i + 1]);
            }
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        };
    }

    /** A complete event stream, written in a few flushed pieces as a real upstream would. */
    public static Reply sse(String body) {
        return (exchange, fake) -> {
            OutputStream out = sseHeaders(exchange);
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < bytes.length; i += 64) {
                out.write(bytes, i, Math.min(64, bytes.length - i));
                out.flush();
            }
        };
    }

    /** Writes {@code body}, then goes silent until the fake is closed (an upstream that stalls). */
    public static Reply sseThenStall(String body) {
        return (exchange, fake) -> {
            OutputStream out = sseHeaders(exchange);
            out.write(body.getBytes(StandardCharsets.UTF_8));
            out.flush();
            try {
                fake.release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    /** Writes {@code body}, then a comment every 20 ms until a write fails, which it records. */
    public static Reply sseForever(String body) {
        return (exchange, fake) -> {
            OutputStream out = sseHeaders(exchange);
            out.write(body.getBytes(StandardCharsets.UTF_8));
            out.flush();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            try {
                while (System.nanoTime() < deadline) {
                    out.write(": still thinking\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    Thread.sleep(20);
                }
            } catch (IOException e) {
                fake.disconnected.countDown();
                throw e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    /** Drops the connection without a response: a reset before the first byte. */
    public static Reply reset() {
        return (exchange, fake) -> {
            throw new IOException("fake: connection reset");
        };
    }

    /** Waits before {@code then}: an upstream slow to its first byte. */
    public static Reply delayed(Duration wait, Reply then) {
        return (exchange, fake) -> {
            try {
                if (fake.release.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            then.write(exchange, fake);
        };
    }

    /** Writes the head of a stream, then drops the connection: a stream cut in the middle. */
    public static Reply sseCut(String head) {
        return (exchange, fake) -> {
            OutputStream out = sseHeaders(exchange);
            out.write(head.getBytes(StandardCharsets.UTF_8));
            out.flush();
            throw new IOException("fake: cut mid-stream");
        };
    }

    private static OutputStream sseHeaders(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        return exchange.getResponseBody();
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
    }
}
