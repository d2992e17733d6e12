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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The overhead header counts the gateway's own time: a slow upstream's wait is left out, sent or streamed. */
class OverheadHeaderTest {

    private static final Duration UPSTREAM_DELAY = Duration.ofMillis(400);
    private static final String COMPLETION = """
            {"id":"c1","object":"chat.completion","created":1,"model":"gpt-4o-mini",
             "choices":[{"index":0,"message":{"role":"assistant","content":"hi"},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}}""";
    private static final String STREAM = "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,"
            + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"},\"finish_reason\":\"stop\"}]}"
            + "\n\ndata: [DONE]\n\n";

    private final FakeUpstream upstream = FakeUpstream.start();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @AfterEach
    void stop() {
        upstream.close();
    }

    @Test
    void aSlowUpstreamsWaitIsNotCountedAsOverhead() throws Exception {
        upstream.enqueue(FakeUpstream.delayed(UPSTREAM_DELAY, FakeUpstream.json(200, COMPLETION)));
        upstream.enqueue(FakeUpstream.delayed(UPSTREAM_DELAY, FakeUpstream.sse(STREAM)));
        try (RunningGateway gateway = Application.start(config())) {
            for (boolean stream : List.of(false, true)) {
                long t0 = System.nanoTime();
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + gateway.port() + "/v1/chat/completions"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-4o-mini\",\"stream\":" + stream
                                + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                double wallMs = (System.nanoTime() - t0) / 1e6;

                assertThat(r.statusCode()).as("stream=%s", stream).isEqualTo(200);
                assertThat(wallMs).isGreaterThanOrEqualTo(UPSTREAM_DELAY.toMillis());
                // The gateway's time lies within what this client waited, and the upstream's wait within the
                // gateway's: with that wait left out, the header can be at most the rest. Not a bound in
                // absolute time, which a loaded machine (the first call of a fresh gateway, under CI) breaks.
                assertThat(Double.parseDouble(r.headers().firstValue("x-contextgate-overhead-ms").orElseThrow()))
                        .as("stream=%s", stream).isLessThanOrEqualTo(wallMs - UPSTREAM_DELAY.toMillis() + 0.01);
            }
        }
    }

    private GatewayConfig config() {
        return new GatewayConfig(new ServerConfig("127.0.0.1", 0, null, 1024 * 1024), new StoreConfig("memory:"),
                List.of(new ProviderConfig("openai", ProviderType.OPENAI, "sk-test", upstream.url() + "/v1", null, null)),
                List.of(), List.of(), SimulatedConfig.DEFAULT, null);
    }
}
