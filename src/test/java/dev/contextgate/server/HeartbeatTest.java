package dev.contextgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.contextgate.Application;
import dev.contextgate.RunningGateway;
import dev.contextgate.config.GatewayConfig;
import dev.contextgate.config.ProviderConfig;
import dev.contextgate.config.ProviderType;
import dev.contextgate.config.ServerConfig;
import dev.contextgate.config.SimulatedConfig;
import dev.contextgate.config.StoreConfig;
import dev.contextgate.provider.FakeUpstream;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * While the upstream sends no event, the gateway writes an SSE comment every {@link ChatCall#HEARTBEAT}: it
 * keeps proxies from timing the stream out, and a write that fails is how a client that left mid-stream is
 * noticed, so that the upstream call is cancelled instead of running on. The upstream here sends its first
 * events, then only comments (which the gateway reads and drops), and records when its connection is closed.
 */
class HeartbeatTest {

    private static final String FIRST_EVENTS =
            "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini\","
                    + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hel\"},"
                    + "\"finish_reason\":null}]}\n\n";
    private static final String STREAM_REQUEST = "{\"model\":\"gpt-4o-mini\",\"stream\":true,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    /** Bounds for behaviour, not speed: a heartbeat is due one period after the last write. */
    private static final Duration ONE_BEAT = ChatCall.HEARTBEAT.plusSeconds(3);

    private FakeUpstream upstream;
    private RunningGateway gateway;

    @BeforeEach
    void start() throws Exception {
        upstream = FakeUpstream.start();
        upstream.enqueue(FakeUpstream.sseForever(FIRST_EVENTS));
        gateway = Application.start(new GatewayConfig(new ServerConfig("127.0.0.1", 0, null, 1024 * 1024),
                new StoreConfig("memory:"),
                List.of(new ProviderConfig("openai", ProviderType.OPENAI, "sk-test", upstream.url() + "/v1", null, null)),
                List.of(), List.of(), SimulatedConfig.DEFAULT, null));
    }

    @AfterEach
    void stop() {
        gateway.close();
        upstream.close();
    }

    private Socket postStream() throws Exception {
        Socket socket = new Socket("127.0.0.1", gateway.port());
        byte[] body = STREAM_REQUEST.getBytes(StandardCharsets.UTF_8);
        OutputStream out = socket.getOutputStream();
        out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        return socket;
    }

    /** Reads the response's lines until one starts with {@code prefix}; false at the end of the response. */
    private static boolean readUntilLineStartingWith(BufferedReader lines, String prefix) throws Exception {
        String line;
        while ((line = lines.readLine()) != null) {
            if (line.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void aStreamWhoseUpstreamGoesQuietGetsAKeepAliveComment() throws Exception {
        try (Socket client = postStream()) {
            BufferedReader lines = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
            assertThat(readUntilLineStartingWith(lines, "data: ")).as("the first event").isTrue();

            boolean beat = CompletableFuture.supplyAsync(() -> {
                try {
                    return readUntilLineStartingWith(lines, ": keep-alive");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).get(ONE_BEAT.toMillis(), TimeUnit.MILLISECONDS);

            assertThat(beat).isTrue();
        }
    }

    @Test
    void aClientThatLeavesMidStreamIsNoticedAtTheNextHeartbeatAndTheUpstreamCallClosed() throws Exception {
        try (Socket client = postStream()) {
            BufferedReader lines = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
            assertThat(readUntilLineStartingWith(lines, "data: ")).as("the first event").isTrue();
        }

        // The first heartbeat after the client left may still be taken by the kernel; a later one fails.
        assertThat(upstream.awaitDisconnect(ONE_BEAT.plus(ChatCall.HEARTBEAT))).isTrue();
    }
}
