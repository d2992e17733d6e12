package dev.contextgate.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.contextgate.chat.ChatRequest;
import dev.contextgate.chat.Dialect;
import dev.contextgate.chat.GatewayError;
import dev.contextgate.chat.Message;
import dev.contextgate.chat.Passthrough;
import dev.contextgate.config.ProviderConfig;
import dev.contextgate.config.ProviderType;
import dev.contextgate.dialect.openai.OpenAiCodec;
import dev.contextgate.provider.FakeUpstream;
import dev.contextgate.provider.HttpUpstream;
import dev.contextgate.provider.Provider;
import dev.contextgate.provider.ProviderContractTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Canned bodies follow the examples in OpenAI's Chat Completions API reference. */
class OpenAiProviderTest extends ProviderContractTest {

    private static final String RESPONSE = """
            {
              "id": "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT",
              "object": "chat.completion",
              "created": 1741569952,
              "model": "gpt-4.1-2025-04-14",
              "choices": [
                {
                  "index": 0,
                  "message": {
                    "role": "assistant",
                    "content": "Hello! How can I assist you today?",
                    "refusal": null,
                    "annotations": []
                  },
                  "logprobs": null,
                  "finish_reason": "stop"
                }
              ],
              "usage": {
                "prompt_tokens": 19,
                "completion_tokens": 10,
                "total_tokens": 29,
                "prompt_tokens_details": { "cached_tokens": 0, "audio_tokens": 0 },
                "completion_tokens_details": {
                  "reasoning_tokens": 0, "audio_tokens": 0,
                  "accepted_prediction_tokens": 0, "rejected_prediction_tokens": 0
                }
              },
              "service_tier": "default"
            }
            """;

    private static final String HEAD = """
            data: {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini", "system_fingerprint": "fp_44709d6fcb", "choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}

            data: {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini", "system_fingerprint": "fp_44709d6fcb", "choices":[{"index":0,"delta":{"content":"Hello"},"logprobs":null,"finish_reason":null}]}

            """;

    private static final String STREAM = HEAD + """
            data: {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini", "system_fingerprint": "fp_44709d6fcb", "choices":[{"index":0,"delta":{"content":"!"},"logprobs":null,"finish_reason":null}]}

            data: {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini", "system_fingerprint": "fp_44709d6fcb", "choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}]}

            data: {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini", "system_fingerprint": "fp_44709d6fcb", "choices":[],"usage":{"prompt_tokens":9,"completion_tokens":2,"total_tokens":11}}

            data: [DONE]

            """;

    private static final String RATE_LIMIT = """
            {"error": {"message": "Rate limit reached for gpt-4o-mini in organization org-abc on requests per min (RPM): Limit 3, Used 3, Requested 1.", "type": "requests", "param": null, "code": "rate_limit_exceeded"}}
            """;

    @Override
    protected Provider provider(String baseUrl, String apiKey, HttpUpstream.Settings settings) {
        return new OpenAiProvider(config(baseUrl, apiKey, Map.of()), new OpenAiCodec(), settings);
    }

    private static ProviderConfig config(String baseUrl, String apiKey, Map<String, String> headers) {
        return new ProviderConfig("openai", ProviderType.OPENAI, apiKey, baseUrl, headers, null);
    }

    @Override
    protected String baseUrlFor(String fakeUrl) {
        return fakeUrl + "/v1";
    }

    @Override
    protected String chatPath() {
        return "/v1/chat/completions";
    }

    @Override
    protected String model() {
        return "gpt-4o-mini";
    }

    @Override
    protected String documentedResponse() {
        return RESPONSE;
    }

    @Override
    protected String expectedText() {
        return "Hello! How can I assist you today?";
    }

    @Override
    protected int expectedInputTokens() {
        return 19;
    }

    @Override
    protected int expectedOutputTokens() {
        return 10;
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

    @Test
    void sendsBearerKeyAndConfiguredHeaders() throws Exception {
        fake.enqueue(FakeUpstream.json(200, RESPONSE));
        new OpenAiProvider(config(fake.url() + "/v1", SECRET, Map.of("X-Org-Header", "team")), new OpenAiCodec(),
                HttpUpstream.Settings.defaults(Duration.ofSeconds(5))).complete(request("gpt-4o"));
        FakeUpstream.Recorded sent = fake.takeRequest();
        assertThat(sent.header("authorization")).isEqualTo("Bearer " + SECRET);
        assertThat(sent.header("x-org-header")).isEqualTo("team");
    }

    @Test
    void sendsNoAuthorizationWithoutAKey() throws Exception {
        fake.enqueue(FakeUpstream.json(200, RESPONSE));
        provider(fake.url() + "/v1", null, HttpUpstream.Settings.defaults(Duration.ofSeconds(5)))
                .complete(request("llama3.2"));
        assertThat(fake.takeRequest().headers()).doesNotContainKey("authorization");
    }

    @Test
    void forwardsAnOpenAiCallersHeadersButNeverItsKey() throws Exception {
        fake.enqueue(FakeUpstream.json(200, RESPONSE));
        fake.enqueue(FakeUpstream.json(200, RESPONSE));
        Map<String, String> theirs = Map.of("OpenAI-Organization", "org-1", "authorization", "Bearer gateway-key");
        provider().complete(withHeaders(Dialect.OPENAI, theirs));
        provider().complete(withHeaders(Dialect.ANTHROPIC, theirs));
        FakeUpstream.Recorded openai = fake.takeRequest();
        assertThat(openai.header("openai-organization")).isEqualTo("org-1");
        assertThat(openai.header("authorization")).isEqualTo("Bearer " + SECRET);
        FakeUpstream.Recorded anthropic = fake.takeRequest();
        assertThat(anthropic.headers()).doesNotContainKey("openai-organization");
    }

    private static ChatRequest withHeaders(Dialect dialect, Map<String, String> headers) {
        return new ChatRequest("gpt-4o", null, null, List.of(Message.user("Hello")), null, null, null, null, null, null,
                null, null, false, false, null, new Passthrough(dialect, Map.of(), headers));
    }

    @Test
    void unauthorizedIsAnAuthenticationError() {
        fake.enqueue(FakeUpstream.json(401, """
                {"error": {"message": "Incorrect API key provided: sk-test. You can find your API key at https://platform.openai.com/account/api-keys.", "type": "invalid_request_error", "param": null, "code": "invalid_api_key"}}
                """));
        assertThatThrownBy(() -> provider().complete(request("gpt-4o")))
                .isInstanceOfSatisfying(GatewayError.class,
                        e -> assertThat(e.kind()).as(e.getMessage()).isEqualTo(GatewayError.Kind.AUTHENTICATION));
    }

    @Test
    void defaultBaseUrlIncludesV1() {
        OpenAiProvider p = new OpenAiProvider(new ProviderConfig("openai", ProviderType.OPENAI, "k", null, null, null));
        assertThat(p.baseUrl()).isEqualTo("https://api.openai.com/v1");
        assertThat(p.name()).isEqualTo("openai");
    }
}
