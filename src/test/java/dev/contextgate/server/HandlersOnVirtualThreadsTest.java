package dev.contextgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.contextgate.chat.Dialect;
import dev.contextgate.config.ServerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/**
 * Every endpoint's blocking code runs on a virtual thread, as {@link Endpoint} promises: a handler waiting
 * on an upstream must not hold a platform thread. This fails when the server has no virtual-thread
 * executor. Under bench/run's load Jetty's reserved threads also put handlers on its platform threads
 * (a thread dump; see GatewayServer); this test's load does not bring that about.
 */
class HandlersOnVirtualThreadsTest {

    @Test
    void concurrentRequestsOnKeptAliveConnectionsAllRunOnVirtualThreads() throws Exception {
        Queue<String> platformThreads = new ConcurrentLinkedQueue<>();
        Queue<Boolean> seen = new ConcurrentLinkedQueue<>();
        Routes probe = table -> table.add("GET", "/probe", exchange -> {
            Thread current = Thread.currentThread();
            seen.add(current.isVirtual());
            if (!current.isVirtual()) {
                platformThreads.add(current.getName());
            }
            try {
                Thread.sleep(1); // a short upstream wait: keeps several requests in their handlers at once
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.respondJson(200, "{}".getBytes(StandardCharsets.UTF_8));
        });
        DialectCodecs codecs = new DialectCodecs(new FakeCodec(Dialect.OPENAI), new FakeCodec(Dialect.ANTHROPIC));
        try (GatewayServer server = GatewayServer.start(new ServerConfig("127.0.0.1", 0, null, 1024),
                new ApiKeyAuth(List.of()), codecs, List.of(probe));
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/probe"))
                    .build();
            // 32 clients in a loop, as a busy server sees them.
            try (var clients = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                List<java.util.concurrent.Future<?>> loops = new ArrayList<>();
                for (int c = 0; c < 32; c++) {
                    loops.add(clients.submit(() -> {
                        for (int i = 0; i < 40; i++) {
                            assertThat(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode())
                                    .isEqualTo(200);
                        }
                        return null;
                    }));
                }
                for (java.util.concurrent.Future<?> loop : loops) {
                    loop.get();
                }
            }
        }

        assertThat(seen).hasSize(32 * 40);
        assertThat(platformThreads).as("handlers that ran on platform threads").isEmpty();
    }
}
