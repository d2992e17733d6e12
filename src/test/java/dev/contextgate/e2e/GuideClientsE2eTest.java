package dev.contextgate.e2e;

import static dev.contextgate.e2e.E2eGateway.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import com.openai.core.JsonValue;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Clients copied from guides on the web work as written, with our port. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GuideClientsE2eTest {

    private final E2eGateway gw = E2eGateway.withUpstreams();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void reset() {
        gw.resetUpstreams();
    }

    @AfterAll
    void stop() {
        gw.close();
        http.close();
    }

    @Test
    void localClaudeProxyGoesToTheFirstProviderThroughTheOpenAiSdk() {
        gw.anthropic.enqueue(E2eUpstream.json(200, fixture("anthropic/message.json")));

        ChatCompletion c = gw.openAiClient().chat().completions().create(ChatCompletionCreateParams.builder()
                .model("local-claude-proxy")
                .addUserMessage("Hello")
                .putAdditionalBodyProperty("context_id", JsonValue.from("guide-openai-1"))
                .build());

        assertThat(c.choices().getFirst().message().content()).hasValue("Hello! How can I assist you today?");
        E2eUpstream.Received r = gw.anthropic.only();
        assertThat(r.json().path("model").asText()).startsWith("claude");
        assertThat(r.body()).doesNotContain("context_id").doesNotContain("local-claude-proxy");
        assertThat(gw.openai.received()).isEmpty();
    }

    @Test
    void localClaudeProxyFollowsAConfiguredDefaultModel() {
        try (E2eGateway other = E2eGateway.withUpstreams("gpt-4o-mini")) {
            other.openai.enqueue(E2eUpstream.json(200, fixture("openai/completion.json")));

            ChatCompletion c = other.openAiClient().chat().completions().create(ChatCompletionCreateParams.builder()
                    .model("local-claude-proxy").addUserMessage("Hello").build());

            assertThat(c.choices().getFirst().message().content()).isPresent();
            assertThat(other.openai.only().json().path("model").asText()).isEqualTo("gpt-4o-mini");
            assertThat(other.anthropic.received()).isEmpty();
        }
    }

    @Test
    void aMessagesCallWithContextIdAndAcceptEventStreamButNoStreamFieldStreams() throws Exception {
        gw.anthropic.enqueue(E2eUpstream.sse(fixture("anthropic/stream.sse")));
        String body = """
                {"model":"claude-sonnet-4-5","max_tokens":256,"context_id":"guide-session-42",
                 "messages":[{"role":"user","content":"Hello"}]}""";

        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(gw.url() + "/v1/messages"))
                        .header("Content-Type", "application/json")
                        .header("Accept", "text/event-stream")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        List<String> events = r.body().lines().filter(l -> l.startsWith("event: ")).map(l -> l.substring(7)).toList();
        assertThat(events.getFirst()).isEqualTo("message_start");
        assertThat(events).contains("content_block_delta", "message_delta");
        assertThat(events.getLast()).isEqualTo("message_stop");
        String text = String.join("", r.body().lines().filter(l -> l.contains("\"text_delta\""))
                .map(l -> l.replaceAll(".*\"text\":\"([^\"]*)\".*", "$1")).toList());
        assertThat(text).isEqualTo("Hello! How can I assist you today?");
        E2eUpstream.Received up = gw.anthropic.only();
        assertThat(up.json().path("stream").asBoolean()).isTrue();
        assertThat(up.body()).doesNotContain("context_id").doesNotContain("guide-session-42");
    }
}
