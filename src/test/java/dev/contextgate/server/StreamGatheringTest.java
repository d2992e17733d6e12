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
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Events already at hand are written together, but never held while the gateway waits on the
 * upstream: a burst followed by silence reaches the client during the silence.
 */
class StreamGatheringTest {

    private static String chunk(String delta) {
        return "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini\","
                + "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":null}]}\n\n";
    }

    @Test
    void aBurstThenSilenceReachesTheClientDuringTheSilence() throws Exception {
        String burst = chunk("{\"role\":\"assistant\",\"content\":\"\"}") + chunk("{\"content\":\"Hel\"}")
                + chunk("{\"content\":\"lo\"}");
        try (FakeUpstream upstream = FakeUpstream.start()) {
            upstream.enqueue(FakeUpstream.sseThenStall(burst));
            GatewayConfig config = new GatewayConfig(new ServerConfig("127.0.0.1", 0, null, 1024 * 1024),
                    new StoreConfig("memory:"),
                    List.of(new ProviderConfig("openai", ProviderType.OPENAI, "sk-test", upstream.url() + "/v1", null, null)),
                    List.of(), List.of(), SimulatedConfig.DEFAULT, null);
            try (RunningGateway gateway = Application.start(config)) {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port()
                                + "/v1/chat/completions"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-4o-mini\",\"stream\":true,"
                                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                        .build();
                // The upstream stays silent until it is closed below. Held events would still go out with the
                // first heartbeat, so the bound is the heartbeat period: a behaviour check, not a speed one.
                List<String> data = CompletableFuture.supplyAsync(() -> {
                    try {
                        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
                        assertThat(response.statusCode()).isEqualTo(200);
                        try (InputStream body = response.body()) {
                            return readUntil(body, "\"lo\"");
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }).get(ChatCall.HEARTBEAT.toMillis() - 200, TimeUnit.MILLISECONDS);
                assertThat(data).hasSizeGreaterThanOrEqualTo(2);
                assertThat(String.join("\n", data)).contains("\"Hel\"").contains("\"lo\"");
            }
        }
    }

    private static List<String> readUntil(InputStream body, String marker) {
        List<String> data = new ArrayList<>();
        BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
        try {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("data: ")) {
                    data.add(line.substring(6));
                    if (line.contains(marker)) {
                        return data;
                    }
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return data;
    }
}
