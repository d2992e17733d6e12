package dev.contextgate.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.contextgate.chat.Dialect;
import dev.contextgate.config.KeyConfig;
import dev.contextgate.config.ProviderConfig;
import dev.contextgate.config.ServerConfig;
import dev.contextgate.context.ContextService;
import dev.contextgate.context.ContextStore;
import dev.contextgate.context.ModelLimits;
import dev.contextgate.context.TokenEstimator;
import dev.contextgate.store.memory.MemoryContextStore;
import java.time.Clock;
import dev.contextgate.dialect.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** The real server on a free port with fake codecs and a fake router, plus a client for it. */
final class TestGateway implements AutoCloseable {

    static {
        // No logback-test.xml is ours to add: keep Jetty's debug chatter out of the test output here.
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("org.eclipse.jetty"))
                .setLevel(ch.qos.logback.classic.Level.INFO);
    }

    final FakeRouter router = new FakeRouter();
    final GatewayServer server;
    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    TestGateway(long maxBodyBytes, List<KeyConfig> keys) throws IOException {
        FakeCodec openAi = new FakeCodec(Dialect.OPENAI);
        FakeCodec anthropic = new FakeCodec(Dialect.ANTHROPIC);
        ContextStore store = new MemoryContextStore(Clock.systemUTC());
        ChatCall chat = new ChatCall(router,
                new ContextService(store, new ModelLimits(List.of()), new TokenEstimator(), null, null));
        server = GatewayServer.start(
                new ServerConfig("127.0.0.1", 0, null, maxBodyBytes),
                new ApiKeyAuth(keys),
                new DialectCodecs(openAi, anthropic),
                List.of(new HealthRoutes(router, List.<ProviderConfig>of(), store),
                        new OpenAiRoutes(openAi, chat),
                        new AnthropicRoutes(anthropic, anthropic, chat, router, new TokenEstimator()),
                        new ModelListRoutes(router, models -> "{\"shape\":\"openai\"}".getBytes(StandardCharsets.UTF_8),
                                models -> "{\"shape\":\"anthropic\"}".getBytes(StandardCharsets.UTF_8))));
    }

    TestGateway() throws IOException {
        this(1024 * 1024, List.of());
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).GET();
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String body, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("content-type", "application/json");
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> response) throws IOException {
        return Json.MAPPER.readTree(response.body());
    }

    static String chat(String model, boolean stream) {
        return Json.MAPPER.valueToTree(Map.of("model", model, "stream", stream,
                "messages", List.of(Map.of("role", "user", "content", "Say hello")))).toString();
    }

    @Override
    public void close() {
        server.close();
    }
}
