package dev.contextgate.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.contextgate.chat.ChatRequest;
import dev.contextgate.chat.Dialect;
import dev.contextgate.chat.GatewayError;
import dev.contextgate.chat.Message;
import dev.contextgate.chat.Passthrough;
import dev.contextgate.config.ProviderConfig;
import dev.contextgate.config.ProviderType;
import dev.contextgate.dialect.anthropic.AnthropicCodec;
import dev.contextgate.provider.FakeUpstream;
import dev.contextgate.provider.HttpUpstream;
import dev.contextgate.provider.Provider;
import dev.contextgate.provider.ProviderContractTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Canned bodies follow the examples in Anthropic's Messages API and streaming documentation. */
class AnthropicProviderTest extends ProviderContractTest {

    private static final String RESPONSE = """
            {
              "id": "msg_013Zva2CMHLNnXjNJJKqJ2EF",
              "type": "message",
              "role": "assistant",
              "model": "claude-sonnet-4-5-20250929",
              "content": [ { "type": "text", "text": "Hi! My name is Claude." } ],
              "stop_reason": "end_turn",
              "stop_sequence": null,
              "usage": { "input_tokens": 2095, "output_tokens": 503 }
            }
            """;

    private static final String HEAD = """
            event: message_start
            data: {"type": "message_start", "message": {"id": "msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY", "type": "message", "role": "assistant", "content": [], "model": "claude-opus-4-1-20250805", "stop_reason": null, "stop_sequence": null, "usage": {"input_tokens": 25, "output_tokens": 1}}}

            event: content_block_start
            data: {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}}

            event: ping
            data: {"type": "ping"}

            event: content_block_delta
            data: {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "Hello"}}

            """;

    private static final String STREAM = HEAD + """
            event: content_block_delta
            data: {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "!"}}

            event: content_block_stop
            data: {"type": "content_block_stop", "index": 0}

            event: message_delta
            data: {"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence":null}, "usage": {"output_tokens": 15}}

            event: message_stop
            data: {"type": "message_stop"}

            """;

    private static final String RATE_LIMIT = """
            {"type": "error", "error": {"type": "rate_limit_error", "message": "Number of request tokens has exceeded your per-minute rate limit"}}
            """;

    @Override
    protected Provider provider(String baseUrl, String apiKey, HttpUpstream.Settings settings) {
        return new AnthropicProvider(config(baseUrl, apiKey), new AnthropicCodec(), settings);
    }

    private static ProviderConfig config(String baseUrl, String apiKey) {
        return new ProviderConfig("anthropic", ProviderType.ANTHROPIC, apiKey, baseUrl, null, null);
    }

    private AnthropicProvider anthropic(String baseUrl) {
        return new AnthropicProvider(config(baseUrl, SECRET), new AnthropicCodec(),
                HttpUpstream.Settings.defaults(Duration.ofSeconds(5)));
    }

    @Override
    protected String baseUrlFor(String fakeUrl) {
        return fakeUrl;
    }

    @Override
    protected String chatPath() {
        return "/v1/messages";
    }

    @Override
    protected String model() {
        return "claude-sonnet-4-5";
    }

    @Override
    protected String documentedResponse() {
        return RESPONSE;
    }

    @Override
    protected String expectedText() {
        return "Hi! My name is Claude.";
    }

    @Override
    protected int expectedInputTokens() {
        return 2095;
    }

    @Override
    protected int expectedOutputTokens() {
        return 503;
    }

    @Override
    protected String documentedStream() {
        return STREAM;
    }

    @Override
    protected String expectedStreamText() {
        return "Hello!";
    }

    @Override
    protected String streamHead() {
        return HEAD;
    }

    @Override
    protected String rateLimitBody() {
        return RATE_LIMIT;
    }

    private static ChatRequest from(Dialect dialect, Map<String, String> headers) {
        return new ChatRequest("claude-sonnet-4-5", null, null, List.of(Message.user("Hello")), 1024, null, null, null,
                null, null, null, null, false, false, null, new Passthrough(dialect, Map.of(), headers));
    }

    @Test
    void sendsKeyAndTheDefaultVersionForAnOpenAiCaller() throws Exception {
        fake.enqueue(FakeUpstream.json(200, RESPONSE));
        provider().complete(from(Dialect.OPENAI, Map.of("anthropic-beta", "x", "anthropic-version", "1999-01-01")));
        FakeUpstream.Recorded sent = fake.takeRequest();
        assertThat(sent.header("x-api-key")).isEqualTo(SECRET);
        assertThat(sent.header("anthropic-version")).isEqualTo("2023-06-01");
        assertThat(sent.headers()).doesNotContainKeys("anthropic-beta", "authorization");
    }

    @Test
    void forwardsAnAnthropicCallersVersionAndBetaButNotItsKey() throws Exception {
        fake.enqueue(FakeUpstream.json(200, RESPONSE));
        provider().complete(from(Dialect.ANTHROPIC, Map.of("anthropic-version", "2024-10-22",
                "anthropic-beta", "prompt-caching-2024-07-31", "x-api-key", "gateway-client-key")));
        FakeUpstream.Recorded sent = fake.takeRequest();
        assertThat(sent.header("anthropic-version")).isEqualTo("2024-10-22");
        assertThat(sent.header("anthropic-beta")).isEqualTo("prompt-caching-2024-07-31");
        assertThat(sent.header("x-api-key")).isEqualTo(SECRET);
    }

    @Test
    void anthropicCallerWithoutVersionGetsTheDefault() throws Exception {
        fake.enqueue(FakeUpstream.json(200, RESPONSE));
        provider().complete(from(Dialect.ANTHROPIC, Map.of()));
        assertThat(fake.takeRequest().header("anthropic-version")).isEqualTo("2023-06-01");
    }

    @Test
    void noKeyNoKeyHeader() throws Exception {
        fake.enqueue(FakeUpstream.json(200, RESPONSE));
        provider(fake.url(), null, HttpUpstream.Settings.defaults(Duration.ofSeconds(5))).complete(request(model()));
        assertThat(fake.takeRequest().headers()).doesNotContainKey("x-api-key");
    }

    @Test
    void baseUrlWithV1OrSlashIsTolerated() throws Exception {
        fake.enqueue(FakeUpstream.json(200, RESPONSE));
        fake.enqueue(FakeUpstream.json(200, RESPONSE));
        anthropic(fake.url() + "/v1/").complete(request(model()));
        anthropic(fake.url() + "/").complete(request(model()));
        assertThat(fake.takeRequest().path()).isEqualTo("/v1/messages");
        assertThat(fake.takeRequest().path()).isEqualTo("/v1/messages");
        assertThat(AnthropicProvider.baseUrl(null)).isEqualTo("https://api.anthropic.com");
        assertThat(AnthropicProvider.baseUrl("https://proxy.example/v1")).isEqualTo("https://proxy.example");
    }

    @Test
    void countsTokensThroughCountTokens() throws Exception {
        fake.enqueue(FakeUpstream.json(200, "{\"input_tokens\": 14}"));
        assertThat(anthropic(fake.url()).countTokens(request(model()))).hasValue(14);
        FakeUpstream.Recorded sent = fake.takeRequest();
        assertThat(sent.path()).isEqualTo("/v1/messages/count_tokens");
        assertThat(sent.header("anthropic-version")).isEqualTo("2023-06-01");
        assertThat(sent.body()).contains("Hello").doesNotContain("max_tokens");
    }

    @Test
    void overloadedIsOverloaded() {
        fake.enqueue(FakeUpstream.json(529, """
                {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}
                """));
        assertThatThrownBy(() -> provider().complete(request(model())))
                .isInstanceOfSatisfying(GatewayError.class,
                        e -> assertThat(e.kind()).isEqualTo(GatewayError.Kind.OVERLOADED));
    }
}
