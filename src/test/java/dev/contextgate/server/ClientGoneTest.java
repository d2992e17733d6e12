package dev.contextgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.contextgate.Application;
import dev.contextgate.RunningGateway;
import dev.contextgate.config.GatewayConfig;
import dev.contextgate.config.ProviderConfig;
import dev.contextgate.config.ProviderType;
import dev.contextgate.config.ServerConfig;
import dev.contextgate.config.SimulatedConfig;
import dev.contextgate.config.StoreConfig;
import dev.contextgate.dialect.Json;
import dev.contextgate.provider.HoldingUpstream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A client that leaves while the gateway waits on an upstream that is still generating: the gateway must
 * give the upstream call up at once (the provider sees its connection closed), commit nothing to the
 * context, and log the call as the client's leaving. Over HTTP/1.1 (a closed socket, a cancelled JDK
 * request) and HTTP/2 (a reset stream), in both dialects.
 */
class ClientGoneTest {

    private static final Duration NOTICED_WITHIN = Duration.ofSeconds(2);
    private static final String OPENAI_ANSWER = """
            {"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4o-mini",
             "choices":[{"index":0,"message":{"role":"assistant","content":"Hello"},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":9,"completion_tokens":1,"total_tokens":10}}""";
    private static final String ANTHROPIC_ANSWER = """
            {"id":"msg_1","type":"message","role":"assistant","model":"claude-haiku-4-5",
             "content":[{"type":"text","text":"Hello"}],"stop_reason":"end_turn","stop_sequence":null,
             "usage":{"input_tokens":9,"output_tokens":1}}""";

    private final HoldingUpstream openai = HoldingUpstream.start(OPENAI_ANSWER);
    private final HoldingUpstream anthropic = HoldingUpstream.start(ANTHROPIC_ANSWER);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private RunningGateway gateway;

    @BeforeEach
    void start() throws Exception {
        gateway = Application.start(new GatewayConfig(new ServerConfig("127.0.0.1", 0, null, 1024 * 1024),
                new StoreConfig("memory:"),
                // One call at a time to the OpenAI upstream, so that a permit a cancelled call kept would show.
                List.of(new ProviderConfig("openai", ProviderType.OPENAI, "sk-test", openai.url() + "/v1", null, null, 1),
                        new ProviderConfig("anthropic", ProviderType.ANTHROPIC, "sk-test", anthropic.url(), null, null)),
                List.of(), List.of(), SimulatedConfig.DEFAULT, null));
    }

    @AfterEach
    void stop() {
        gateway.close();
        openai.close();
        anthropic.close();
    }

    @Test
    void aClosedHttp1ConnectionCancelsTheCallCommitsNothingAndIsLoggedAsTheClientLeaving() throws Exception {
        try (Socket client = post("/v1/chat/completions", "{\"model\":\"gpt-4o-mini\",\"stream\":false,"
                + "\"context_id\":\"left\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")) {
            assertThat(HoldingUpstream.await(openai::holding, 1, Duration.ofSeconds(5))).isTrue();
        }

        assertThat(HoldingUpstream.await(openai::closedWhileHeld, 1, NOTICED_WITHIN)).isTrue();
        assertThat(openai.received()).as("no retry").isEqualTo(1);
        JsonNode row = awaitLogRow("/v1/chat/completions");
        assertThat(row.path("status").asInt()).isZero();
        assertThat(row.path("error_kind").asText()).isEqualTo("client_gone");
        assertThat(row.path("context_id").asText()).isEqualTo("left");
        assertThat(json("/v1/contexts/left/messages").path("data")).isEmpty();

        // Its permit is free again: with max_in_flight 1, the next call goes straight through.
        openai.release();
        assertThat(http.send(request("/v1/chat/completions", "{\"model\":\"gpt-4o-mini\",\"context_id\":\"left\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi again\"}]}"), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(200);
        assertThat(json("/v1/contexts/left/messages").path("data")).hasSize(2);
    }

    @Test
    void aCancelledRequestOnTheAnthropicRouteCancelsTheCall() throws Exception {
        CompletableFuture<HttpResponse<String>> call = http.sendAsync(request("/v1/messages",
                "{\"model\":\"claude-haiku-4-5\",\"max_tokens\":10,\"context_id\":\"gone\","
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"), HttpResponse.BodyHandlers.ofString());
        assertThat(HoldingUpstream.await(anthropic::holding, 1, Duration.ofSeconds(5))).isTrue();

        call.cancel(true);

        assertThat(HoldingUpstream.await(anthropic::closedWhileHeld, 1, NOTICED_WITHIN)).isTrue();
        assertThat(awaitLogRow("/v1/messages").path("error_kind").asText()).isEqualTo("client_gone");
        assertThat(json("/v1/contexts/gone/messages").path("data")).isEmpty();
    }

    @Test
    void aClientThatLeavesAnAnthropicCountTokensCallCancelsItsUpstreamCall() throws Exception {
        try (Socket client = post("/v1/messages/count_tokens", "{\"model\":\"claude-haiku-4-5\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")) {
            assertThat(HoldingUpstream.await(anthropic::holding, 1, Duration.ofSeconds(5))).isTrue();
        }

        assertThat(HoldingUpstream.await(anthropic::closedWhileHeld, 1, NOTICED_WITHIN)).isTrue();
        assertThat(anthropic.received()).isEqualTo(1);
        JsonNode row = awaitLogRow("/v1/messages/count_tokens");
        assertThat(row.path("status").asInt()).isZero();
        assertThat(row.path("error_kind").asText()).isEqualTo("client_gone");
    }

    @Test
    void aResetHttp2StreamCancelsTheCall() throws Exception {
        HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        // The first request upgrades the connection to h2c; the call then goes over HTTP/2 proper.
        h2.send(HttpRequest.newBuilder(URI.create(base() + "/health")).build(), HttpResponse.BodyHandlers.ofString());
        CompletableFuture<HttpResponse<String>> call = h2.sendAsync(request("/v1/chat/completions",
                "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"),
                HttpResponse.BodyHandlers.ofString());
        assertThat(HoldingUpstream.await(openai::holding, 1, Duration.ofSeconds(5))).isTrue();

        call.cancel(true);

        assertThat(HoldingUpstream.await(openai::closedWhileHeld, 1, NOTICED_WITHIN)).isTrue();
        assertThat(awaitLogRow("/v1/chat/completions").path("error_kind").asText()).isEqualTo("client_gone");
        // The connection stays usable for the client's other streams.
        assertThat(h2.send(HttpRequest.newBuilder(URI.create(base() + "/health")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }

    @Test
    void aStreamResetWhileTheCallWaitsForItsContextIsNoticedOnceItsTurnComes() throws Exception {
        String first = "{\"model\":\"gpt-4o-mini\",\"context_id\":\"queue\",\"messages\":[{\"role\":\"user\",\"content\":\"1\"}]}";
        String second = first.replace("\"1\"", "\"2\"");
        CompletableFuture<HttpResponse<String>> holder = http.sendAsync(request("/v1/chat/completions", first),
                HttpResponse.BodyHandlers.ofString());
        assertThat(HoldingUpstream.await(openai::holding, 1, Duration.ofSeconds(5))).isTrue();
        HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        h2.send(HttpRequest.newBuilder(URI.create(base() + "/health")).build(), HttpResponse.BodyHandlers.ofString());
        CompletableFuture<HttpResponse<String>> waiter = h2.sendAsync(request("/v1/chat/completions", second),
                HttpResponse.BodyHandlers.ofString());
        Thread.sleep(300); // queued behind the first call on the context's lock
        waiter.cancel(true);
        Thread.sleep(300); // the reset has arrived, long before the waiter's turn

        openai.release();
        assertThat(holder.get().statusCode()).isEqualTo(200);
        assertThat(awaitLogRows(2).findValuesAsText("error_kind")).contains("client_gone");
        assertThat(json("/v1/contexts/queue/messages").path("data").findValuesAsText("text")).containsExactly("1", "Hello");
    }

    @Test
    void aClientThatLeavesBeforeAStreamsFirstEventCancelsItToo() throws Exception {
        try (Socket client = post("/v1/chat/completions", "{\"model\":\"gpt-4o-mini\",\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")) {
            assertThat(HoldingUpstream.await(openai::holding, 1, Duration.ofSeconds(5))).isTrue();
        }

        assertThat(HoldingUpstream.await(openai::closedWhileHeld, 1, NOTICED_WITHIN)).isTrue();
        assertThat(openai.received()).as("no retry").isEqualTo(1);
        assertThat(awaitLogRow("/v1/chat/completions").path("error_kind").asText()).isEqualTo("client_gone");
    }

    @Test
    void aWatchedCallLeavesTheConnectionReusable() throws Exception {
        openai.release();
        String body = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
        try (Socket client = post("/v1/chat/completions", body)) {
            BufferedReader in = reader(client);
            assertThat(readResponse(in)).startsWith("HTTP/1.1 200").doesNotContain("connection: close");
            client.getOutputStream().write(requestBytes("/v1/chat/completions", body));
            assertThat(readResponse(in)).startsWith("HTTP/1.1 200");
        }
        assertThat(openai.received()).isEqualTo(2);
    }

    /**
     * A byte the watch read is the head of a request pipelined behind the watched one: the connection must then
     * close after the first answer rather than misread what follows. (A watch that had not run yet leaves the
     * pipelined request whole, and it is answered as usual.)
     */
    @Test
    void aRequestPipelinedBehindAWatchedOneIsNeverMisread() throws Exception {
        String body = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
        try (Socket client = post("/v1/chat/completions", body)) {
            assertThat(HoldingUpstream.await(openai::holding, 1, Duration.ofSeconds(5))).isTrue();
            client.getOutputStream().write(requestBytes("/v1/chat/completions", body));
            Thread.sleep(200);
            openai.release();
            BufferedReader in = reader(client);
            String first = readResponse(in);
            assertThat(first).startsWith("HTTP/1.1 200");
            if (first.contains("connection: close")) {
                assertThat(in.readLine()).isNull();
            } else {
                assertThat(readResponse(in)).startsWith("HTTP/1.1 200");
            }
        }
        assertThat(openai.closedWhileHeld()).isZero();
    }

    /** Sends a request on a socket of its own and leaves the socket open. */
    private Socket post(String path, String body) throws IOException {
        Socket socket = new Socket("127.0.0.1", gateway.port());
        socket.setSoTimeout(10_000);
        socket.getOutputStream().write(requestBytes(path, body));
        return socket;
    }

    private static byte[] requestBytes(String path, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "anthropic-version: 2023-06-01\r\nContent-Length: " + bytes.length + "\r\n\r\n";
        byte[] all = new byte[head.length() + bytes.length];
        System.arraycopy(head.getBytes(StandardCharsets.US_ASCII), 0, all, 0, head.length());
        System.arraycopy(bytes, 0, all, head.length(), bytes.length);
        return all;
    }

    private static BufferedReader reader(Socket socket) throws IOException {
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    }

    /** The status line and headers (lower case), after which the body is read and dropped. */
    private static String readResponse(BufferedReader in) throws IOException {
        StringBuilder head = new StringBuilder(in.readLine()).append('\n');
        int length = 0;
        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
            String lower = line.toLowerCase(Locale.ROOT);
            head.append(lower).append('\n');
            if (lower.startsWith("content-length:")) {
                length = Integer.parseInt(lower.substring("content-length:".length()).strip());
            }
        }
        for (long left = length; left > 0; ) {
            left -= in.skip(left); // the answers here are ASCII: a character is a byte
        }
        return head.toString();
    }

    private HttpRequest request(String path, String body) {
        return HttpRequest.newBuilder(URI.create(base() + path)).header("content-type", "application/json")
                .header("anthropic-version", "2023-06-01").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /** The newest request log row, which must be of {@code route}. */
    private JsonNode awaitLogRow(String route) throws Exception {
        JsonNode newest = awaitLogRows(1).get(0);
        assertThat(newest.path("route").asText()).isEqualTo(route);
        return newest;
    }

    /** The request log, newest first, once it has {@code count} rows: they are written in the background. */
    private JsonNode awaitLogRows(int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        JsonNode rows = json("/v1/logs").path("data");
        while (rows.size() < count) {
            assertThat(System.nanoTime() - deadline).as("%d request log rows", count).isNegative();
            Thread.sleep(20);
            rows = json("/v1/logs").path("data");
        }
        return rows;
    }

    private JsonNode json(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return Json.MAPPER.readTree(r.body());
    }

    private String base() {
        return "http://127.0.0.1:" + gateway.port();
    }
}
