package dev.contextgate.provider;

import static dev.contextgate.provider.FakeUpstream.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.contextgate.Application;
import dev.contextgate.RunningGateway;
import dev.contextgate.config.BreakerConfig;
import dev.contextgate.config.GatewayConfig;
import dev.contextgate.config.ModelConfig;
import dev.contextgate.config.ProviderConfig;
import dev.contextgate.config.ProviderType;
import dev.contextgate.config.ResilienceConfig;
import dev.contextgate.config.ServerConfig;
import dev.contextgate.config.SimulatedConfig;
import dev.contextgate.config.StoreConfig;
import dev.contextgate.config.TimeoutConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Retries, fallbacks and breaker states show in {@code /metrics} when a fake upstream fails. */
class ResilienceMetricsTest {

    private final FakeUpstream openai = FakeUpstream.start();
    private final FakeUpstream anthropic = FakeUpstream.start();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private RunningGateway gateway;

    @BeforeEach
    void start() throws Exception {
        // Three failures in a row open a breaker; a long cool-down keeps it open for the test.
        ResilienceConfig resilience = new ResilienceConfig(3, Duration.ofMillis(1), Duration.ofMillis(5),
                Duration.ofSeconds(1), TimeoutConfig.DEFAULT, new BreakerConfig(3, 100, 100, Duration.ofMinutes(10)));
        gateway = Application.start(new GatewayConfig(
                new ServerConfig("127.0.0.1", 0, null, 1024 * 1024), new StoreConfig("memory:"),
                List.of(new ProviderConfig("oa", ProviderType.OPENAI, "sk-oa", openai.url() + "/v1", null, null),
                        new ProviderConfig("an", ProviderType.ANTHROPIC, "sk-an", anthropic.url(), null, null)),
                List.of(new ModelConfig("flaky", List.of(new ModelConfig.Target("oa", "gpt-4o-mini", 1)),
                        List.of("an/claude-haiku-4-5"), null, null)),
                List.of(), SimulatedConfig.DEFAULT, null, resilience));
    }

    @AfterEach
    void stop() {
        gateway.close();
        openai.close();
        anthropic.close();
    }

    @Test
    void retriesFallbacksAndBreakerStatesMove() throws Exception {
        String before = scrape();
        assertThat(value(before, "contextgate_breaker_state", "deployment=\"oa/gpt-4o-mini\"")).isEqualTo(0.0);
        assertThat(before).contains("contextgate_store_contexts").contains("contextgate_store_messages")
                .contains("contextgate_request_log_queue_depth").contains("contextgate_request_log_dropped");

        openai.otherwise(json(500, Wire.OPENAI_500));
        anthropic.otherwise(json(200, Wire.ANTHROPIC_OK));
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + gateway.port() + "/v1/chat/completions"))
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"flaky\",\"context_id\":\"c1\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .header("content-type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);

        String after = scrape();
        assertThat(value(after, "contextgate_upstream_retries_total", "provider=\"oa\"")).isEqualTo(2.0);
        assertThat(value(after, "contextgate_fallbacks_total", "from=\"flaky\"")).isEqualTo(1.0);
        assertThat(value(after, "contextgate_breaker_state", "deployment=\"oa/gpt-4o-mini\"")).isEqualTo(2.0);
        assertThat(value(after, "contextgate_breaker_state", "deployment=\"an/claude-haiku-4-5\"")).isEqualTo(0.0);
        assertThat(value(after, "contextgate_context_commit_duration_seconds_count", "")).isEqualTo(1.0);
    }

    private String scrape() throws Exception {
        return PrometheusScrape.fetch(client, gateway.port());
    }

    /** The value of the first sample of {@code name} whose labels contain {@code label}. */
    private static double value(String scrape, String name, String label) {
        return PrometheusScrape.sample(scrape, name, label)
                .orElseThrow(() -> new AssertionError(name + " with " + label + " not in\n" + scrape));
    }
}
