package dev.contextgate.provider;

import static dev.contextgate.provider.FakeUpstream.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
import dev.contextgate.dialect.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real gateway (both dialects) against fault-injecting fake upstreams: one OpenAI-compatible, one
 * Anthropic. Backoffs are a few milliseconds so that the suite stays fast.
 */
class ResilienceGatewayTest {

    private final FakeUpstream openai = FakeUpstream.start();
    private final FakeUpstream anthropic = FakeUpstream.start();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private RunningGateway gateway;

    @BeforeEach
    void start() throws Exception {
        ResilienceConfig resilience = new ResilienceConfig(3, Duration.ofMillis(2), Duration.ofMillis(10),
                Duration.ofSeconds(1), TimeoutConfig.DEFAULT, new BreakerConfig(50, 100, 100, Duration.ofSeconds(30)));
        gateway = Application.start(new GatewayConfig(
                new ServerConfig("127.0.0.1", 0, null, 1024 * 1024), new StoreConfig("memory:"),
                List.of(new ProviderConfig("oa", ProviderType.OPENAI, "sk-oa", openai.url() + "/v1", null, null),
                        new ProviderConfig("an", ProviderType.ANTHROPIC, "sk-an", anthropic.url(), null, null)),
                List.of(new ModelConfig("flaky", List.of(new ModelConfig.Target("oa", "gpt-4o-mini", 1)),
                                List.of("an/claude-haiku-4-5"), null, null),
                        new ModelConfig("impatient", List.of(new ModelConfig.Target("oa", "gpt-4o-mini", 1)), List.of(),
                                null, null, new TimeoutConfig(null, Duration.ofMillis(300), null, null), null)),
                List.of(), SimulatedConfig.DEFAULT, null, resilience));
    }

    @AfterEach
    void stop() {
        gateway.close();
        openai.close();
        anthropic.close();
    }

    private HttpResponse<String> openAi(String body) throws Exception {
        return post("/v1/chat/completions", body);
    }

    private HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("content-type", "application/json")
                .header("anthropic-version", "2023-06-01");
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode body(HttpResponse<String> r) throws Exception {
        return Json.MAPPER.readTree(r.body());
    }

    @Test
    void twoServerErrorsThenSuccessIsAnsweredOnTheThirdAttempt() throws Exception {
        openai.enqueue(json(500, Wire.OPENAI_500)).enqueue(json(500, Wire.OPENAI_500)).enqueue(json(200, Wire.OPENAI_OK));
        HttpResponse<String> r = openAi(Wire.OPENAI_CHAT.formatted("gpt-4o-mini"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(body(r).at("/choices/0/message/content").asText()).isEqualTo("Hello there");
        assertThat(openai.requestCount()).isEqualTo(3);
    }

    @Test
    void aStreamIsRetriedWhileNothingReachedTheClient() throws Exception {
        openai.enqueue(json(502, Wire.OPENAI_500)).enqueue(FakeUpstream.sse(Wire.OPENAI_STREAM));
        HttpResponse<String> r = openAi(Wire.OPENAI_CHAT_STREAM.formatted("gpt-4o-mini"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("Hello").contains(" there").contains("[DONE]").doesNotContain("error");
        assertThat(openai.requestCount()).isEqualTo(2);
    }

    @Test
    void persistentRateLimitReachesTheClientWithRetryAfterInEachDialect() throws Exception {
        // 30 s is longer than this gateway waits (1 s): no retry on that deployment, the caller is told when.
        openai.otherwise(json(429, Wire.OPENAI_429, "Retry-After", "30"));
        HttpResponse<String> r = openAi(Wire.OPENAI_CHAT.formatted("gpt-4o-mini"));
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.headers().firstValue("retry-after")).hasValue("30");
        assertThat(body(r).at("/error/code").asText()).isEqualTo("rate_limit_exceeded");

        HttpResponse<String> a = post("/v1/messages", Wire.ANTHROPIC_CHAT.formatted("gpt-4o-mini"));
        assertThat(a.statusCode()).isEqualTo(429);
        assertThat(a.headers().firstValue("retry-after")).hasValue("30");
        assertThat(body(a).at("/error/type").asText()).isEqualTo("rate_limit_error");
        assertThat(openai.requestCount()).isEqualTo(2);
    }

    @Test
    void overloadIs529ForAnthropicCallersAnd503ForOpenAiCallers() throws Exception {
        anthropic.otherwise(json(529, Wire.ANTHROPIC_529));
        HttpResponse<String> a = post("/v1/messages", Wire.ANTHROPIC_CHAT.formatted("claude-haiku-4-5"));
        assertThat(a.statusCode()).isEqualTo(529);
        assertThat(body(a).at("/error/type").asText()).isEqualTo("overloaded_error");
        HttpResponse<String> o = openAi(Wire.OPENAI_CHAT.formatted("claude-haiku-4-5"));
        assertThat(o.statusCode()).isEqualTo(503);
        assertThat(anthropic.requestCount()).isEqualTo(6); // three attempts each
    }

    @Test
    void aResetBeforeTheFirstByteIsRetried() throws Exception {
        openai.enqueue(FakeUpstream.reset()).enqueue(json(200, Wire.OPENAI_OK));
        HttpResponse<String> r = openAi(Wire.OPENAI_CHAT.formatted("gpt-4o-mini"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(openai.requestCount()).isEqualTo(2);
    }

    @Test
    void aFirstByteLaterThanTheModelsTimeoutIsA504() throws Exception {
        openai.otherwise(FakeUpstream.delayed(Duration.ofSeconds(3), json(200, Wire.OPENAI_OK)));
        HttpResponse<String> r = openAi(Wire.OPENAI_CHAT.formatted("impatient"));
        assertThat(r.statusCode()).isEqualTo(504);
        assertThat(body(r).at("/error/message").asText()).contains("did not answer within 300 ms");
    }

    @Test
    void aSlowFirstByteWithinTheDefaultIsAnsweredByOneCall() throws Exception {
        openai.enqueue(FakeUpstream.delayed(Duration.ofMillis(1500), FakeUpstream.sse(Wire.OPENAI_STREAM)));
        HttpResponse<String> r = openAi(Wire.OPENAI_CHAT_STREAM.formatted("gpt-4o-mini"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains(" there").contains("[DONE]");
        assertThat(openai.requestCount()).isEqualTo(1);
    }

    @Test
    void aStreamCutMidWayEndsWithAnErrorEventIsNotRetriedAndLeavesTheContextUnchanged() throws Exception {
        openai.enqueue(FakeUpstream.sseCut(Wire.OPENAI_STREAM_HEAD)).otherwise(FakeUpstream.sse(Wire.OPENAI_STREAM));
        HttpResponse<String> r = openAi("""
                {"model":"gpt-4o-mini","stream":true,"context_id":"cut-1","messages":[{"role":"user","content":"Say hello"}]}""");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("Hello").contains("\"error\"").doesNotContain(" there").doesNotContain("[DONE]");
        assertThat(openai.requestCount()).isEqualTo(1);
        HttpResponse<String> messages = client.send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + gateway.port() + "/v1/contexts/cut-1/messages")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (messages.statusCode() == 200) {
            assertThat(body(messages).get("data")).isEmpty();
        } else {
            assertThat(messages.statusCode()).isEqualTo(404);
        }
    }

    @Test
    void aFailingModelFallsBackToAnotherProviderWhichTheResponseNames() throws Exception {
        openai.otherwise(json(503, Wire.OPENAI_503));
        anthropic.enqueue(json(200, Wire.ANTHROPIC_OK));
        HttpResponse<String> r = openAi(Wire.OPENAI_CHAT.formatted("flaky"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(body(r).at("/choices/0/message/content").asText()).isEqualTo("Hello from Claude");
        assertThat(body(r).get("model").asText()).isEqualTo("claude-haiku-4-5-20251001");
        assertThat(r.headers().firstValue("x-contextgate-model")).hasValue("claude-haiku-4-5-20251001");
        assertThat(openai.requestCount()).isEqualTo(3);
        assertThat(anthropic.takeRequest().body()).contains("\"model\":\"claude-haiku-4-5\"");
    }

    @Test
    void aBadRequestIsNeverRetried() throws Exception {
        openai.otherwise(json(400, """
                {"error":{"message":"Invalid 'messages': empty array.","type":"invalid_request_error","param":"messages","code":null}}"""));
        HttpResponse<String> r = openAi(Wire.OPENAI_CHAT.formatted("flaky"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(openai.requestCount()).isEqualTo(1);
        assertThat(anthropic.requestCount()).isZero();
    }

    @Test
    void readinessShowsEachDeploymentsBreaker() throws Exception {
        openai.enqueue(json(200, Wire.OPENAI_OK));
        openAi(Wire.OPENAI_CHAT.formatted("flaky"));
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + gateway.port() + "/health/ready")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(body(r).get("deployments").findValuesAsText("id")).contains("oa/gpt-4o-mini");
        assertThat(body(r).get("deployments").findValuesAsText("breaker")).containsOnly("CLOSED");
    }
}
