package dev.contextgate.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.contextgate.Application;
import dev.contextgate.RunningGateway;
import dev.contextgate.config.ConfigLoader;
import dev.contextgate.config.GatewayConfig;
import dev.contextgate.config.ServerConfig;
import dev.contextgate.config.SimulatedConfig;
import dev.contextgate.config.StoreConfig;
import dev.contextgate.dialect.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code max_in_flight: 1} from a config file, against an upstream that holds its answers: a second call
 * waits for the first to end, and one that waits longer than {@link HttpUpstream#PERMIT_WAIT} is refused as
 * overloaded in the caller's dialect.
 */
class MaxInFlightGatewayTest {

    @TempDir
    Path dir;

    private final HoldingUpstream upstream = HoldingUpstream.start(Wire.OPENAI_OK);
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private RunningGateway gateway;

    @BeforeEach
    void start() throws Exception {
        // One attempt per call: a refused permit would otherwise be retried, each retry waiting again.
        Files.writeString(dir.resolve("contextgate.yaml"), """
                providers:
                  - { name: one, type: openai, base_url: "%s/v1", max_in_flight: 1 }
                resilience:
                  max_attempts: 1
                """.formatted(upstream.url()));
        GatewayConfig file = new ConfigLoader(Map.of(), dir, dir).load(new ConfigLoader.Flags(null, null, null, "contextgate.yaml"));
        gateway = Application.start(new GatewayConfig(new ServerConfig("127.0.0.1", 0, dir, 1024 * 1024),
                new StoreConfig("memory:"), file.providers(), List.of(), List.of(), SimulatedConfig.DEFAULT, null,
                file.resilience()));
    }

    @AfterEach
    void stop() {
        gateway.close();
        upstream.close();
    }

    @Test
    void aSecondCallWaitsForTheFirstToEnd() throws Exception {
        CompletableFuture<HttpResponse<String>> first = openAi();
        assertThat(HoldingUpstream.await(upstream::holding, 1, Duration.ofSeconds(5))).isTrue();
        CompletableFuture<HttpResponse<String>> second = openAi();

        Thread.sleep(300);
        assertThat(upstream.received()).as("the second call is held back by the gateway").isEqualTo(1);
        assertThat(second).isNotDone();

        upstream.release();
        assertThat(first.get().statusCode()).isEqualTo(200);
        assertThat(second.get().statusCode()).isEqualTo(200);
        assertThat(upstream.received()).isEqualTo(2);
        assertThat(upstream.mostHeldAtOnce()).isEqualTo(1);
    }

    @Test
    void aCallThatFindsNoPermitInTimeIsOverloadedInEachDialect() throws Exception {
        CompletableFuture<HttpResponse<String>> first = openAi();
        assertThat(HoldingUpstream.await(upstream::holding, 1, Duration.ofSeconds(5))).isTrue();
        CompletableFuture<HttpResponse<String>> openAiCaller = openAi();
        CompletableFuture<HttpResponse<String>> anthropicCaller = post("/v1/messages",
                String.format(Wire.ANTHROPIC_CHAT, "one/gpt-4o-mini"));

        HttpResponse<String> refused = openAiCaller.get();
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(body(refused).at("/error/message").asText()).contains("'one'").contains("saturated")
                .contains("max_in_flight");
        HttpResponse<String> overloaded = anthropicCaller.get();
        assertThat(overloaded.statusCode()).isEqualTo(529);
        assertThat(body(overloaded).at("/error/type").asText()).isEqualTo("overloaded_error");
        assertThat(upstream.received()).isEqualTo(1);

        upstream.release();
        assertThat(first.get().statusCode()).isEqualTo(200);
    }

    private CompletableFuture<HttpResponse<String>> openAi() {
        return post("/v1/chat/completions", String.format(Wire.OPENAI_CHAT, "one/gpt-4o-mini"));
    }

    private CompletableFuture<HttpResponse<String>> post(String path, String body) {
        return client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
                .header("content-type", "application/json").header("anthropic-version", "2023-06-01")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode body(HttpResponse<String> r) throws Exception {
        return Json.MAPPER.readTree(r.body());
    }
}
