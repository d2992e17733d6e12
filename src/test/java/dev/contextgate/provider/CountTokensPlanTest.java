package dev.contextgate.provider;

import static dev.contextgate.provider.FakeUpstream.json;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Anthropic's {@code POST /v1/messages/count_tokens} through the real gateway takes the same plan as
 * {@code /v1/messages}: retries, breakers, saturation, fallbacks (a fallback that cannot count answers with the
 * local estimate) and the total deadline, against fake Anthropic and OpenAI upstreams speaking their wire format.
 */
class CountTokensPlanTest {

    private static final String COUNT = """
            {"model":"%s","messages":[{"role":"user","content":"How many tokens is this?"}]}""";
    private static final Duration AT_ONCE = Duration.ofSeconds(4);

    @TempDir
    Path dir;

    private final FakeUpstream anthropic = FakeUpstream.start();
    private final FakeUpstream spare = FakeUpstream.start();
    private final FakeUpstream openai = FakeUpstream.start();
    private final HoldingUpstream held = HoldingUpstream.start(Wire.ANTHROPIC_OK);
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private RunningGateway gateway;

    /**
     * Providers {@code an} and {@code spare} (Anthropic), {@code oa} (OpenAI) and {@code one} (Anthropic, one call
     * at a time, refused at once past it), three attempts a model with backoffs of a few milliseconds; {@code more}
     * is appended.
     */
    private void start(String more) throws Exception {
        Files.writeString(dir.resolve("contextgate.yaml"), """
                providers:
                  - { name: an, type: anthropic, api_key: sk-an, base_url: "%s" }
                  - { name: spare, type: anthropic, api_key: sk-spare, base_url: "%s" }
                  - { name: oa, type: openai, api_key: sk-oa, base_url: "%s/v1" }
                  - { name: one, type: anthropic, api_key: sk-one, base_url: "%s", max_in_flight: 1, max_in_flight_wait_seconds: 0 }
                """.formatted(anthropic.url(), spare.url(), openai.url(), held.url()) + more);
        GatewayConfig file = new ConfigLoader(Map.of(), dir, dir).load(new ConfigLoader.Flags(null, null, null, "contextgate.yaml"));
        gateway = Application.start(new GatewayConfig(new ServerConfig("127.0.0.1", 0, dir, 1024 * 1024),
                new StoreConfig("memory:"), file.providers(), file.models(), List.of(), SimulatedConfig.DEFAULT, null,
                file.resilience()));
    }

    private static String resilience(int consecutiveFailures) {
        return """
                resilience:
                  max_attempts: 3
                  backoff_initial_ms: 2
                  backoff_max_ms: 10
                  max_retry_after_seconds: 1
                  breaker: { consecutive_failures: %d }
                """.formatted(consecutiveFailures);
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        anthropic.close();
        spare.close();
        openai.close();
        held.close();
    }

    @Test
    void anOverloadedCountIsRetriedAndTheRetryCounted() throws Exception {
        start(resilience(50));
        anthropic.enqueue(json(529, Wire.ANTHROPIC_529)).enqueue(json(200, "{\"input_tokens\":42}"));

        HttpResponse<String> r = count("an/claude-haiku-4-5");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(body(r).path("input_tokens").asInt()).isEqualTo(42);
        assertThat(anthropic.requestCount()).isEqualTo(2);
        assertThat(anthropic.takeRequest().path()).isEqualTo("/v1/messages/count_tokens");
        assertThat(metric("contextgate_upstream_retries_total", "provider=\"an\"")).isEqualTo(1.0);
    }

    @Test
    void whenEveryAttemptFailsTheCallerGetsWhatMessagesGives() throws Exception {
        start(resilience(50));
        anthropic.otherwise(json(529, Wire.ANTHROPIC_529));

        HttpResponse<String> counted = count("an/claude-haiku-4-5");
        assertThat(anthropic.requestCount()).as("three attempts, as for a chat call").isEqualTo(3);
        HttpResponse<String> chat = post("/v1/messages", Wire.ANTHROPIC_CHAT.formatted("an/claude-haiku-4-5"));
        assertThat(anthropic.requestCount()).isEqualTo(6);

        assertThat(counted.statusCode()).as(counted.body()).isEqualTo(529).isEqualTo(chat.statusCode());
        assertThat(body(counted).path("type").asText()).isEqualTo("error");
        assertThat(body(counted).at("/error/type").asText()).isEqualTo("overloaded_error")
                .isEqualTo(body(chat).at("/error/type").asText());

        // A rate limit longer than the gateway waits: not retried there, and the caller is told when to come back.
        anthropic.otherwise(json(429, """
                {"type":"error","error":{"type":"rate_limit_error","message":"Number of request tokens has exceeded your per-minute rate limit"}}""",
                "retry-after", "30"));
        counted = count("an/claude-haiku-4-5");
        chat = post("/v1/messages", Wire.ANTHROPIC_CHAT.formatted("an/claude-haiku-4-5"));
        assertThat(counted.statusCode()).isEqualTo(429).isEqualTo(chat.statusCode());
        assertThat(body(counted).at("/error/type").asText()).isEqualTo("rate_limit_error")
                .isEqualTo(body(chat).at("/error/type").asText());
        assertThat(counted.headers().firstValue("retry-after")).hasValue("30");
    }

    @Test
    void whenTheModelsDeploymentFailsItsFallbackCounts() throws Exception {
        start(resilience(50) + """
                models:
                  - { name: counted, targets: [ { provider: an, model: claude-haiku-4-5 } ], fallbacks: [ spare/claude-haiku-4-5 ] }
                """);
        anthropic.otherwise(json(529, Wire.ANTHROPIC_529));
        spare.enqueue(json(200, "{\"input_tokens\":77}"));

        HttpResponse<String> r = count("counted");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(body(r).path("input_tokens").asInt()).isEqualTo(77);
        assertThat(anthropic.requestCount()).isEqualTo(3);
        assertThat(spare.takeRequest().body()).contains("\"model\":\"claude-haiku-4-5\"");
        assertThat(metric("contextgate_fallbacks_total", "from=\"counted\"")).isEqualTo(1.0);
    }

    @Test
    void aFallbackThatCannotCountAnswersWithTheLocalEstimate() throws Exception {
        start(resilience(50) + """
                models:
                  - { name: to-openai, targets: [ { provider: an, model: claude-haiku-4-5 } ], fallbacks: [ oa/gpt-4o-mini ] }
                """);
        anthropic.otherwise(json(529, Wire.ANTHROPIC_529));

        HttpResponse<String> r = count("to-openai");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(body(r).path("input_tokens").asInt()).isBetween(5, 30);
        assertThat(anthropic.requestCount()).isEqualTo(3);
        assertThat(openai.requestCount()).as("an estimate asks no upstream").isZero();
        assertThat(metric("contextgate_fallbacks_total", "from=\"to-openai\"")).isEqualTo(1.0);
        assertThat(metric("contextgate_upstream_retries_total", "provider=\"oa\"")).isZero();
    }

    /**
     * A deployment of the model itself that cannot count answers with the estimate, also after the other one
     * failed; that estimate asked no upstream, so it is no retry. Weights make {@code an} the first pick nine times
     * in ten, so that some of the ten counts fail there first (all of them would otherwise be 1 - 10^-10 likely to).
     */
    @Test
    void aTargetThatCannotCountAnswersWithTheEstimateAndIsNoRetry() throws Exception {
        start(resilience(50) + """
                models:
                  - name: pair
                    targets: [ { provider: an, model: claude-haiku-4-5, weight: 9 }, { provider: oa, model: gpt-4o-mini } ]
                """);
        anthropic.otherwise(json(529, Wire.ANTHROPIC_529));

        for (int i = 0; i < 10; i++) {
            HttpResponse<String> r = count("pair");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(body(r).path("input_tokens").asInt()).isBetween(5, 30);
        }

        assertThat(anthropic.requestCount()).isPositive();
        assertThat(openai.requestCount()).isZero();
        assertThat(metric("contextgate_upstream_retries_total", "provider=\"oa\"")).isZero();
        assertThat(metric("contextgate_upstream_retries_total", "provider=\"an\"")).isZero();
    }

    /**
     * The route counts exactly when any deployment within the plan's reach can, not only the first: here the
     * model's own target is OpenAI, and while its breaker is open the count comes from its Anthropic fallback. A
     * model with nothing that counts in reach is estimated without running the plan, open breaker or not.
     */
    @Test
    void aTargetThatIsOutOfRotationLeavesTheCountToAFallbackThatCounts() throws Exception {
        start(resilience(1) + """
                models:
                  - { name: mixed, targets: [ { provider: oa, model: gpt-4o-mini } ], fallbacks: [ an/claude-haiku-4-5 ] }
                """);
        openai.enqueue(json(503, Wire.OPENAI_503));
        anthropic.enqueue(json(200, Wire.ANTHROPIC_OK));
        assertThat(post("/v1/messages", Wire.ANTHROPIC_CHAT.formatted("mixed")).statusCode()).isEqualTo(200);
        assertThat(ready().findValuesAsText("breaker")).contains("OPEN");

        anthropic.enqueue(json(200, "{\"input_tokens\":4242}"));
        HttpResponse<String> r = count("mixed");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(body(r).path("input_tokens").asInt()).isEqualTo(4242);
        assertThat(openai.requestCount()).isEqualTo(1);

        HttpResponse<String> alone = count("oa/gpt-4o-mini");
        assertThat(alone.statusCode()).as(alone.body()).isEqualTo(200);
        assertThat(body(alone).path("input_tokens").asInt()).isBetween(5, 30);
        assertThat(openai.requestCount()).isEqualTo(1);
    }

    @Test
    void aSaturatedDeploymentIsPassedForTheModelsOtherOne() throws Exception {
        start(resilience(50) + """
                models:
                  - name: busy
                    targets: [ { provider: one, model: claude-haiku-4-5 }, { provider: spare, model: claude-haiku-4-5 } ]
                """);
        spare.otherwise(json(200, "{\"input_tokens\":77}"));
        CompletableFuture<HttpResponse<String>> first = client.sendAsync(request("/v1/messages",
                Wire.ANTHROPIC_CHAT.formatted("one/claude-haiku-4-5")), HttpResponse.BodyHandlers.ofString());
        assertThat(HoldingUpstream.await(held::holding, 1, Duration.ofSeconds(5))).isTrue();

        for (int i = 0; i < 5; i++) {
            HttpResponse<String> r = count("busy");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(body(r).path("input_tokens").asInt()).isEqualTo(77);
        }

        assertThat(held.received()).isEqualTo(1);
        assertThat(spare.requestCount()).isEqualTo(5);
        assertThat(ready().findValuesAsText("breaker")).containsOnly("CLOSED");
        held.release();
        assertThat(first.get().statusCode()).isEqualTo(200);
    }

    /**
     * Weights make {@code an} the first pick nine times in ten, so that it is picked, fails and opens its breaker
     * within the ten counts (all of them would otherwise be 1 - 10^-10 likely to).
     */
    @Test
    void aDeploymentFailingCountsOpensItsBreakerAndIsSkippedAfterwards() throws Exception {
        start(resilience(1) + """
                models:
                  - name: pair
                    targets: [ { provider: an, model: claude-haiku-4-5, weight: 9 }, { provider: spare, model: claude-haiku-4-5 } ]
                """);
        anthropic.otherwise(json(500, """
                {"type":"error","error":{"type":"api_error","message":"Internal server error"}}"""));
        spare.otherwise(json(200, "{\"input_tokens\":77}"));

        for (int i = 0; i < 10; i++) {
            HttpResponse<String> r = count("pair");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(body(r).path("input_tokens").asInt()).isEqualTo(77);
        }

        assertThat(anthropic.requestCount()).isEqualTo(1);
        JsonNode deployments = ready();
        for (JsonNode d : deployments) {
            if (d.path("id").asText().equals("an/claude-haiku-4-5")) {
                assertThat(d.path("breaker").asText()).isEqualTo("OPEN");
            }
        }
        assertThat(deployments.findValuesAsText("id")).contains("an/claude-haiku-4-5");
    }

    @Test
    void aCountEndsAtTheModelsTotalDeadline() throws Exception {
        start(resilience(50) + """
                models:
                  - { name: impatient, targets: [ { provider: an, model: claude-haiku-4-5 } ], timeouts: { total_seconds: 1 } }
                """);
        anthropic.otherwise(FakeUpstream.delayed(Duration.ofSeconds(8), json(200, "{\"input_tokens\":42}")));

        long from = System.nanoTime();
        HttpResponse<String> r = count("impatient");
        Duration took = Duration.ofNanos(System.nanoTime() - from);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(504);
        assertThat(body(r).at("/error/message").asText()).contains("total time of 1 seconds");
        assertThat(took).as("the deadline, not the upstream's 8 s").isLessThan(AT_ONCE);
    }

    private HttpResponse<String> count(String model) throws Exception {
        return post("/v1/messages/count_tokens", COUNT.formatted(model));
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return client.send(request(path, body), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest request(String path, String body) {
        return HttpRequest.newBuilder(URI.create(base() + path)).header("content-type", "application/json")
                .header("anthropic-version", "2023-06-01").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private JsonNode ready() throws Exception {
        return Json.MAPPER.readTree(client.send(HttpRequest.newBuilder(URI.create(base() + "/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString()).body()).path("deployments");
    }

    /** The first sample of {@code name} whose labels contain {@code label}; 0 when there is none yet. */
    private double metric(String name, String label) throws Exception {
        return PrometheusScrape.sample(PrometheusScrape.fetch(client, gateway.port()), name, label).orElse(0);
    }

    private String base() {
        return "http://127.0.0.1:" + gateway.port();
    }

    private static JsonNode body(HttpResponse<String> r) throws Exception {
        return Json.MAPPER.readTree(r.body());
    }
}
