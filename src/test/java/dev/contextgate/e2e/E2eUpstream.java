package dev.contextgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;

/**
 * A provider's API as a real HTTP server on a free loopback port: canned replies served in order, every
 * request recorded. One per upstream dialect per test class; {@link #reset()} between tests.
 */
final class E2eUpstream implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the upstream received; header names in lower case. */
    record Received(String method, String path, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** One canned answer. */
    interface Reply {
        void write(HttpExchange exchange) throws IOException;
    }

    private final HttpServer server;
    private final ConcurrentLinkedQueue<Reply> replies = new ConcurrentLinkedQueue<>();
    private final List<Received> received = new ArrayList<>();

    E2eUpstream() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    /** Without a trailing slash. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    E2eUpstream enqueue(Reply reply) {
        replies.add(reply);
        return this;
    }

    void reset() {
        replies.clear();
        synchronized (received) {
            received.clear();
        }
    }

    List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** The one request this upstream got since the last reset. */
    Received only() {
        List<Received> all = received();
        assertThat(all).as("requests the upstream received").hasSize(1);
        return all.getFirst();
    }

    private void handle(HttpExchange exchange) throws IOException {
        Map<String, String> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        synchronized (received) {
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers, body));
        }
        Reply reply = replies.poll();
        try (exchange) {
            (reply == null ? json(599, "{\"error\":\"the test enqueued no reply\"}") : reply).write(exchange);
        }
    }

    static Reply json(int status, String body, String... headerPairs) {
        return exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            for (int i = 0; i < headerPairs.length; i += 2) {
                exchange.getResponseHeaders().set(headerPairs[i], headerPairs[i + 1]);
            }
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        };
    }

    static Reply text(int status, String body) {
        return exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        };
    }

    /**
     * An event stream written one event at a time, flushed after each, as a real upstream does. A stream
     * cut short (a truncated fixture) ends the body where the fixture ends, as a dropped connection would.
     */
    static Reply sse(String body) {
        return exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            for (String event : body.split("(?<=\n\n)")) {
                out.write(event.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        };
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
