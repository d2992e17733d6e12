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
 * {@code max_in_flight: 1} and {@code max_in_flight_wait_seconds} from a config file, against an upstream
 * that holds its answers: a second call waits as long as configured for the first to end, and is then
 * refused in the caller's dialect, without a retry on that provider and without touching its breaker.
 */
class MaxInFlightGatewayTest {

    /** Well under the default wait of 5 s, well over what a refusal without waiting takes on a loaded machine. */
    private static final Duration AT_ONCE = Duration.ofSeconds(3);

    @TempDir
    Path dir;

    private final HoldingUpstream held = HoldingUpstream.start(Wire.OPENAI_OK);
    private final FakeUpstream spare = FakeUpstream.start();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private RunningGateway gateway;

    /** Provider {@code one} is the holding upstream; {@code more} is added under {@code providers:}. */
    private void start(String wait, String more) throws Exception {
        Files.writeString(dir.resolve("contextgate.yaml"), """
                providers:
                  - { name: one, type: openai, base_url: "%s/v1", max_in_flight: 1, max_in_flight_wait_seconds: %s }
                """.formatted(held.url(), wait) + more);
        GatewayConfig file = new ConfigLoader(Map.of(), dir, dir).load(new ConfigLoader.Flags(null, null, null, "contextgate.yaml"));
        gateway = Application.start(new GatewayConfig(new ServerConfig("127.0.0.1", 0, dir, 1024 * 1024),
                new StoreConfig("memory:"), file.providers(), file.models(), List.of(), SimulatedConfig.DEFAULT, null,
                file.resilience()));
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        held.close();
        spare.close();
    }

    @Test
    void aSecondCallWaitsForTheFirstToEndWithinALongerWait() throws Exception {
        start("30", "");
        CompletableFuture<HttpResponse<String>> first = openAi("one/gpt-4o-mini");
        assertThat(HoldingUpstream.await(held::holding, 1, Duration.ofSeconds(5))).isTrue();
        CompletableFuture<HttpResponse<String>> second = openAi("one/gpt-4o-mini");

        Thread.sleep(300);
        assertThat(held.received()).as("the second call is held back by the gateway").isEqualTo(1);
        assertThat(second).isNotDone();

        held.release();
        assertThat(first.get().statusCode()).isEqualTo(200);
        assertThat(second.get().statusCode()).isEqualTo(200);
        assertThat(held.received()).isEqualTo(2);
        assertThat(held.mostHeldAtOnce()).isEqualTo(1);
    }

    @Test
    void aZeroWaitRefusesTheSecondCallAtOnceInEachDialectAndTheLogSaysSaturated() throws Exception {
        start("0", "");
        CompletableFuture<HttpResponse<String>> first = openAi("one/gpt-4o-mini");
        assertThat(HoldingUpstream.await(held::holding, 1, Duration.ofSeconds(5))).isTrue();

        long from = System.nanoTime();
        HttpResponse<String> refused = openAi("one/gpt-4o-mini").get();
        HttpResponse<String> overloaded = post("/v1/messages", Wire.ANTHROPIC_CHAT.formatted("one/gpt-4o-mini")).get();
        HttpResponse<String> streamed = post("/v1/chat/completions",
                Wire.OPENAI_CHAT_STREAM.formatted("one/gpt-4o-mini")).get();
        assertThat(Duration.ofNanos(System.nanoTime() - from)).isLessThan(AT_ONCE);

        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(body(refused).at("/error/code").asText()).isEqualTo("overloaded");
        assertThat(body(refused).at("/error/message").asText()).contains("'one'").contains("saturated")
                .contains("max_in_flight");
        assertThat(overloaded.statusCode()).isEqualTo(529);
        assertThat(body(overloaded).at("/error/type").asText()).isEqualTo("overloaded_error");
        assertThat(body(overloaded).at("/error/message").asText()).contains("'one'").contains("max_in_flight");
        assertThat(streamed.statusCode()).isEqualTo(503);
        assertThat(held.received()).isEqualTo(1);
        assertThat(logRows(3).findValuesAsText("error_kind")).containsExactly("saturated", "saturated", "saturated");

        held.release();
        assertThat(first.get().statusCode()).isEqualTo(200);
    }

    @Test
    void aShortWaitIsWaitedOutThenRefusedWithoutARetryOnTheSameProvider() throws Exception {
        start("0.5", "");
        CompletableFuture<HttpResponse<String>> first = openAi("one/gpt-4o-mini");
        assertThat(HoldingUpstream.await(held::holding, 1, Duration.ofSeconds(5))).isTrue();

        long from = System.nanoTime();
        HttpResponse<String> refused = openAi("one/gpt-4o-mini").get();
        Duration took = Duration.ofNanos(System.nanoTime() - from);

        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(took).as("waited the configured 0.5 s, not the default 5 s")
                .isGreaterThanOrEqualTo(Duration.ofMillis(400)).isLessThan(AT_ONCE);
        assertThat(body(refused).at("/error/message").asText()).contains("0.5 s");
        // A refusal uses none of the five attempts allowed (the default), and the provider is not tried again.
        assertThat(metric("contextgate_upstream_retries_total", "provider=\"one\"")).isZero();
        assertThat(held.received()).isEqualTo(1);

        held.release();
        assertThat(first.get().statusCode()).isEqualTo(200);
    }

    @Test
    void refusalsDoNotOpenTheBreakerAndTheSameProviderServesOnceItHasRoom() throws Exception {
        start("0", """
                resilience:
                  breaker: { consecutive_failures: 2 }
                """);
        CompletableFuture<HttpResponse<String>> first = openAi("one/gpt-4o-mini");
        assertThat(HoldingUpstream.await(held::holding, 1, Duration.ofSeconds(5))).isTrue();

        for (int i = 0; i < 10; i++) {
            assertThat(openAi("one/gpt-4o-mini").get().statusCode()).isEqualTo(503);
        }
        JsonNode ready = get("/health/ready").path("deployments");
        assertThat(ready.findValuesAsText("id")).contains("one/gpt-4o-mini");
        assertThat(ready.findValuesAsText("breaker")).containsOnly("CLOSED");

        held.release();
        assertThat(first.get().statusCode()).isEqualTo(200);
        HttpResponse<String> next = openAi("one/gpt-4o-mini").get();
        assertThat(next.statusCode()).as(next.body()).isEqualTo(200);
        assertThat(body(next).at("/choices/0/message/content").asText()).isEqualTo("Hello there");
        assertThat(held.received()).isEqualTo(2);
    }

    @Test
    void aRefusedCallGoesOnToTheModelsFallback() throws Exception {
        spare.otherwise(json(200, Wire.OPENAI_OK.replace("Hello there", "Hello from the spare")));
        start("0", """
                  - { name: two, type: openai, base_url: "%s/v1" }
                models:
                  - name: busy
                    targets: [ { provider: one, model: gpt-4o-mini } ]
                    fallbacks: [ two/gpt-4o-mini ]
                """.formatted(spare.url()));
        CompletableFuture<HttpResponse<String>> first = openAi("one/gpt-4o-mini");
        assertThat(HoldingUpstream.await(held::holding, 1, Duration.ofSeconds(5))).isTrue();

        HttpResponse<String> r = openAi("busy").get();

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(body(r).at("/choices/0/message/content").asText()).isEqualTo("Hello from the spare");
        assertThat(held.received()).isEqualTo(1);
        assertThat(spare.requestCount()).isEqualTo(1);
        assertThat(metric("contextgate_upstream_retries_total", "provider=\"one\"")).isZero();
        assertThat(metric("contextgate_fallbacks_total", "from=\"busy\"")).isEqualTo(1.0);

        held.release();
        assertThat(first.get().statusCode()).isEqualTo(200);
    }

    /**
     * Two deployments and a fallback, all on provider {@code one}: the request waits for {@code one}'s permit
     * once (2 s), not once per place (6 s), and its later attempts there are refused at once.
     */
    @Test
    void aRequestWaitsForAProvidersPermitOnceNotAgainOnItsOtherDeploymentsOrFallbacks() throws Exception {
        start("2", """
                models:
                  - name: busy
                    targets: [ { provider: one, model: gpt-4o-mini }, { provider: one, model: gpt-4o } ]
                    fallbacks: [ one/gpt-4.1 ]
                """);
        CompletableFuture<HttpResponse<String>> first = openAi("one/gpt-4o-mini");
        assertThat(HoldingUpstream.await(held::holding, 1, Duration.ofSeconds(5))).isTrue();

        long from = System.nanoTime();
        HttpResponse<String> refused = openAi("busy").get();
        Duration took = Duration.ofNanos(System.nanoTime() - from);

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        assertThat(took).as("one wait of 2 s, not three (one per deployment and fallback on provider 'one')")
                .isGreaterThanOrEqualTo(Duration.ofMillis(1900)).isLessThan(Duration.ofSeconds(4));
        assertThat(body(refused).at("/error/message").asText()).contains("'one'").contains("already waited 2 s");

        // The same for a stream, asked for in the other dialect: its attempts are made while its first event is awaited.
        from = System.nanoTime();
        HttpResponse<String> streamed = post("/v1/messages",
                "{\"stream\":true," + Wire.ANTHROPIC_CHAT.formatted("busy").substring(1)).get();
        took = Duration.ofNanos(System.nanoTime() - from);
        assertThat(streamed.statusCode()).as(streamed.body()).isEqualTo(529);
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(1900)).isLessThan(Duration.ofSeconds(4));

        assertThat(held.received()).isEqualTo(1);
        assertThat(metric("contextgate_upstream_retries_total", "provider=\"one\"")).isZero();
        assertThat(metric("contextgate_fallbacks_total", "from=\"busy\"")).isEqualTo(2.0);

        held.release();
        assertThat(first.get().statusCode()).isEqualTo(200);
    }

    /**
     * Every deployment saturated, on two providers that each wait 0.5 s for a permit, with one attempt a model: the
     * refusals use no attempt, so both providers are waited for once (not only the first), and then the plan
     * ends, with the overloaded error in each dialect, instead of going round the refused deployments again.
     */
    @Test
    void whenEveryDeploymentIsSaturatedEachIsWaitedForOnceThenTheCallerIsToldOverloaded() throws Exception {
        try (HoldingUpstream other = HoldingUpstream.start(Wire.OPENAI_OK)) {
            start("0.5", """
                      - { name: three, type: openai, base_url: "%s/v1", max_in_flight: 1, max_in_flight_wait_seconds: 0.5 }
                    models:
                      - name: busy
                        targets: [ { provider: one, model: gpt-4o-mini }, { provider: three, model: gpt-4o-mini } ]
                    resilience:
                      max_attempts: 1
                    """.formatted(other.url()));
            CompletableFuture<HttpResponse<String>> first = openAi("one/gpt-4o-mini");
            CompletableFuture<HttpResponse<String>> third = openAi("three/gpt-4o-mini");
            assertThat(HoldingUpstream.await(held::holding, 1, Duration.ofSeconds(5))).isTrue();
            assertThat(HoldingUpstream.await(other::holding, 1, Duration.ofSeconds(5))).isTrue();

            long from = System.nanoTime();
            HttpResponse<String> refused = openAi("busy").get();
            Duration took = Duration.ofNanos(System.nanoTime() - from);
            HttpResponse<String> overloaded = post("/v1/messages", Wire.ANTHROPIC_CHAT.formatted("busy")).get();

            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
            assertThat(body(refused).at("/error/code").asText()).isEqualTo("overloaded");
            assertThat(body(refused).at("/error/message").asText()).contains("saturated").contains("max_in_flight");
            assertThat(took).as("one wait of 0.5 s on each provider, then the end")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(900)).isLessThan(AT_ONCE);
            assertThat(overloaded.statusCode()).as(overloaded.body()).isEqualTo(529);
            assertThat(body(overloaded).at("/error/type").asText()).isEqualTo("overloaded_error");
            assertThat(held.received()).isEqualTo(1);
            assertThat(other.received()).isEqualTo(1);
            assertThat(logRows(2).findValuesAsText("error_kind")).containsExactly("saturated", "saturated");

            held.release();
            other.release();
            assertThat(first.get().statusCode()).isEqualTo(200);
            assertThat(third.get().statusCode()).isEqualTo(200);
        }
    }

    /**
     * The move from a deployment our own bound refused to the model's other deployment is no retry: nothing
     * was sent upstream before the call that answered. Weights make {@code one} the first pick nine times in
     * ten, so that some of the ten calls go there first (all of them would otherwise be 1 - 10^-10 likely
     * to count).
     */
    @Test
    void movingOnFromARefusalIsNotCountedAsARetry() throws Exception {
        spare.otherwise(json(200, Wire.OPENAI_OK.replace("Hello there", "Hello from the spare")));
        start("0", """
                  - { name: two, type: openai, base_url: "%s/v1" }
                models:
                  - name: busy
                    targets: [ { provider: one, model: gpt-4o-mini, weight: 9 }, { provider: two, model: gpt-4o-mini } ]
                """.formatted(spare.url()));
        // Held on another deployment of 'one', so that busy's own deployment on it has nothing in flight.
        CompletableFuture<HttpResponse<String>> first = openAi("one/gpt-4.1");
        assertThat(HoldingUpstream.await(held::holding, 1, Duration.ofSeconds(5))).isTrue();

        for (int i = 0; i < 10; i++) {
            HttpResponse<String> r = openAi("busy").get();
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(body(r).at("/choices/0/message/content").asText()).isEqualTo("Hello from the spare");
        }

        assertThat(spare.requestCount()).isEqualTo(10);
        assertThat(held.received()).isEqualTo(1);
        assertThat(metric("contextgate_upstream_retries_total", "provider=\"two\"")).isZero();
        assertThat(metric("contextgate_upstream_retries_total", "provider=\"one\"")).isZero();
        assertThat(metric("contextgate_fallbacks_total", "from=\"busy\"")).isZero();

        held.release();
        assertThat(first.get().statusCode()).isEqualTo(200);
    }

    private CompletableFuture<HttpResponse<String>> openAi(String model) {
        return post("/v1/chat/completions", Wire.OPENAI_CHAT.formatted(model));
    }

    private CompletableFuture<HttpResponse<String>> post(String path, String body) {
        return client.sendAsync(HttpRequest.newBuilder(URI.create(base() + path))
                .header("content-type", "application/json").header("anthropic-version", "2023-06-01")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode get(String path) throws Exception {
        return Json.MAPPER.readTree(client.send(HttpRequest.newBuilder(URI.create(base() + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    /** The request log's rows once it has {@code count}: they are written in the background. */
    private JsonNode logRows(int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        JsonNode rows = get("/v1/logs").path("data");
        while (rows.size() < count) {
            assertThat(System.nanoTime() - deadline).as("%d request log rows", count).isNegative();
            Thread.sleep(20);
            rows = get("/v1/logs").path("data");
        }
        return rows;
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
