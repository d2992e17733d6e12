package dev.contextgate.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.contextgate.Application;
import dev.contextgate.RunningGateway;
import dev.contextgate.config.GatewayConfig;
import dev.contextgate.config.ServerConfig;
import dev.contextgate.config.SimulatedConfig;
import dev.contextgate.config.StoreConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /metrics} on the real composition root with the simulated provider. */
class MetricsEndpointTest {

    /** A sample line of the Prometheus text format: name, optional labels, a value, optional timestamp. */
    private static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{((?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\]|\\\\.)*\",?)*)\\})? "
                    + "(-?[0-9.eE+-]+|NaN|\\+Inf|-Inf)( -?[0-9]+)?");

    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private RunningGateway gateway;

    @BeforeEach
    void start() throws Exception {
        gateway = Application.start(new GatewayConfig(
                new ServerConfig("127.0.0.1", 0, null, 1024 * 1024), new StoreConfig("memory:"),
                List.of(), List.of(), List.of(), SimulatedConfig.DEFAULT, null));
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void metricsParseAsPrometheusTextAndCountersMoveWithTraffic() throws Exception {
        List<Sample> before = scrape();

        post("/v1/chat/completions", "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        post("/v1/chat/completions", "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"context_id\":\"ctx-secret-7\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        post("/v1/messages", "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":50,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        post("/v1/chat/completions", "{\"model\":\"no-such-model-anywhere\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        List<Sample> after = scrape();
        Map<String, String> chatOk = Map.of("route", "/v1/chat/completions", "dialect", "openai", "status", "2xx");
        Map<String, String> messagesOk = Map.of("route", "/v1/messages", "dialect", "anthropic", "status", "2xx");
        Map<String, String> chatNotFound = Map.of("route", "/v1/chat/completions", "status", "4xx");
        assertThat(sum(after, "contextgate_requests_total", chatOk) - sum(before, "contextgate_requests_total", chatOk))
                .isEqualTo(2.0);
        assertThat(sum(after, "contextgate_requests_total", messagesOk) - sum(before, "contextgate_requests_total", messagesOk))
                .isEqualTo(1.0);
        assertThat(sum(after, "contextgate_requests_total", chatNotFound)).isEqualTo(1.0);
        assertThat(sum(after, "contextgate_tokens_total", Map.of("direction", "output")))
                .isGreaterThan(sum(before, "contextgate_tokens_total", Map.of("direction", "output")));
        assertThat(sum(after, "contextgate_gateway_overhead_seconds_count", Map.of())).isGreaterThanOrEqualTo(4.0);
        assertThat(sum(after, "contextgate_request_duration_seconds_bucket", Map.of("le", "+Inf"))).isGreaterThanOrEqualTo(4.0);
        assertThat(sum(after, "contextgate_active_streams", Map.of())).isEqualTo(0.0);
        assertThat(sum(after, "contextgate_requests_total", Map.of("provider", "simulated", "status", "2xx"))
                - sum(before, "contextgate_requests_total", Map.of("provider", "simulated", "status", "2xx"))).isEqualTo(3.0);
        assertThat(sum(after, "contextgate_upstream_first_byte_seconds_count", Map.of("route", "/v1/chat/completions")))
                .isGreaterThanOrEqualTo(2.0);
        assertThat(after).anyMatch(x -> x.name().equals("jvm_memory_used_bytes"));
        // Bounded labels: a model name the router does not know never becomes a label, nor does a context id.
        assertThat(after).noneMatch(x -> x.labels().containsValue("no-such-model-anywhere")
                || x.labels().containsValue("ctx-secret-7"));
        assertThat(sum(after, "contextgate_requests_total", Map.of("model", "none", "status", "4xx"))).isEqualTo(1.0);
    }

    record Sample(String name, Map<String, String> labels, double value) {}

    private static double sum(List<Sample> samples, String name, Map<String, String> labels) {
        return samples.stream()
                .filter(x -> x.name().equals(name) && x.labels().entrySet().containsAll(labels.entrySet()))
                .mapToDouble(Sample::value)
                .sum();
    }

    private List<Sample> scrape() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        List<Sample> samples = new ArrayList<>();
        for (String line : r.body().split("\n")) {
            if (line.isEmpty() || line.startsWith("# HELP ") || line.startsWith("# TYPE ")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            assertThat(m.matches()).as("a Prometheus sample line: %s", line).isTrue();
            String value = m.group(4);
            double v = value.equals("+Inf") ? Double.POSITIVE_INFINITY : value.equals("-Inf") ? Double.NEGATIVE_INFINITY
                    : Double.parseDouble(value);
            Map<String, String> labels = new HashMap<>();
            if (m.group(3) != null) {
                Matcher l = LABEL.matcher(m.group(3));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            samples.add(new Sample(m.group(1), labels, v));
        }
        return samples;
    }

    private void post(String path, String body) throws Exception {
        http.send(HttpRequest.newBuilder(uri(path)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + gateway.port() + path);
    }
}
