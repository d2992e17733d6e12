package dev.contextgate.e2e;

import static dev.contextgate.e2e.E2eGateway.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.client.AnthropicClient;
import com.anthropic.core.JsonValue;
import com.anthropic.models.messages.CacheControlEphemeral;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.ImageBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.TextBlockParam;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlockParam;
import com.anthropic.models.messages.UrlImageSource;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.CompletionUsage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Anthropic prompt caching through the gateway: the official Anthropic SDK puts {@code cache_control}
 * where its guide does, and the fake upstreams show where it arrived; the cache token counts an upstream
 * reports reach each dialect's client.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PromptCachingE2eTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode EPHEMERAL = tree("{\"type\":\"ephemeral\"}");
    private static final JsonNode ONE_HOUR = tree("{\"type\":\"ephemeral\",\"ttl\":\"1h\"}");

    private final E2eGateway gw = E2eGateway.withUpstreams();
    private final AnthropicClient anthropic = gw.anthropicClient();
    private final OpenAIClient openAi = gw.openAiClient();

    @BeforeEach
    void reset() {
        gw.resetUpstreams();
    }

    @AfterAll
    void stop() {
        gw.close();
    }

    // ---- where the breakpoints go ----

    @Test
    void anAnthropicUpstreamGetsEachBreakpointWhereTheClientPutItWithItsTtl() {
        gw.anthropic.enqueue(E2eUpstream.json(200, fixture("anthropic/message.json")));

        Message m = anthropic.messages().create(marked("claude-sonnet-4-5"));

        assertThat(m.content().getFirst().asText().text()).isEqualTo("Hello! How can I assist you today?");
        JsonNode body = gw.anthropic.only().json();
        assertThat(body.get("system")).isEqualTo(tree("""
                [{"type":"text","text":"You analyze novels."},
                 {"type":"text","text":"<the whole of Pride and Prejudice>","cache_control":{"type":"ephemeral","ttl":"1h"}},
                 {"type":"text","text":"Today is Tuesday."}]"""));
        assertThat(body.at("/tools/0").has("cache_control")).isFalse();
        assertThat(body.at("/tools/1/cache_control")).isEqualTo(ONE_HOUR);
        assertThat(body.at("/messages/0/content/0/cache_control")).isEqualTo(EPHEMERAL); // the image
        assertThat(body.at("/messages/0/content/1").has("cache_control")).isFalse();
        assertThat(body.at("/messages/1/content/0/cache_control")).isEqualTo(EPHEMERAL); // the tool_use
        assertThat(body.at("/messages/2/content/0/cache_control")).isEqualTo(ONE_HOUR); // the tool_result
        assertThat(body.at("/messages/2/content/1/cache_control")).isEqualTo(EPHEMERAL); // the last text
        // The request-level one (automatic caching) goes as it came.
        assertThat(body.get("cache_control")).isEqualTo(EPHEMERAL);
        // Seven and no other: more than Anthropic's four, which is Anthropic's to refuse, not the gateway's.
        assertThat(gw.anthropic.only().body().split("\"cache_control\"", -1)).hasSize(8);
    }

    @Test
    void anOpenAiUpstreamGetsTheSameRequestWithoutBreakpointsAndAnswers() {
        gw.openai.enqueue(E2eUpstream.json(200, fixture("openai/completion.json")));

        Message m = anthropic.messages().create(marked("gpt-4o-mini"));

        assertThat(m.content().getFirst().asText().text()).isEqualTo("Hello! How can I assist you today?");
        String body = gw.openai.only().body();
        assertThat(body).doesNotContain("cache_control").doesNotContain("ttl")
                .contains("<the whole of Pride and Prejudice>").contains("Summarize chapter one.");
    }

    @Test
    void onAContextOnlyTheCurrentRequestsBreakpointsGoUpstream() {
        gw.anthropic.enqueue(E2eUpstream.json(200, fixture("anthropic/message.json")));
        gw.anthropic.enqueue(E2eUpstream.json(200, fixture("anthropic/message.json")));
        gw.anthropic.enqueue(E2eUpstream.json(200, fixture("anthropic/message.json")));

        anthropic.messages().create(onContext("cached-ctx")
                .addUserMessageOfContentBlockParams(List.of(text("Here is a long document.", ephemeral()))).build());
        anthropic.messages().create(onContext("cached-ctx").addUserMessage("What is it about?").build());
        anthropic.messages().create(onContext("cached-ctx")
                .addUserMessageOfContentBlockParams(List.of(text("And its ending?", ephemeral()))).build());

        List<E2eUpstream.Received> calls = gw.anthropic.received();
        assertThat(calls).hasSize(3);
        JsonNode first = calls.get(0).json();
        assertThat(first.at("/messages/0/content/0/cache_control")).isEqualTo(EPHEMERAL);
        JsonNode second = calls.get(1).json();
        assertThat(second.path("messages")).hasSize(3);
        assertThat(second.at("/messages/0/content/0/text").asText()).isEqualTo("Here is a long document.");
        assertThat(calls.get(1).body()).doesNotContain("cache_control");
        JsonNode third = calls.get(2).json();
        assertThat(third.path("messages")).hasSize(5);
        assertThat(third.at("/messages/4/content/0/cache_control")).isEqualTo(EPHEMERAL);
        assertThat(calls.get(2).body().split("\"cache_control\"", -1)).hasSize(2);
    }

    // ---- the cache token counts on the way back ----

    @Test
    void anthropicCacheCountsReachAnAnthropicClientUnchanged() {
        gw.anthropic.enqueue(E2eUpstream.json(200, anthropicCached(fixture("anthropic/message.json"))));

        Message m = anthropic.messages().create(plain("claude-sonnet-4-5"));

        assertAnthropicCacheUsage(m);
    }

    @Test
    void anthropicCacheCountsReachAnAnthropicClientUnchangedStreamed() {
        gw.anthropic.enqueue(E2eUpstream.sse(anthropicCached(fixture("anthropic/stream.sse"))));

        Message m = Sdk.anthropicStream(anthropic, plain("claude-sonnet-4-5"));

        assertAnthropicCacheUsage(m);
    }

    @Test
    void anthropicCacheReadsReachAnOpenAiClientAsCachedTokens() {
        gw.anthropic.enqueue(E2eUpstream.json(200, anthropicCached(fixture("anthropic/message.json"))));

        ChatCompletion c = openAi.chat().completions().create(openAiAsk("claude-sonnet-4-5").build());

        assertOpenAiCacheUsage(c);
    }

    @Test
    void anthropicCacheReadsReachAnOpenAiClientAsCachedTokensStreamed() {
        // Anthropic's newer streams repeat the input side, cache counts included, in message_delta.
        String stream = anthropicCached(fixture("anthropic/stream.sse")).replace("\"usage\":{\"output_tokens\":10}",
                "\"usage\":{\"input_tokens\":50,\"cache_creation_input_tokens\":1200,\"cache_read_input_tokens\":3000,"
                        + "\"output_tokens\":10}");
        gw.anthropic.enqueue(E2eUpstream.sse(stream));

        ChatCompletion c = Sdk.openAiStream(openAi, openAiAsk("claude-sonnet-4-5")
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build());

        assertOpenAiCacheUsage(c);
    }

    @Test
    void openAiCachedTokensReachAnAnthropicClientAsCacheReads() {
        gw.openai.enqueue(E2eUpstream.json(200, openAiCached(fixture("openai/completion.json"))));

        Message m = anthropic.messages().create(plain("gpt-4o-mini"));

        assertAnthropicCacheReadsFromOpenAi(m);
    }

    @Test
    void openAiCachedTokensReachAnAnthropicClientAsCacheReadsStreamed() {
        gw.openai.enqueue(E2eUpstream.sse(openAiCached(fixture("openai/stream.sse"))));

        Message m = Sdk.anthropicStream(anthropic, plain("gpt-4o-mini"));

        assertAnthropicCacheReadsFromOpenAi(m);
    }

    /** 50 uncached input tokens, 1200 written to the cache, 3000 read from it. */
    private static String anthropicCached(String fixture) {
        String cached = fixture
                .replaceFirst("\"input_tokens\": ?19", "\"input_tokens\":50")
                .replaceFirst("\"cache_creation_input_tokens\": ?0", "\"cache_creation_input_tokens\":1200")
                .replaceFirst("\"cache_read_input_tokens\": ?0", "\"cache_read_input_tokens\":3000");
        assertThat(cached).contains("\"input_tokens\":50").contains("1200").contains("3000");
        return cached;
    }

    /** 4250 prompt tokens of which 3000 came from OpenAI's cache. */
    private static String openAiCached(String fixture) {
        String cached = fixture
                .replaceFirst("\"prompt_tokens\": ?19", "\"prompt_tokens\":4250")
                .replaceFirst("\"total_tokens\": ?29", "\"total_tokens\":4260")
                .replaceFirst("\"cached_tokens\": ?0", "\"cached_tokens\":3000");
        assertThat(cached).contains("4250").contains("4260").contains("3000");
        return cached;
    }

    private static void assertAnthropicCacheUsage(Message m) {
        assertThat(m.usage().inputTokens()).isEqualTo(50);
        assertThat(m.usage().cacheCreationInputTokens()).hasValue(1200L);
        assertThat(m.usage().cacheReadInputTokens()).hasValue(3000L);
        assertThat(m.usage().outputTokens()).isEqualTo(10);
    }

    private static void assertOpenAiCacheUsage(ChatCompletion c) {
        CompletionUsage usage = c.usage().orElseThrow();
        // OpenAI's prompt_tokens counts cached tokens too; cached_tokens are the cache reads.
        assertThat(usage.promptTokens()).isEqualTo(4250);
        assertThat(usage.promptTokensDetails().orElseThrow().cachedTokens()).hasValue(3000L);
        assertThat(usage.completionTokens()).isEqualTo(10);
        assertThat(usage.totalTokens()).isEqualTo(4260);
    }

    private static void assertAnthropicCacheReadsFromOpenAi(Message m) {
        assertThat(m.usage().inputTokens()).isEqualTo(1250);
        assertThat(m.usage().cacheReadInputTokens()).hasValue(3000L);
        assertThat(m.usage().cacheCreationInputTokens()).hasValue(0L);
        assertThat(m.usage().outputTokens()).isEqualTo(10);
    }

    // ---- requests ----

    /** As the prompt caching guide places breakpoints: system, tools, an image, a tool call and result, the last turn. */
    private static MessageCreateParams marked(String model) {
        Tool.InputSchema schema = Tool.InputSchema.builder()
                .properties(JsonValue.from(Map.of("location", Map.of("type", "string")))).build();
        return MessageCreateParams.builder()
                .model(model)
                .maxTokens(100)
                .cacheControl(ephemeral())
                .systemOfTextBlockParams(List.of(
                        TextBlockParam.builder().text("You analyze novels.").build(),
                        TextBlockParam.builder().text("<the whole of Pride and Prejudice>").cacheControl(oneHour()).build(),
                        TextBlockParam.builder().text("Today is Tuesday.").build()))
                .addTool(Tool.builder().name("get_weather").description("Weather in a place").inputSchema(schema).build())
                .addTool(Tool.builder().name("get_time").description("Time in a place").inputSchema(schema)
                        .cacheControl(oneHour()).build())
                .addUserMessageOfContentBlockParams(List.of(
                        ContentBlockParam.ofImage(ImageBlockParam.builder()
                                .source(UrlImageSource.builder().url("https://example.com/cover.jpg").build())
                                .cacheControl(ephemeral()).build()),
                        text("Where was this printed?", null)))
                .addAssistantMessageOfContentBlockParams(List.of(ContentBlockParam.ofToolUse(ToolUseBlockParam.builder()
                        .id("toolu_01A").name("get_weather").input(JsonValue.from(Map.of("location", "Bath")))
                        .cacheControl(ephemeral()).build())))
                .addUserMessageOfContentBlockParams(List.of(
                        ContentBlockParam.ofToolResult(ToolResultBlockParam.builder().toolUseId("toolu_01A")
                                .content("Rain, 12C").cacheControl(oneHour()).build()),
                        text("Summarize chapter one.", ephemeral())))
                .build();
    }

    private static MessageCreateParams plain(String model) {
        return MessageCreateParams.builder().model(model).maxTokens(100).addUserMessage("Hello").build();
    }

    private static MessageCreateParams.Builder onContext(String contextId) {
        return MessageCreateParams.builder().model("claude-sonnet-4-5").maxTokens(100)
                .putAdditionalBodyProperty("context_id", JsonValue.from(contextId));
    }

    private static ChatCompletionCreateParams.Builder openAiAsk(String model) {
        return ChatCompletionCreateParams.builder().model(model).addUserMessage("Hello").maxCompletionTokens(100);
    }

    private static ContentBlockParam text(String text, CacheControlEphemeral cacheControl) {
        TextBlockParam.Builder b = TextBlockParam.builder().text(text);
        if (cacheControl != null) {
            b.cacheControl(cacheControl);
        }
        return ContentBlockParam.ofText(b.build());
    }

    private static CacheControlEphemeral ephemeral() {
        return CacheControlEphemeral.builder().build();
    }

    private static CacheControlEphemeral oneHour() {
        return CacheControlEphemeral.builder().ttl(CacheControlEphemeral.Ttl.TTL_1H).build();
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
