package dev.contextgate.context;

import static dev.contextgate.context.ContextGatewayFixture.anthropicStream;
import static dev.contextgate.context.ContextGatewayFixture.anthropicText;
import static dev.contextgate.context.ContextGatewayFixture.anthropicToolUse;
import static dev.contextgate.context.ContextGatewayFixture.openAiCutStream;
import static dev.contextgate.context.ContextGatewayFixture.openAiText;
import static dev.contextgate.context.ContextGatewayFixture.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.contextgate.provider.FakeUpstream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Conversations kept on the server, driven by the official SDKs through the gateway to fake upstreams. */
class ContextEndToEndTest {

    @TempDir
    Path dir;

    ContextGatewayFixture fx;
    OpenAIClient openAi;
    AnthropicClient anthropic;

    @BeforeEach
    void start() throws Exception {
        fx = new ContextGatewayFixture(dir, List.of());
        openAi = fx.openAiClient("any");
        anthropic = fx.anthropicClient("any");
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    private ChatCompletion askOpenAi(String model, String contextId, String text) {
        return openAi.chat().completions().create(ChatCompletionCreateParams.builder()
                .model(model).addUserMessage(text)
                .putAdditionalBodyProperty("context_id", JsonValue.from(contextId)).build());
    }

    private JsonNode messages(String contextId) throws Exception {
        return fx.json("GET", "/v1/contexts/" + contextId + "/messages?limit=100", null).get("data");
    }

    @Test
    void theSecondTurnCarriesTheFirstWithContextIdInTheBody() throws Exception {
        fx.openAi.enqueue(openAiText("Hello Ada.")).enqueue(openAiText("Your name is Ada."));
        askOpenAi("gpt-4o", "ada", "My name is Ada.");
        ChatCompletion second = askOpenAi("gpt-4o", "ada", "What is my name?");

        assertThat(second.choices().getFirst().message().content()).contains("Your name is Ada.");
        JsonNode first = parse(fx.openAi.takeRequest().body());
        assertThat(first.get("messages")).hasSize(1);
        assertThat(first.has("context_id")).isFalse();
        JsonNode sent = parse(fx.openAi.takeRequest().body()).get("messages");
        assertThat(sent).hasSize(3);
        assertThat(sent.get(0).get("content").asText()).isEqualTo("My name is Ada.");
        assertThat(sent.get(1).get("role").asText()).isEqualTo("assistant");
        assertThat(sent.get(1).get("content").asText()).isEqualTo("Hello Ada.");
        assertThat(sent.get(2).get("content").asText()).isEqualTo("What is my name?");
        assertThat(messages("ada")).hasSize(4);
    }

    @Test
    void theSecondTurnCarriesTheFirstWithTheHeaderWhileStreaming() throws Exception {
        fx.anthropic.enqueue(FakeUpstream.sse(anthropicStream("Hi Bob"))).enqueue(FakeUpstream.sse(anthropicStream("Bob")));
        for (String question : List.of("I am Bob.", "Who am I?")) {
            MessageCreateParams params = MessageCreateParams.builder().model("claude-sonnet-4-5").maxTokens(100)
                    .addUserMessage(question).putAdditionalHeader("X-Context-Id", "bob").build();
            try (StreamResponse<RawMessageStreamEvent> stream = anthropic.messages().createStreaming(params)) {
                assertThat(stream.stream().filter(RawMessageStreamEvent::isMessageStop).count()).isEqualTo(1);
            }
        }
        fx.anthropic.takeRequest();
        JsonNode sent = parse(fx.anthropic.takeRequest().body()).get("messages");
        assertThat(sent).hasSize(3);
        assertThat(sent.get(1).toString()).contains("Hi Bob");
        JsonNode stored = messages("bob");
        assertThat(stored).extracting(m -> m.get("role").asText()).containsExactly("user", "assistant", "user", "assistant");
        assertThat(stored.get(3).get("content").get(0).get("text").asText()).isEqualTo("Bob");
        HttpResponse<String> raw = fx.send("POST", "/v1/chat/completions",
                "{\"model\":\"simulated/echo\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", "X-Context-Id", "bob");
        assertThat(raw.headers().firstValue("X-Context-Id")).contains("bob");
    }

    @Test
    void aContextBegunOnClaudeWithToolsContinuesOnGptAndBack() throws Exception {
        fx.anthropic.enqueue(anthropicToolUse("toolu_01A", "get_weather", Map.of("city", "Paris")))
                .enqueue(anthropicText("It is 18 degrees in Paris."));
        MessageCreateParams.Builder ask = MessageCreateParams.builder().model("claude-sonnet-4-5").maxTokens(200)
                .putAdditionalBodyProperty("context_id", com.anthropic.core.JsonValue.from("trip"));
        Message call = anthropic.messages().create(ask.addUserMessage("Weather in Paris?").build());
        assertThat(call.content()).anyMatch(ContentBlock::isToolUse);
        anthropic.messages().create(MessageCreateParams.builder().model("claude-sonnet-4-5").maxTokens(200)
                .putAdditionalBodyProperty("context_id", com.anthropic.core.JsonValue.from("trip"))
                .addUserMessageOfContentBlockParams(List.of(ContentBlockParam.ofToolResult(
                        ToolResultBlockParam.builder().toolUseId("toolu_01A").content("18C, sunny").build())))
                .build());

        fx.openAi.enqueue(openAiText("Pack sunglasses."));
        askOpenAi("gpt-4o", "trip", "What should I pack?");
        fx.anthropic.takeRequest();
        fx.anthropic.takeRequest();
        JsonNode toGpt = parse(fx.openAi.takeRequest().body()).get("messages");
        assertThat(toGpt.toString()).contains("\"tool_calls\"").contains("\"tool_call_id\":\"toolu_01A\"")
                .contains("18C, sunny").contains("It is 18 degrees in Paris.");
        assertThat(toGpt.get(toGpt.size() - 1).get("content").asText()).isEqualTo("What should I pack?");

        fx.anthropic.enqueue(anthropicText("Enjoy."));
        anthropic.messages().create(MessageCreateParams.builder().model("claude-sonnet-4-5").maxTokens(200)
                .putAdditionalBodyProperty("context_id", com.anthropic.core.JsonValue.from("trip"))
                .addUserMessage("Thanks!").build());
        JsonNode toClaude = parse(fx.anthropic.takeRequest().body()).get("messages");
        assertThat(toClaude.toString()).contains("\"type\":\"tool_use\"").contains("\"tool_use_id\":\"toolu_01A\"")
                .contains("Pack sunglasses.");
        assertThat(toClaude.get(0).get("role").asText()).isEqualTo("user");
        assertThat(messages("trip")).hasSize(8);
    }

    @Test
    void nothingIsAppendedWhenTheUpstreamFails() throws Exception {
        fx.openAi.enqueue(FakeUpstream.json(500, "{\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}"));
        assertThatThrownBy(() -> askOpenAi("gpt-4o", "failing", "Hello?")).isInstanceOf(RuntimeException.class);
        assertThat(messages("failing")).isEmpty();
    }

    @Test
    void nothingIsAppendedWhenTheStreamIsCut() throws Exception {
        fx.openAi.enqueue(FakeUpstream.sse(openAiCutStream()));
        HttpResponse<String> response = fx.send("POST", "/v1/chat/completions",
                "{\"model\":\"gpt-4o\",\"stream\":true,\"context_id\":\"cut\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
        assertThat(response.body()).contains("Half an ans").contains("\"error\"").doesNotContain("[DONE]");
        assertThat(messages("cut")).isEmpty();
    }

    @Test
    void nothingIsAppendedWhenTheClientLeaves() throws Exception {
        fx.anthropic.enqueue(FakeUpstream.sseForever("""
                event: message_start
                data: {"type":"message_start","message":{"id":"msg_f","type":"message","role":"assistant","content":[],"model":"claude-sonnet-4-5","stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":3,"output_tokens":1}}}

                """));
        HttpRequest request = HttpRequest.newBuilder(URI.create(fx.base() + "/v1/messages"))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":10,"
                        + "\"stream\":true,\"context_id\":\"leaver\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"))
                .build();
        HttpResponse<InputStream> response = fx.http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            assertThat(body.read()).isNotNegative();
        }
        assertThat(fx.anthropic.awaitDisconnect(Duration.ofSeconds(10))).isTrue();
        assertThat(messages("leaver")).isEmpty();
    }

    @Test
    void fiftyConcurrentRequestsOnOneContextKeepEveryTurnWholeAndInOrder() throws Exception {
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            List<java.util.concurrent.Future<ChatCompletion>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 50; i++) {
                String question = "question " + i;
                answers.add(pool.submit(() -> askOpenAi("simulated/echo", "busy", question)));
            }
            for (var answer : answers) {
                assertThat(answer.get().choices()).hasSize(1);
            }
        }
        JsonNode page1 = messages("busy");
        JsonNode all = fx.json("GET", "/v1/contexts/busy/messages?limit=100", null).get("data");
        assertThat(page1).hasSize(100);
        java.util.Set<String> questions = new java.util.HashSet<>();
        for (int i = 0; i < 100; i += 2) {
            String q = all.get(i).get("content").get(0).get("text").asText();
            assertThat(all.get(i).get("role").asText()).isEqualTo("user");
            assertThat(all.get(i + 1).get("role").asText()).isEqualTo("assistant");
            assertThat(all.get(i + 1).get("content").get(0).get("text").asText()).contains("\"" + q + "\"");
            questions.add(q);
        }
        assertThat(questions).hasSize(50);
        assertThat(fx.json("GET", "/v1/contexts/busy", null).get("message_count").asInt()).isEqualTo(100);
    }

    @Test
    void aLongConversationStaysUnderTheCapKeepingSystemPinsAndTheNewestTurn() throws Exception {
        fx.send("POST", "/v1/contexts", "{\"id\":\"long\",\"system\":\"You are terse.\",\"pins\":[\"User is Ada\"],"
                + "\"max_tokens\":120}");
        String filler = "This sentence is padding to make every turn cost a fair number of tokens.";
        for (int i = 0; i < 12; i++) {
            fx.openAi.enqueue(openAiText("Noted " + i + ". " + filler));
            askOpenAi("gpt-4o", "long", "Turn " + i + ": " + filler);
        }
        JsonNode last = null;
        for (int i = 0; i < 12; i++) {
            last = parse(fx.openAi.takeRequest().body()).get("messages");
        }
        assertThat(last.get(0).get("role").asText()).isEqualTo("system");
        assertThat(last.get(0).get("content").asText()).contains("You are terse.").contains("User is Ada");
        assertThat(last.get(last.size() - 1).get("content").asText()).startsWith("Turn 11:");
        assertThat(last.size()).isLessThan(1 + 2 * 12);
        assertThat(last.get(1).get("role").asText()).isEqualTo("user");
        JsonNode window = fx.json("GET", "/v1/contexts/long/window?model=gpt-4o", null);
        int historyTokens = 0;
        for (JsonNode m : window.get("messages")) {
            historyTokens += m.get("tokens").asInt();
        }
        assertThat(historyTokens).isLessThanOrEqualTo(120);
        assertThat(window.get("left_out_count").asInt()).isPositive();
        assertThat(messages("long")).hasSize(24);
    }

    @Test
    void summariesFoldOldTurnsInTheBackgroundAndTravelAheadOfTheKeptOnes() throws Exception {
        fx.send("POST", "/v1/contexts", "{\"id\":\"sum\",\"summarize\":{\"model\":\"simulated/summarizer\",\"after_tokens\":60}}");
        for (int i = 0; i < 6; i++) {
            askOpenAi("simulated/echo", "sum", "Fact number " + i + " is that the sky was blue on day " + i + ".");
        }
        JsonNode window = null;
        for (int i = 0; i < 200; i++) {
            window = fx.json("GET", "/v1/contexts/sum/window?model=gpt-4o", null);
            if (window.path("system").asText("").contains("Summary of the earlier conversation")) {
                break;
            }
            Thread.sleep(25);
        }
        assertThat(window.get("system").asText()).contains("Summary of the earlier conversation")
                .contains("Simulated reply from summarizer");
        // Folded turns no longer travel as messages; the newest ones still do, and nothing was deleted.
        assertThat(window.get("messages").size()).isLessThan(12);
        assertThat(messages("sum")).hasSize(12);
    }
}
