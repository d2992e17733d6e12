package dev.contextgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.contextgate.Application;
import dev.contextgate.RunningGateway;
import dev.contextgate.config.GatewayConfig;
import dev.contextgate.config.KeyConfig;
import dev.contextgate.config.ServerConfig;
import dev.contextgate.config.SimulatedConfig;
import dev.contextgate.config.StoreConfig;
import dev.contextgate.dialect.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The composition root with the real codecs and the built-in simulated provider. */
class ApplicationTest {

    private static final String OPENAI_CHAT = """
            {"model":"gpt-4o-mini","messages":[{"role":"user","content":"Say hello to the gateway"}]}""";
    private static final String ANTHROPIC_CHAT = """
            {"model":"claude-sonnet-4-5","max_tokens":100,"messages":[{"role":"user","content":"Say hello to the gateway"}]}""";

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private RunningGateway gateway;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private void start(SimulatedConfig simulated, List<KeyConfig> keys) throws IOException {
        gateway = Application.start(new GatewayConfig(
                new ServerConfig("127.0.0.1", 0, null, 1024 * 1024), new StoreConfig("memory:"),
                List.of(), List.of(), keys, simulated, null));
    }

    private void start() throws IOException {
        start(SimulatedConfig.DEFAULT, List.of());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path));
    }

    private HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = request(path).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("content-type", "application/json");
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = request(path).GET();
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        return Json.MAPPER.readTree(r.body());
    }

    private static String streaming(String body) {
        return body.replaceFirst("\\{", "{\"stream\":true,");
    }

    @Test
    void servesHealthAndReadinessWithTheSimulatedProvider() throws Exception {
        start();
        assertThat(gateway.port()).isPositive();

        JsonNode health = json(get("/health"));
        JsonNode ready = json(get("/health/ready"));

        assertThat(health.get("status").asText()).isEqualTo("ok");
        assertThat(ready.get("status").asText()).isEqualTo("ready");
        assertThat(ready.get("simulated").asBoolean()).isTrue();
        assertThat(ready.get("providers").findValuesAsText("type")).contains("simulated");
    }

    @Test
    void openAiAnswersInOnePiece() throws Exception {
        start();
        HttpResponse<String> r = post("/v1/chat/completions", OPENAI_CHAT);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-contextgate-model")).isPresent();
        assertThat(json(r).get("object").asText()).isEqualTo("chat.completion");
        assertThat(json(r).at("/choices/0/message/content").asText()).isNotBlank();
    }

    @Test
    void openAiStreamsChunksThenDone() throws Exception {
        start();
        HttpResponse<String> r = post("/v1/chat/completions", streaming(OPENAI_CHAT));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("text/event-stream");
        List<String> data = r.body().lines().filter(l -> l.startsWith("data: ")).map(l -> l.substring(6)).toList();
        assertThat(data).hasSizeGreaterThan(2);
        assertThat(data.getFirst()).contains("\"chat.completion.chunk\"");
        assertThat(data.getLast()).isEqualTo("[DONE]");
    }

    @Test
    void anthropicAnswersInOnePieceAndInAStream() throws Exception {
        start();
        HttpResponse<String> whole = post("/v1/messages", ANTHROPIC_CHAT, "anthropic-version", "2023-06-01");
        HttpResponse<String> stream = post("/v1/messages", streaming(ANTHROPIC_CHAT), "anthropic-version", "2023-06-01");

        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(json(whole).get("type").asText()).isEqualTo("message");
        assertThat(json(whole).at("/content/0/text").asText()).isNotBlank();
        List<String> events = stream.body().lines().filter(l -> l.startsWith("event: "))
                .map(l -> l.substring(7)).toList();
        assertThat(events.getFirst()).isEqualTo("message_start");
        assertThat(events).contains("content_block_start", "content_block_delta", "content_block_stop",
                "message_delta");
        assertThat(events.getLast()).isEqualTo("message_stop");
    }

    @Test
    void aSlowStreamArrivesAsItIsProduced() throws Exception {
        start(new SimulatedConfig(Duration.ZERO, 40), List.of());
        HttpRequest r = request("/v1/messages").POST(HttpRequest.BodyPublishers.ofString(streaming(ANTHROPIC_CHAT)))
                .header("content-type", "application/json").build();

        List<Long> arrivals = new ArrayList<>();
        HttpResponse<Stream<String>> response = client.send(r, HttpResponse.BodyHandlers.ofLines());
        response.body().filter(l -> l.startsWith("event: ")).forEach(l -> arrivals.add(System.nanoTime()));

        // At 40 tokens/s the answer takes a while to produce; had the server buffered it, every
        // event would arrive together at the end.
        assertThat(arrivals).hasSizeGreaterThan(6);
        long spreadMs = (arrivals.getLast() - arrivals.getFirst()) / 1_000_000;
        assertThat(spreadMs).isGreaterThan(75);
    }

    @Test
    void overheadLeavesOutTheTimeSpentWaitingOnTheUpstream() throws Exception {
        start(new SimulatedConfig(Duration.ofMillis(400), 0), List.of());
        long t0 = System.nanoTime();
        HttpResponse<String> r = post("/v1/chat/completions", OPENAI_CHAT);
        long wallMs = (System.nanoTime() - t0) / 1_000_000;

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(wallMs).isGreaterThanOrEqualTo(400);
        assertThat(Double.parseDouble(r.headers().firstValue("x-contextgate-overhead-ms").orElseThrow()))
                .isLessThan(300.0);
    }

    @Test
    void anAcceptEventStreamHeaderStreamsAMessagesCallWithoutStreamField() throws Exception {
        start();
        HttpResponse<String> r = post("/v1/messages",
                ANTHROPIC_CHAT.replaceFirst("\\{", "{\"context_id\":\"guide-1\","),
                "Accept", "text/event-stream");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("text/event-stream");
        assertThat(r.body()).startsWith("event: message_start").contains("event: message_stop");
    }

    @Test
    void errorsTakeEachDialectsShape() throws Exception {
        start();
        HttpResponse<String> openAiBad = post("/v1/chat/completions", "{\"model\":");
        HttpResponse<String> anthropicBad = post("/v1/messages", "{\"model\":");
        HttpResponse<String> openAiUnknown = post("/v1/chat/completions", OPENAI_CHAT.replace("gpt-4o-mini", "mystery"));
        HttpResponse<String> anthropicUnknown = post("/v1/messages", ANTHROPIC_CHAT.replace("claude-sonnet-4-5", "mystery"));
        HttpResponse<String> openAiNoPath = get("/v1/nothing");
        HttpResponse<String> anthropicWrongMethod = get("/v1/messages");

        assertThat(openAiBad.statusCode()).isEqualTo(400);
        assertThat(json(openAiBad).at("/error/type").asText()).isEqualTo("invalid_request_error");
        assertThat(anthropicBad.statusCode()).isEqualTo(400);
        assertThat(json(anthropicBad).get("type").asText()).isEqualTo("error");
        assertThat(json(anthropicBad).at("/error/type").asText()).isEqualTo("invalid_request_error");
        assertThat(openAiUnknown.statusCode()).isEqualTo(404);
        assertThat(json(openAiUnknown).at("/error/message").asText()).contains("mystery");
        assertThat(anthropicUnknown.statusCode()).isEqualTo(404);
        assertThat(json(anthropicUnknown).at("/error/type").asText()).isEqualTo("not_found_error");
        assertThat(openAiNoPath.statusCode()).isEqualTo(404);
        assertThat(json(openAiNoPath).at("/error/message").asText()).contains("/v1/nothing");
        assertThat(anthropicWrongMethod.statusCode()).isEqualTo(405);
        assertThat(json(anthropicWrongMethod).get("type").asText()).isEqualTo("error");
    }

    @Test
    void keysAreCheckedInEachDialect() throws Exception {
        String sha = new String(ApiKeyAuth.sha256Hex("sk-cg-test"), StandardCharsets.US_ASCII);
        start(SimulatedConfig.DEFAULT, List.of(new KeyConfig("app", sha)));

        HttpResponse<String> openAi = post("/v1/chat/completions", OPENAI_CHAT);
        HttpResponse<String> anthropic = post("/v1/messages", ANTHROPIC_CHAT, "x-api-key", "sk-wrong");

        assertThat(openAi.statusCode()).isEqualTo(401);
        assertThat(json(openAi).at("/error/message").asText()).isEqualTo(ApiKeyAuth.MESSAGE);
        assertThat(anthropic.statusCode()).isEqualTo(401);
        assertThat(json(anthropic).at("/error/type").asText()).isEqualTo("authentication_error");
        assertThat(post("/v1/chat/completions", OPENAI_CHAT, "Authorization", "Bearer sk-cg-test").statusCode())
                .isEqualTo(200);
        assertThat(post("/v1/messages", ANTHROPIC_CHAT, "x-api-key", "sk-cg-test").statusCode()).isEqualTo(200);
    }

    @Test
    void modelListAndTokenCount() throws Exception {
        start();
        JsonNode openAi = json(get("/v1/models"));
        JsonNode anthropic = json(get("/v1/models", "anthropic-version", "2023-06-01"));
        HttpResponse<String> count = post("/v1/messages/count_tokens",
                "{\"model\":\"claude-sonnet-4-5\",\"messages\":[{\"role\":\"user\",\"content\":\"Count these words\"}]}");

        assertThat(openAi.get("object").asText()).isEqualTo("list");
        assertThat(openAi.get("data").findValuesAsText("id")).contains("local-claude-proxy");
        assertThat(anthropic.has("has_more")).isTrue();
        assertThat(count.statusCode()).isEqualTo(200);
        assertThat(json(count).get("input_tokens").asInt()).isPositive();
    }
}
