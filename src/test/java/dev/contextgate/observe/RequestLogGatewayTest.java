package dev.contextgate.observe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.contextgate.Application;
import dev.contextgate.RunningGateway;
import dev.contextgate.config.GatewayConfig;
import dev.contextgate.config.KeyConfig;
import dev.contextgate.config.LogsConfig;
import dev.contextgate.config.ServerConfig;
import dev.contextgate.config.SimulatedConfig;
import dev.contextgate.config.StoreConfig;
import dev.contextgate.dialect.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Requests through the real gateway (simulated provider) and what {@code GET /v1/logs} then shows. */
class RequestLogGatewayTest {

    private static final String KEY_A = "sk-client-alpha";
    private static final String KEY_B = "sk-client-beta";

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private RunningGateway gateway;

    private void start(String storeUrl, LogsConfig logs) throws Exception {
        gateway = Application.start(new GatewayConfig(
                new ServerConfig("127.0.0.1", 0, dir, 1024 * 1024), new StoreConfig(storeUrl),
                List.of(), List.of(), List.of(new KeyConfig("alpha", sha256(KEY_A)), new KeyConfig("beta", sha256(KEY_B))),
                SimulatedConfig.DEFAULT, null, null, logs));
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void modelCallsAppearWithTheirFieldsFiltersAndPagesInSqlite() throws Exception {
        start("sqlite:" + dir.resolve("contextgate.db"), LogsConfig.DEFAULT);
        HttpResponse<String> chat = post(KEY_A, "/v1/chat/completions",
                "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(chat.statusCode()).isEqualTo(200);
        post(KEY_A, "/v1/messages", "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":50,\"stream\":true,"
                + "\"context_id\":\"ctx-log-1\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}");
        post(KEY_A, "/v1/messages/count_tokens",
                "{\"model\":\"claude-sonnet-4-5\",\"messages\":[{\"role\":\"user\",\"content\":\"count me\"}]}");
        HttpResponse<String> missing = post(KEY_A, "/v1/chat/completions",
                "{\"model\":\"no-such-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(missing.statusCode()).isEqualTo(404);
        post(KEY_B, "/v1/chat/completions", "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"b\"}]}");

        JsonNode all = awaitRows(KEY_A, "", 4);
        assertThat(all.path("object").asText()).isEqualTo("list");
        List<JsonNode> rows = list(all.path("data"));
        // Newest first.
        assertThat(rows).extracting(r -> r.path("route").asText()).containsExactly(
                "/v1/chat/completions", "/v1/messages/count_tokens", "/v1/messages", "/v1/chat/completions");

        JsonNode notFound = rows.get(0);
        assertThat(notFound.path("status").asInt()).isEqualTo(404);
        assertThat(notFound.path("error_kind").asText()).isEqualTo("not_found");
        assertThat(notFound.path("requested_model").asText()).isEqualTo("no-such-model");

        JsonNode streamed = rows.get(2);
        assertThat(streamed.path("streamed").asBoolean()).isTrue();
        assertThat(streamed.path("dialect").asText()).isEqualTo("anthropic");
        assertThat(streamed.path("context_id").asText()).isEqualTo("ctx-log-1");
        assertThat(streamed.path("provider").asText()).isEqualTo("simulated");
        assertThat(streamed.path("model").asText()).isNotEmpty();
        assertThat(streamed.path("output_tokens").asInt()).isPositive();

        JsonNode first = rows.get(3);
        assertThat(first.path("request_id").asText()).isEqualTo(chat.headers().firstValue("x-request-id").orElseThrow());
        assertThat(first.path("key").asText()).isEqualTo("alpha");
        assertThat(first.path("dialect").asText()).isEqualTo("openai");
        assertThat(first.path("requested_model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(first.path("status").asInt()).isEqualTo(200);
        assertThat(first.path("error_kind").isNull()).isTrue();
        assertThat(first.path("input_tokens").asInt()).isPositive();
        assertThat(first.path("latency_ms").asDouble()).isGreaterThanOrEqualTo(first.path("overhead_ms").asDouble());
        assertThat(first.path("streamed").asBoolean()).isFalse();
        assertThat(first.has("request_body")).as("bodies are off by default").isFalse();
        assertThat(all.toString()).doesNotContain(KEY_A).doesNotContain(KEY_B);

        // Filters.
        assertThat(list(get(KEY_A, "?status=4xx").path("data"))).singleElement()
                .satisfies(r -> assertThat(r.path("status").asInt()).isEqualTo(404));
        assertThat(list(get(KEY_A, "?status=200").path("data"))).hasSize(3);
        assertThat(list(get(KEY_A, "?model=gpt-4o-mini").path("data"))).hasSize(1);
        assertThat(list(get(KEY_A, "?context_id=ctx-log-1").path("data"))).singleElement()
                .satisfies(r -> assertThat(r.path("route").asText()).isEqualTo("/v1/messages"));
        long now = System.currentTimeMillis() / 1000;
        assertThat(list(get(KEY_A, "?since=" + (now - 3600)).path("data"))).hasSize(4);
        assertThat(list(get(KEY_A, "?until=" + (now - 3600)).path("data"))).isEmpty();
        assertThat(list(get(KEY_A, "?since=2000-01-01T00:00:00Z&until=2999-01-01T00:00:00Z").path("data"))).hasSize(4);
        assertThat(getRaw(KEY_A, "?since=yesterday").statusCode()).isEqualTo(400);
        assertThat(getRaw(KEY_A, "?limit=0").statusCode()).isEqualTo(400);

        // Pages: 3 + 1, nothing repeated.
        JsonNode page1 = get(KEY_A, "?limit=3");
        assertThat(page1.path("has_more").asBoolean()).isTrue();
        JsonNode page2 = get(KEY_A, "?limit=3&after=" + page1.path("last_id").asText());
        assertThat(page2.path("has_more").asBoolean()).isFalse();
        List<String> ids = new ArrayList<>();
        list(page1.path("data")).forEach(r -> ids.add(r.path("id").asText()));
        list(page2.path("data")).forEach(r -> ids.add(r.path("id").asText()));
        assertThat(ids).doesNotHaveDuplicates()
                .containsExactlyElementsOf(rows.stream().map(r -> r.path("id").asText()).toList());

        // Each key sees only its own rows.
        List<JsonNode> beta = list(awaitRows(KEY_B, "", 1).path("data"));
        assertThat(beta).singleElement().satisfies(r -> {
            assertThat(r.path("key").asText()).isEqualTo("beta");
            assertThat(r.path("requested_model").asText()).isEqualTo("gpt-4o");
        });
        assertThat(list(get(KEY_B, "?context_id=ctx-log-1").path("data"))).isEmpty();
        assertThat(getRaw(null, "").statusCode()).isEqualTo(401);
    }

    @Test
    void bodiesAreKeptWhenEnabledInMemory() throws Exception {
        start("memory:", new LogsConfig(true, 7));
        String body = "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"keep me\"}]}";
        post(KEY_A, "/v1/chat/completions", body);

        JsonNode row = awaitRows(KEY_A, "", 1).path("data").get(0);
        assertThat(row.path("request_body").asText()).isEqualTo(body);
        assertThat(row.path("response_body").asText()).contains("chat.completion");
        assertThat(row.path("streamed").asBoolean()).isTrue();
    }

    /** Rows are written in the background: poll until they are there (bounded), asserting nothing on time. */
    private JsonNode awaitRows(String key, String query, int count) throws Exception {
        JsonNode page = get(key, query);
        for (int i = 0; i < 500 && page.path("data").size() < count; i++) {
            Thread.sleep(10);
            page = get(key, query);
        }
        return page;
    }

    private JsonNode get(String key, String query) throws Exception {
        HttpResponse<String> r = getRaw(key, query);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.MAPPER.readTree(r.body());
    }

    private HttpResponse<String> getRaw(String key, String query) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri("/v1/logs" + query)).GET();
        if (key != null) {
            b.header("authorization", "Bearer " + key);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String key, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("content-type", "application/json").header("anthropic-version", "2023-06-01")
                .header("authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + gateway.port() + path);
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    private static String sha256(String key) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    }
}
