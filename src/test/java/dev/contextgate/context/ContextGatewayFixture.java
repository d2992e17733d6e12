package dev.contextgate.context;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import dev.contextgate.Application;
import dev.contextgate.RunningGateway;
import dev.contextgate.config.GatewayConfig;
import dev.contextgate.config.KeyConfig;
import dev.contextgate.config.ProviderConfig;
import dev.contextgate.config.ProviderType;
import dev.contextgate.config.ServerConfig;
import dev.contextgate.config.SimulatedConfig;
import dev.contextgate.config.StoreConfig;
import dev.contextgate.dialect.Json;
import dev.contextgate.provider.FakeUpstream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The real gateway on a free port with a SQLite store, in front of two fake upstreams speaking the
 * OpenAI and Anthropic wire formats, plus the official SDKs and a plain HTTP client pointed at it.
 */
final class ContextGatewayFixture implements AutoCloseable {

    final FakeUpstream openAi = FakeUpstream.start();
    final FakeUpstream anthropic = FakeUpstream.start();
    final RunningGateway gateway;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    ContextGatewayFixture(Path dataDir, List<KeyConfig> keys) throws IOException {
        gateway = Application.start(new GatewayConfig(
                new ServerConfig("127.0.0.1", 0, dataDir, 1024 * 1024),
                new StoreConfig("sqlite:" + dataDir.resolve("contextgate.db")),
                List.of(new ProviderConfig("openai", ProviderType.OPENAI, "sk-openai-test", openAi.url() + "/v1", null, null),
                        new ProviderConfig("anthropic", ProviderType.ANTHROPIC, "sk-ant-test", anthropic.url(), null, null)),
                List.of(), keys, SimulatedConfig.DEFAULT, null));
    }

    String base() {
        return "http://127.0.0.1:" + gateway.port();
    }

    OpenAIClient openAiClient(String key) {
        return OpenAIOkHttpClient.builder().baseUrl(base() + "/v1").apiKey(key).maxRetries(0).build();
    }

    AnthropicClient anthropicClient(String key) {
        return AnthropicOkHttpClient.builder().baseUrl(base()).apiKey(key).maxRetries(0).build();
    }

    HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("content-type", "application/json");
        }
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode json(String method, String path, String body, String... headers) throws Exception {
        return Json.MAPPER.readTree(send(method, path, body, headers).body());
    }

    static JsonNode parse(String json) throws IOException {
        return Json.MAPPER.readTree(json);
    }

    static String toJson(Object value) {
        return Json.MAPPER.valueToTree(value).toString();
    }

    /** An OpenAI chat.completion with one text answer. */
    static FakeUpstream.Reply openAiText(String text) {
        return FakeUpstream.json(200, toJson(Map.of("id", "chatcmpl-1", "object", "chat.completion", "created", 1,
                "model", "gpt-4o-2024-08-06",
                "choices", List.of(Map.of("index", 0, "finish_reason", "stop",
                        "message", Map.of("role", "assistant", "content", text))),
                "usage", Map.of("prompt_tokens", 20, "completion_tokens", 5, "total_tokens", 25))));
    }

    /** An Anthropic message with one text answer. */
    static FakeUpstream.Reply anthropicText(String text) {
        return FakeUpstream.json(200, toJson(Map.of("id", "msg_1", "type", "message", "role", "assistant",
                "model", "claude-sonnet-4-5-20250929", "stop_reason", "end_turn",
                "content", List.of(Map.of("type", "text", "text", text)),
                "usage", Map.of("input_tokens", 20, "output_tokens", 5))));
    }

    /** An Anthropic message that calls a tool. */
    static FakeUpstream.Reply anthropicToolUse(String id, String name, Map<String, Object> input) {
        return FakeUpstream.json(200, toJson(Map.of("id", "msg_2", "type", "message", "role", "assistant",
                "model", "claude-sonnet-4-5-20250929", "stop_reason", "tool_use",
                "content", List.of(Map.of("type", "text", "text", "Let me look."),
                        Map.of("type", "tool_use", "id", id, "name", name, "input", input)),
                "usage", Map.of("input_tokens", 30, "output_tokens", 12))));
    }

    /** A complete Anthropic event stream answering {@code text}. */
    static String anthropicStream(String text) {
        return """
                event: message_start
                data: {"type":"message_start","message":{"id":"msg_s","type":"message","role":"assistant","content":[],"model":"claude-sonnet-4-5","stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":12,"output_tokens":1}}}

                event: content_block_start
                data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"%s"}}

                event: content_block_stop
                data: {"type":"content_block_stop","index":0}

                event: message_delta
                data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":4}}

                event: message_stop
                data: {"type":"message_stop"}

                """.formatted(text);
    }

    /** An OpenAI chunk stream that never sends its end ({@code [DONE]}): a cut stream. */
    static String openAiCutStream() {
        return """
                data: {"id":"chatcmpl-c","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}

                data: {"id":"chatcmpl-c","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{"content":"Half an ans"},"finish_reason":null}]}

                """;
    }

    @Override
    public void close() {
        gateway.close();
        openAi.close();
        anthropic.close();
    }
}
