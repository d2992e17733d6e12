package dev.contextgate.server;

import static dev.contextgate.server.TestGateway.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.contextgate.chat.GatewayError;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ChatCallTest {

    private TestGateway gateway;

    @BeforeEach
    void start() throws Exception {
        gateway = new TestGateway();
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void completeAnswerNamesTheModelThatAnswered() throws Exception {
        HttpResponse<String> r = gateway.post("/v1/chat/completions", TestGateway.chat("fake-model", false));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(r.headers().firstValue("x-contextgate-model")).hasValue("fake-upstream");
        assertThat(json(r).get("dialect").asText()).isEqualTo("OPENAI");
        assertThat(json(r).get("text").asText()).isEqualTo("hello");
        assertThat(gateway.router.provider.lastRequest.get().model()).isEqualTo("fake-upstream");
    }

    @Test
    void badJsonIs400InEachDialect() throws Exception {
        HttpResponse<String> openAi = gateway.post("/v1/chat/completions", "{\"model\":");
        HttpResponse<String> anthropic = gateway.post("/v1/messages", "not json at all");

        assertThat(openAi.statusCode()).isEqualTo(400);
        assertThat(json(openAi).at("/error/dialect").asText()).isEqualTo("OPENAI");
        assertThat(anthropic.statusCode()).isEqualTo(400);
        assertThat(json(anthropic).at("/error/dialect").asText()).isEqualTo("ANTHROPIC");
    }

    @Test
    void unknownModelIs404InEachDialect() throws Exception {
        HttpResponse<String> openAi = gateway.post("/v1/chat/completions", TestGateway.chat("nobody-serves-me", false));
        HttpResponse<String> anthropic = gateway.post("/v1/messages", TestGateway.chat("nobody-serves-me", true));

        assertThat(openAi.statusCode()).isEqualTo(404);
        assertThat(json(openAi).at("/error/dialect").asText()).isEqualTo("OPENAI");
        assertThat(anthropic.statusCode()).isEqualTo(404);
        assertThat(json(anthropic).at("/error/dialect").asText()).isEqualTo("ANTHROPIC");
        assertThat(json(anthropic).at("/error/message").asText()).contains("nobody-serves-me");
    }

    @Test
    void streamWritesEveryEventInOrderAsSse() throws Exception {
        HttpResponse<String> r = gateway.post("/v1/messages", TestGateway.chat("fake-model", true));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("text/event-stream");
        assertThat(r.headers().firstValue("cache-control")).hasValue("no-cache");
        assertThat(r.headers().firstValue("x-contextgate-model")).hasValue("fake-upstream");
        assertThat(r.headers().firstValue("x-contextgate-overhead-ms")).isPresent();
        assertThat(dataLines(r.body())).containsExactly(
                "{\"type\":\"Start\"}", "{\"type\":\"BlockStart\"}", "{\"type\":\"TextDelta\"}",
                "{\"type\":\"TextDelta\"}", "{\"type\":\"BlockStop\"}", "{\"type\":\"Delta\"}",
                "{\"type\":\"Stop\"}", "[DONE]");
        assertThat(gateway.router.provider.closed.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void eachEventIsFlushedBeforeTheNextIsProduced() throws Exception {
        CountDownLatch firstSeen = new CountDownLatch(1);
        gateway.router.provider.script.set(FakeProvider.gated(firstSeen));
        HttpRequest request = HttpRequest.newBuilder(gateway.uri("/v1/chat/completions"))
                .POST(HttpRequest.BodyPublishers.ofString(TestGateway.chat("fake-model", true))).build();

        HttpResponse<Stream<String>> r = gateway.client.send(request, HttpResponse.BodyHandlers.ofLines());
        List<String> data = new ArrayList<>();
        r.body().filter(line -> line.startsWith("data: ")).forEach(line -> {
            data.add(line.substring(6));
            firstSeen.countDown(); // the provider produces the rest only once the client holds the first
        });

        // Had the server buffered, the provider would have timed out waiting and the stream would end in an error.
        assertThat(data).first().isEqualTo("{\"type\":\"Start\"}");
        assertThat(data).last().isEqualTo("[DONE]");
        assertThat(data).hasSize(8);
    }

    @Test
    void clientThatLeavesMidStreamClosesTheUpstream() throws Exception {
        gateway.router.provider.script.set(FakeProvider::endless);
        byte[] body = TestGateway.chat("fake-model", true).getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("127.0.0.1", gateway.server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            assertThat(in.readLine()).isEqualTo("HTTP/1.1 200 OK");
            String line;
            while ((line = in.readLine()) != null && !line.contains("TextDelta")) {
                // skip headers and the first frames
            }
            assertThat(line).contains("TextDelta");
        }
        assertThat(gateway.router.provider.closed.await(10, TimeUnit.SECONDS))
                .as("the upstream stream was closed after the client left").isTrue();
    }

    @Test
    void upstreamRefusalBeforeTheStreamGetsAProperStatus() throws Exception {
        gateway.router.provider.failOnCall.set(
                new GatewayError(GatewayError.Kind.RATE_LIMITED, "slow down", null, 7, 429));

        HttpResponse<String> r = gateway.post("/v1/messages", TestGateway.chat("fake-model", true));

        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.headers().firstValue("retry-after")).hasValue("7");
        assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(json(r).at("/error/message").asText()).isEqualTo("slow down");
    }

    @Test
    void upstreamFailureMidStreamEndsTheStreamWithAnErrorFrame() throws Exception {
        gateway.router.provider.script.set(FakeProvider::failsMidway);

        HttpResponse<String> r = gateway.post("/v1/chat/completions", TestGateway.chat("fake-model", true));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(dataLines(r.body())).containsExactly(
                "{\"type\":\"Start\"}", "{\"type\":\"BlockStart\"}", "{\"type\":\"TextDelta\"}",
                "{\"kind\":\"UPSTREAM_FAILED\"}");
        assertThat(r.body()).contains("event: error").doesNotContain("[DONE]");
        assertThat(gateway.router.provider.closed.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void unexpectedExceptionIsA500NamingTheRequestIdWithoutTheStackTrace() throws Exception {
        gateway.router.provider.failOnCall.set(new IllegalStateException("secret internals"));

        HttpResponse<String> openAi = gateway.post("/v1/chat/completions", TestGateway.chat("fake-model", false),
                "X-Request-Id", "trace-42");
        HttpResponse<String> anthropic = gateway.post("/v1/messages", TestGateway.chat("fake-model", true));

        assertThat(openAi.statusCode()).isEqualTo(500);
        assertThat(json(openAi).at("/error/message").asText()).isEqualTo("internal error; request id trace-42");
        assertThat(openAi.body()).doesNotContain("secret internals").doesNotContain("IllegalStateException");
        assertThat(anthropic.statusCode()).isEqualTo(500);
        assertThat(json(anthropic).at("/error/dialect").asText()).isEqualTo("ANTHROPIC");
        assertThat(json(anthropic).at("/error/message").asText())
                .isEqualTo("internal error; request id " + anthropic.headers().firstValue("x-request-id").orElseThrow());
    }

    @Test
    void countTokensEstimatesLocallyOrAsksAProviderThatCounts() throws Exception {
        HttpResponse<String> estimated = gateway.post("/v1/messages/count_tokens", TestGateway.chat("fake-model", false));
        HttpResponse<String> counted = gateway.post("/v1/messages/count_tokens", TestGateway.chat("counting-model", false));

        assertThat(estimated.statusCode()).isEqualTo(200);
        assertThat(json(estimated).get("input_tokens").asInt()).isBetween(3, 50);
        assertThat(json(counted).get("input_tokens").asInt()).isEqualTo(4242);
    }

    @Test
    void streamsOverCleartextHttp2Too() throws Exception {
        try (java.net.http.HttpClient h2 = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_2).build()) {
            h2.send(HttpRequest.newBuilder(gateway.uri("/health")).build(), HttpResponse.BodyHandlers.discarding());
            HttpResponse<String> r = h2.send(HttpRequest.newBuilder(gateway.uri("/v1/chat/completions"))
                    .POST(HttpRequest.BodyPublishers.ofString(TestGateway.chat("fake-model", true))).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(r.version()).isEqualTo(java.net.http.HttpClient.Version.HTTP_2);
            assertThat(r.headers().firstValue("x-request-id")).isPresent();
            assertThat(dataLines(r.body())).hasSize(8).last().isEqualTo("[DONE]");
        }
    }

    private static List<String> dataLines(String sse) {
        return sse.lines().filter(l -> l.startsWith("data: ")).map(l -> l.substring(6)).toList();
    }
}
