package dev.contextgate.server;

import static dev.contextgate.server.TestGateway.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.contextgate.GatewayVersion;
import dev.contextgate.config.KeyConfig;
import dev.contextgate.config.ServerConfig;
import java.io.ByteArrayInputStream;
import java.net.BindException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ServerBasicsTest {

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
    void healthSaysOkWithVersions() throws Exception {
        HttpResponse<String> r = gateway.get("/health");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
        JsonNode body = json(r);
        assertThat(body.get("status").asText()).isEqualTo("ok");
        assertThat(body.get("version").asText()).isEqualTo(GatewayVersion.current());
        assertThat(body.get("api_version").asText()).isEqualTo("v1");
    }

    @Test
    void readyListsProvidersAndWhetherOnlySimulated() throws Exception {
        JsonNode body = json(gateway.get("/health/ready"));

        assertThat(body.get("status").asText()).isEqualTo("ready");
        assertThat(body.get("providers")).hasSize(1);
        assertThat(body.get("providers").get(0).get("name").asText()).isEqualTo("fake");
        assertThat(body.get("providers").get(0).has("type")).isTrue();
        assertThat(body.get("simulated").isBoolean()).isTrue();
    }

    @Test
    void overheadIsMillisecondsWithTwoPlacesRoundedHalfUp() {
        assertThat(Exchange.overheadMs(0)).isEqualTo("0.00");
        assertThat(Exchange.overheadMs(-5)).isEqualTo("0.00");
        assertThat(Exchange.overheadMs(4_999)).isEqualTo("0.00");
        assertThat(Exchange.overheadMs(5_000)).isEqualTo("0.01");
        assertThat(Exchange.overheadMs(90_000)).isEqualTo("0.09");
        assertThat(Exchange.overheadMs(420_000)).isEqualTo("0.42");
        assertThat(Exchange.overheadMs(1_995_000)).isEqualTo("2.00");
        assertThat(Exchange.overheadMs(12_345_678_901L)).isEqualTo("12345.68");
    }

    @Test
    void everyResponseCarriesRequestIdVersionAndOverhead() throws Exception {
        for (HttpResponse<String> r : List.of(
                gateway.get("/health"),
                gateway.get("/nope"),
                gateway.get("/v1/chat/completions"),
                gateway.post("/v1/messages", "{not json"),
                gateway.post("/v1/chat/completions", TestGateway.chat("fake-model", false)))) {
            assertThat(r.headers().firstValue("x-request-id")).hasValueSatisfying(
                    id -> assertThat(id).matches("req_[a-z0-9]{24}"));
            assertThat(r.headers().firstValue("x-contextgate-version")).hasValue(GatewayVersion.current());
            assertThat(r.headers().firstValue("x-contextgate-overhead-ms")).hasValueSatisfying(
                    ms -> assertThat(Double.parseDouble(ms)).isGreaterThanOrEqualTo(0.0));
        }
    }

    @Test
    void keepsASaneCallerRequestIdAndReplacesAnInsaneOne() throws Exception {
        assertThat(gateway.get("/health", "X-Request-Id", "trace-1.2:abc_X").headers().firstValue("x-request-id"))
                .hasValue("trace-1.2:abc_X");
        assertThat(gateway.get("/health", "X-Request-Id", "x".repeat(129)).headers().firstValue("x-request-id"))
                .hasValueSatisfying(id -> assertThat(id).startsWith("req_"));
        assertThat(gateway.get("/health", "X-Request-Id", "a b<script>").headers().firstValue("x-request-id"))
                .hasValueSatisfying(id -> assertThat(id).startsWith("req_"));
    }

    @Test
    void unknownPathIs404InTheDialectOfThePath() throws Exception {
        HttpResponse<String> openAi = gateway.get("/v1/nothing-here");
        HttpResponse<String> anthropic = gateway.post("/v1/messages/nothing-here", "{}");

        assertThat(openAi.statusCode()).isEqualTo(404);
        assertThat(json(openAi).at("/error/dialect").asText()).isEqualTo("OPENAI");
        assertThat(json(openAi).at("/error/message").asText()).contains("/v1/nothing-here");
        assertThat(anthropic.statusCode()).isEqualTo(404);
        assertThat(json(anthropic).at("/error/dialect").asText()).isEqualTo("ANTHROPIC");
    }

    @Test
    void wrongMethodIs405WithAllowInTheDialectOfThePath() throws Exception {
        HttpResponse<String> openAi = gateway.get("/v1/chat/completions");
        HttpResponse<String> anthropic = gateway.get("/v1/messages");

        assertThat(openAi.statusCode()).isEqualTo(405);
        assertThat(openAi.headers().firstValue("allow")).hasValue("POST");
        assertThat(json(openAi).at("/error/dialect").asText()).isEqualTo("OPENAI");
        assertThat(anthropic.statusCode()).isEqualTo(405);
        assertThat(json(anthropic).at("/error/dialect").asText()).isEqualTo("ANTHROPIC");
    }

    @Test
    void modelListTakesAnthropicShapeWithAnthropicVersionHeader() throws Exception {
        assertThat(json(gateway.get("/v1/models")).get("shape").asText()).isEqualTo("openai");
        assertThat(json(gateway.get("/v1/models", "anthropic-version", "2023-06-01")).get("shape").asText())
                .isEqualTo("anthropic");
    }

    @Test
    void cleartextHttp2Works() throws Exception {
        HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        HttpResponse<String> first = h2.send(HttpRequest.newBuilder(gateway.uri("/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> second = h2.send(HttpRequest.newBuilder(gateway.uri("/health")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(second.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(second.headers().firstValue("x-request-id")).isPresent();
    }

    @Test
    void aTakenPortIsABindException() {
        ServerConfig taken = new ServerConfig("127.0.0.1", gateway.server.port(), null, 1024);
        assertThatThrownBy(() -> GatewayServer.start(taken, new ApiKeyAuth(List.of()),
                new DialectCodecs(new FakeCodec(dev.contextgate.chat.Dialect.OPENAI),
                        new FakeCodec(dev.contextgate.chat.Dialect.ANTHROPIC)), List.of()))
                .isInstanceOf(BindException.class)
                .hasMessageContaining(String.valueOf(gateway.server.port()));
    }


    @Test
    void bodyOverTheLimitByContentLengthIs413InEachDialect() throws Exception {
        try (TestGateway small = new TestGateway(1024, List.of())) {
            String big = "{\"model\":\"fake-model\",\"pad\":\"" + "x".repeat(4000) + "\"}";
            HttpResponse<String> openAi = small.post("/v1/chat/completions", big);
            HttpResponse<String> anthropic = small.post("/v1/messages", big);

            assertThat(openAi.statusCode()).isEqualTo(413);
            assertThat(json(openAi).at("/error/dialect").asText()).isEqualTo("OPENAI");
            assertThat(json(openAi).at("/error/message").asText()).contains("1024");
            assertThat(anthropic.statusCode()).isEqualTo(413);
            assertThat(json(anthropic).at("/error/dialect").asText()).isEqualTo("ANTHROPIC");
            assertThat(small.router.provider.lastRequest.get()).isNull();
        }
    }

    @Test
    void chunkedBodyThatGrowsPastTheLimitIs413() throws Exception {
        try (TestGateway small = new TestGateway(1024, List.of())) {
            byte[] big = ("{\"model\":\"fake-model\",\"pad\":\"" + "x".repeat(4000) + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            HttpRequest request = HttpRequest.newBuilder(small.uri("/v1/messages"))
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)))
                    .build();
            HttpResponse<String> r = small.client.send(request, HttpResponse.BodyHandlers.ofString());

            assertThat(r.statusCode()).isEqualTo(413);
            assertThat(json(r).at("/error/dialect").asText()).isEqualTo("ANTHROPIC");
            assertThat(small.router.provider.lastRequest.get()).isNull();
        }
    }

    /**
     * A 413 goes out while the client may still be sending its body, which nobody reads: the answer must say
     * {@code Connection: close}, or the client pools a connection that Jetty then closes under its next
     * request (a broken pipe in ErrorsE2eTest, seen only on a loaded machine). Here the body is never sent
     * whole, so the race is always lost.
     */
    @Test
    void bodyOverTheLimitAndNotReadClosesItsConnection() throws Exception {
        try (TestGateway small = new TestGateway(1024, List.of())) {
            String byLength = "POST /v1/messages HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 4000\r\n\r\n{\"model\":\"fake-model\",\"pad\":\"xxxx";
            String chunkedPastTheLimit = "POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "800\r\n" + "x".repeat(0x800) + "\r\n"; // no last chunk: the rest is still coming

            assertThat(responseHead(small, byLength)).startsWith("HTTP/1.1 413").containsIgnoringCase("connection: close");
            assertThat(responseHead(small, chunkedPastTheLimit)).startsWith("HTTP/1.1 413")
                    .containsIgnoringCase("connection: close");
            assertThat(small.router.provider.lastRequest.get()).isNull();
        }
    }

    /** Sends raw bytes on a new connection, leaves it open, and returns the answer's status line and headers. */
    private static String responseHead(TestGateway gateway, String request) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", gateway.server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            java.io.InputStream in = socket.getInputStream();
            StringBuilder head = new StringBuilder();
            while (head.indexOf("\r\n\r\n") < 0) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                head.append((char) b);
            }
            return head.toString();
        }
    }

    @Test
    void chunkedBodyUnderTheLimitIsRead() throws Exception {
        byte[] body = TestGateway.chat("fake-model", false).getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(gateway.uri("/v1/chat/completions"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build();
        HttpResponse<String> r = gateway.client.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).get("text").asText()).isEqualTo("hello");
    }

    @Test
    void keysGuardV1InEachDialectButNotHealth() throws Exception {
        String key = "sk-test-123";
        String sha = HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        try (TestGateway guarded = new TestGateway(1 << 20, List.of(new KeyConfig("app", sha)))) {
            String body = TestGateway.chat("fake-model", false);

            HttpResponse<String> openAi = guarded.post("/v1/chat/completions", body);
            HttpResponse<String> anthropic = guarded.post("/v1/messages", body, "x-api-key", "wrong");
            assertThat(openAi.statusCode()).isEqualTo(401);
            assertThat(json(openAi).at("/error/dialect").asText()).isEqualTo("OPENAI");
            assertThat(json(openAi).at("/error/message").asText()).isEqualTo(ApiKeyAuth.MESSAGE);
            assertThat(anthropic.statusCode()).isEqualTo(401);
            assertThat(json(anthropic).at("/error/dialect").asText()).isEqualTo("ANTHROPIC");
            assertThat(anthropic.body()).doesNotContain("wrong");
            assertThat(guarded.get("/v1/models", "anthropic-version", "2023-06-01").body()).contains("ANTHROPIC");

            assertThat(guarded.post("/v1/chat/completions", body, "Authorization", "Bearer " + key).statusCode())
                    .isEqualTo(200);
            assertThat(guarded.post("/v1/messages", body, "x-api-key", key).statusCode()).isEqualTo(200);
            assertThat(guarded.get("/health").statusCode()).isEqualTo(200);
            assertThat(guarded.get("/health/ready").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void requestsJettyRefusesGetJsonNotHtml() throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", gateway.server.port())) {
            socket.getOutputStream().write(("GET /v1/%ZZ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(answer).startsWith("HTTP/1.1 400");
            assertThat(answer).containsIgnoringCase("content-type: application/json");
            assertThat(answer).contains("\"dialect\":\"OPENAI\"").doesNotContain("<html");
            assertThat(answer).containsIgnoringCase("x-request-id: req_")
                    .containsIgnoringCase("x-contextgate-version: ").containsIgnoringCase("x-contextgate-overhead-ms: ");
        }
    }
}
