package dev.contextgate.observe;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import dev.contextgate.Application;
import dev.contextgate.RunningGateway;
import dev.contextgate.config.GatewayConfig;
import dev.contextgate.config.KeyConfig;
import dev.contextgate.config.ProviderConfig;
import dev.contextgate.config.ProviderType;
import dev.contextgate.config.ServerConfig;
import dev.contextgate.config.SimulatedConfig;
import dev.contextgate.config.StoreConfig;
import dev.contextgate.dialect.Json;
import dev.contextgate.provider.FakeUpstream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A JSON-mode run: every line is one JSON object, request lines carry the request id, no line holds a key. */
class JsonLogsTest {

    private static final String PROVIDER_KEY = "sk-provider-SECRET-4f1d9a";
    private static final String CLIENT_KEY = "cg-client-SECRET-77b2e0";
    private static final String OPENAI_REPLY = """
            {"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4o-mini",
             "choices":[{"index":0,"message":{"role":"assistant","content":"Hello there"},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":9,"completion_tokens":2,"total_tokens":11}}""";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();

    @AfterEach
    void restoreLogging() {
        LogSetup.configure(LogSetup.Format.TEXT, Level.INFO, System.err);
    }

    @Test
    void infoLinesAreGatheredAndFlushedSoonWarningsAtOnce() throws Exception {
        LogSetup.configure(LogSetup.Format.TEXT, Level.INFO, logs);
        org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger("GatherProbe");
        log.info("gathered");
        log.warn("urgent");
        assertThat(logs.toString(StandardCharsets.UTF_8))
                .as("a warning flushes at once, with what was gathered before it")
                .contains("gathered").contains("urgent");
        log.info("later");
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
        while (!logs.toString(StandardCharsets.UTF_8).contains("later") && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(logs.toString(StandardCharsets.UTF_8)).as("the flusher writes an INFO line out by itself")
                .contains("later");
    }

    @Test
    void textLinesBracketTheRequestIdOnlyInsideARequest() {
        LogSetup.configure(LogSetup.Format.TEXT, Level.INFO, logs);
        org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger("TextProbe");
        log.info("outside");
        org.slf4j.MDC.put(Mdc.REQUEST_ID, "req_abc");
        try {
            log.info("inside");
        } finally {
            org.slf4j.MDC.remove(Mdc.REQUEST_ID);
        }
        LogSetup.flush();
        List<String> lines = logs.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  TextProbe - outside");
        assertThat(lines.get(1)).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  TextProbe \\[req_abc\\] - inside");
    }

    @Test
    void everyLineIsJsonRequestLinesNameTheirRequestAndNoLineHoldsAKey() throws Exception {
        LogSetup.configure(LogSetup.Format.JSON, Level.DEBUG, logs);
        Set<String> requestIds = new HashSet<>();
        try (FakeUpstream upstream = FakeUpstream.start()) {
            upstream.enqueue(FakeUpstream.json(200, OPENAI_REPLY));
            upstream.enqueue(FakeUpstream.json(401, "{\"error\":{\"message\":\"Incorrect API key provided: "
                    + PROVIDER_KEY.substring(0, 8) + "...\",\"type\":\"invalid_request_error\"}}"));
            GatewayConfig config = new GatewayConfig(
                    new ServerConfig("127.0.0.1", 0, null, 1024 * 1024), new StoreConfig("memory:"),
                    List.of(new ProviderConfig("openai", ProviderType.OPENAI, PROVIDER_KEY, upstream.url() + "/v1", null, null)),
                    List.of(), List.of(new KeyConfig("app", sha256(CLIENT_KEY))), SimulatedConfig.DEFAULT, null);
            try (RunningGateway gateway = Application.start(config)) {
                String chat = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
                requestIds.add(send(gateway, "/v1/chat/completions", chat, "Bearer " + CLIENT_KEY));
                requestIds.add(send(gateway, "/v1/chat/completions", chat, "Bearer " + CLIENT_KEY));
                requestIds.add(send(gateway, "/v1/chat/completions", chat, "Bearer " + CLIENT_KEY + "-wrong"));
                requestIds.add(send(gateway, "/v1/models", null, "Bearer " + CLIENT_KEY));
                requestIds.add(send(gateway, "/health", null, null));
            }
        }

        LogSetup.flush();
        List<String> lines = logs.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).isNotEmpty();
        Set<String> seenIds = new HashSet<>();
        for (String line : lines) {
            JsonNode event = Json.MAPPER.readTree(line);
            assertThat(event.isObject()).as("one JSON object per line: %s", line).isTrue();
            assertThat(event.path("level").asText()).isNotEmpty();
            assertThat(event.path("formattedMessage").asText()).doesNotContain("{}");
            assertThat(line).doesNotContain(PROVIDER_KEY).doesNotContain(CLIENT_KEY);
            String id = event.path("mdc").path("request_id").asText("");
            if (event.path("loggerName").asText().equals("contextgate.access")) {
                assertThat(id).as("an access line names its request: %s", line).isNotEmpty();
            }
            if (!id.isEmpty()) {
                seenIds.add(id);
            }
        }
        assertThat(seenIds).containsAll(requestIds);
    }

    /** Sends one request and returns the {@code X-Request-Id} it was answered with. */
    private String send(RunningGateway gateway, String path, String body, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path));
        if (body != null) {
            b.header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        }
        if (authorization != null) {
            b.header("authorization", authorization);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return r.headers().firstValue("x-request-id").orElseThrow();
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
