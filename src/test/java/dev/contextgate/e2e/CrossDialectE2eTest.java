package dev.contextgate.e2e;

import static dev.contextgate.e2e.E2eGateway.ANTHROPIC_UPSTREAM_KEY;
import static dev.contextgate.e2e.E2eGateway.OPENAI_UPSTREAM_KEY;
import static dev.contextgate.e2e.E2eGateway.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.client.AnthropicClient;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.StopReason;
import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.CompletionUsage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Each dialect to each provider, in one piece and streamed: what the SDK returns, and what the upstream
 * received (body translated into its dialect, its own auth header, never the caller's key nor context_id).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrossDialectE2eTest {

    private static final String ANSWER = "Hello! How can I assist you today?";

    private final E2eGateway gw = E2eGateway.withUpstreams();
    private final OpenAIClient openAi = gw.openAiClient("sk-caller-openai");
    private final AnthropicClient anthropic = gw.anthropicClient("sk-caller-anthropic");

    @BeforeEach
    void reset() {
        gw.resetUpstreams();
    }

    @AfterAll
    void stop() {
        gw.close();
    }

    // ---- OpenAI SDK ----

    @Test
    void openAiSdkToOpenAiUpstream() {
        gw.openai.enqueue(E2eUpstream.json(200, fixture("openai/completion.json")));

        ChatCompletion c = openAi.chat().completions().create(openAiParams("gpt-4o-mini").build());

        assertOpenAiAnswer(c, "gpt-4o-mini-2024-07-18");
        JsonNode body = openAiUpstreamBody(false);
        assertThat(body.path("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(body.path("max_tokens").asInt()).isEqualTo(100);
        assertThat(body.has("stream")).isFalse();
        assertThat(gw.anthropic.received()).isEmpty();
    }

    @Test
    void openAiSdkToOpenAiUpstreamStreamed() {
        gw.openai.enqueue(E2eUpstream.sse(fixture("openai/stream.sse")));

        ChatCompletion c = Sdk.openAiStream(openAi, openAiParams("gpt-4o-mini")
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build());

        assertOpenAiAnswer(c, "gpt-4o-mini-2024-07-18");
        JsonNode body = openAiUpstreamBody(true);
        assertThat(body.path("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(body.at("/stream_options/include_usage").asBoolean()).isTrue();
    }

    @Test
    void openAiSdkToAnthropicUpstream() {
        gw.anthropic.enqueue(E2eUpstream.json(200, fixture("anthropic/message.json")));

        ChatCompletion c = openAi.chat().completions().create(openAiParams("claude-sonnet-4-5").build());

        assertOpenAiAnswer(c, "claude-sonnet-4-5-20250929");
        JsonNode body = anthropicUpstreamBody(false);
        assertThat(body.path("max_tokens").asInt()).isEqualTo(100);
        assertThat(gw.anthropic.only().header("anthropic-version")).isEqualTo("2023-06-01");
        assertThat(gw.openai.received()).isEmpty();
    }

    @Test
    void openAiSdkToAnthropicUpstreamStreamedWithoutMaxTokens() {
        gw.anthropic.enqueue(E2eUpstream.sse(fixture("anthropic/stream.sse")));

        ChatCompletion c = Sdk.openAiStream(openAi, ChatCompletionCreateParams.builder()
                .model("claude-sonnet-4-5")
                .addSystemMessage("You are terse.")
                .addUserMessage("Hello")
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                .build());

        assertOpenAiAnswer(c, "claude-sonnet-4-5-20250929");
        JsonNode body = anthropicUpstreamBody(true);
        // Anthropic requires max_tokens; an OpenAI caller need not send one.
        assertThat(body.path("max_tokens").asInt()).isPositive();
        assertThat(body.has("stream_options")).isFalse();
    }

    @Test
    void openAiSdkStreamWithoutIncludeUsageStillCompletes() {
        gw.openai.enqueue(E2eUpstream.sse(fixture("openai/stream.sse")));

        ChatCompletion c = Sdk.openAiStream(openAi, openAiParams("gpt-4o-mini").build());

        assertThat(c.choices().getFirst().message().content()).hasValue(ANSWER);
        assertThat(c.choices().getFirst().finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(c.usage()).isEmpty();
    }

    private static ChatCompletionCreateParams.Builder openAiParams(String model) {
        return ChatCompletionCreateParams.builder()
                .model(model)
                .addSystemMessage("You are terse.")
                .addUserMessage("Hello")
                .maxCompletionTokens(100);
    }

    private static void assertOpenAiAnswer(ChatCompletion c, String model) {
        assertThat(c.model()).isEqualTo(model);
        assertThat(c.choices()).hasSize(1);
        assertThat(c.choices().getFirst().message().content()).hasValue(ANSWER);
        assertThat(c.choices().getFirst().message().toolCalls().orElse(java.util.List.of())).isEmpty();
        assertThat(c.choices().getFirst().finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        CompletionUsage usage = c.usage().orElseThrow();
        assertThat(usage.promptTokens()).isEqualTo(19);
        assertThat(usage.completionTokens()).isEqualTo(10);
        assertThat(usage.totalTokens()).isEqualTo(29);
    }

    // ---- Anthropic SDK ----

    @Test
    void anthropicSdkToAnthropicUpstream() {
        gw.anthropic.enqueue(E2eUpstream.json(200, fixture("anthropic/message.json")));

        Message m = anthropic.messages().create(anthropicParams("claude-sonnet-4-5"));

        assertAnthropicAnswer(m, "claude-sonnet-4-5-20250929");
        JsonNode body = anthropicUpstreamBody(false);
        assertThat(body.path("max_tokens").asInt()).isEqualTo(100);
        assertThat(gw.openai.received()).isEmpty();
    }

    @Test
    void anthropicSdkToAnthropicUpstreamStreamed() {
        gw.anthropic.enqueue(E2eUpstream.sse(fixture("anthropic/stream.sse")));

        Message m = Sdk.anthropicStream(anthropic, anthropicParams("claude-sonnet-4-5"));

        assertAnthropicAnswer(m, "claude-sonnet-4-5-20250929");
        assertThat(anthropicUpstreamBody(true).path("max_tokens").asInt()).isEqualTo(100);
    }

    @Test
    void anthropicSdkToOpenAiUpstream() {
        gw.openai.enqueue(E2eUpstream.json(200, fixture("openai/completion.json")));

        Message m = anthropic.messages().create(anthropicParams("gpt-4o-mini"));

        assertAnthropicAnswer(m, "gpt-4o-mini-2024-07-18");
        JsonNode body = openAiUpstreamBody(false);
        assertThat(body.path("max_tokens").asInt()).isEqualTo(100);
        assertThat(gw.anthropic.received()).isEmpty();
    }

    @Test
    void anthropicSdkToOpenAiUpstreamStreamed() {
        gw.openai.enqueue(E2eUpstream.sse(fixture("openai/stream.sse")));

        Message m = Sdk.anthropicStream(anthropic, anthropicParams("gpt-4o-mini"));

        assertAnthropicAnswer(m, "gpt-4o-mini-2024-07-18");
        JsonNode body = openAiUpstreamBody(true);
        // The Anthropic caller always gets usage, so the gateway must ask the OpenAI upstream for it.
        assertThat(body.at("/stream_options/include_usage").asBoolean()).isTrue();
    }

    @Test
    void anthropicSdkVersionAndBetaHeadersReachTheAnthropicUpstream() {
        gw.anthropic.enqueue(E2eUpstream.json(200, fixture("anthropic/message.json")));

        anthropic.messages().create(anthropicParams("claude-sonnet-4-5").toBuilder()
                .putAdditionalHeader("anthropic-version", "2023-06-01")
                .putAdditionalHeader("anthropic-beta", "token-efficient-tools-2025-02-19")
                .build());

        E2eUpstream.Received r = gw.anthropic.only();
        assertThat(r.header("anthropic-version")).isEqualTo("2023-06-01");
        assertThat(r.header("anthropic-beta")).isEqualTo("token-efficient-tools-2025-02-19");
        assertThat(r.header("x-api-key")).isEqualTo(ANTHROPIC_UPSTREAM_KEY);
    }

    private static MessageCreateParams anthropicParams(String model) {
        return MessageCreateParams.builder()
                .model(model)
                .system("You are terse.")
                .addUserMessage("Hello")
                .maxTokens(100)
                .build();
    }

    private static void assertAnthropicAnswer(Message m, String model) {
        assertThat(m.model().asString()).isEqualTo(model);
        assertThat(m.content()).hasSize(1);
        assertThat(m.content().getFirst().asText().text()).isEqualTo(ANSWER);
        assertThat(m.stopReason()).hasValue(StopReason.END_TURN);
        assertThat(m.usage().inputTokens()).isEqualTo(19);
        assertThat(m.usage().outputTokens()).isEqualTo(10);
    }

    // ---- what the upstreams received ----

    /** OpenAI shape: system as the first message, Bearer auth with the gateway's upstream key. */
    private JsonNode openAiUpstreamBody(boolean stream) {
        E2eUpstream.Received r = gw.openai.only();
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/v1/chat/completions");
        assertThat(r.header("authorization")).isEqualTo("Bearer " + OPENAI_UPSTREAM_KEY);
        assertThat(r.headers()).doesNotContainKeys("x-api-key", "anthropic-version");
        assertThat(r.body()).doesNotContain("sk-caller").doesNotContain("context_id");
        JsonNode body = r.json();
        JsonNode messages = body.path("messages");
        assertThat(messages).hasSize(2);
        assertThat(messages.get(0).path("role").asText()).isEqualTo("system");
        assertThat(Sdk.text(messages.get(0).path("content"))).isEqualTo("You are terse.");
        assertThat(messages.get(1).path("role").asText()).isEqualTo("user");
        assertThat(Sdk.text(messages.get(1).path("content"))).isEqualTo("Hello");
        assertThat(body.has("system")).isFalse();
        assertThat(body.path("stream").asBoolean(false)).isEqualTo(stream);
        return body;
    }

    /** Anthropic shape: top-level system, user-only messages, x-api-key and anthropic-version. */
    private JsonNode anthropicUpstreamBody(boolean stream) {
        E2eUpstream.Received r = gw.anthropic.only();
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/v1/messages");
        assertThat(r.header("x-api-key")).isEqualTo(ANTHROPIC_UPSTREAM_KEY);
        // The Anthropic SDK's own version goes along; anyone else gets the version the codec writes.
        assertThat(r.header("anthropic-version")).matches("\\d{4}-\\d{2}-\\d{2}");
        assertThat(r.headers()).doesNotContainKey("authorization");
        assertThat(r.body()).doesNotContain("sk-caller").doesNotContain("context_id");
        JsonNode body = r.json();
        assertThat(body.path("model").asText()).isEqualTo("claude-sonnet-4-5");
        assertThat(Sdk.text(body.path("system"))).isEqualTo("You are terse.");
        JsonNode messages = body.path("messages");
        assertThat(messages).hasSize(1);
        assertThat(messages.get(0).path("role").asText()).isEqualTo("user");
        assertThat(Sdk.text(messages.get(0).path("content"))).isEqualTo("Hello");
        assertThat(body.has("max_completion_tokens")).isFalse();
        assertThat(body.path("stream").asBoolean(false)).isEqualTo(stream);
        return body;
    }
}
