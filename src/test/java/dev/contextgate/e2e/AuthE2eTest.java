package dev.contextgate.e2e;

import static dev.contextgate.e2e.E2eGateway.ANTHROPIC_UPSTREAM_KEY;
import static dev.contextgate.e2e.E2eGateway.OPENAI_UPSTREAM_KEY;
import static dev.contextgate.e2e.E2eGateway.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.contextgate.config.ServerConfig;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * With a client key configured, each SDK authenticates the way it always does (OpenAI: Bearer; Anthropic:
 * x-api-key) and a wrong key is the SDK's own 401. The caller's key never travels upstream.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthE2eTest {

    private static final String CLIENT_KEY = "sk-cg-e2e-client-key";

    private final E2eGateway gw = E2eGateway.withUpstreams(List.of(E2eGateway.key("app", CLIENT_KEY)),
            ServerConfig.DEFAULT_MAX_BODY_BYTES);

    @BeforeEach
    void reset() {
        gw.resetUpstreams();
    }

    @AfterAll
    void stop() {
        gw.close();
    }

    @Test
    void theOpenAiSdksBearerKeyIsAccepted() {
        gw.openai.enqueue(E2eUpstream.json(200, fixture("openai/completion.json")));

        ChatCompletion c = gw.openAiClient(CLIENT_KEY).chat().completions().create(openAiAsk());

        assertThat(c.choices().getFirst().message().content()).isPresent();
        E2eUpstream.Received r = gw.openai.only();
        assertThat(r.header("authorization")).isEqualTo("Bearer " + OPENAI_UPSTREAM_KEY);
        assertThat(r.headers().toString()).doesNotContain(CLIENT_KEY);
    }

    @Test
    void theAnthropicSdksXApiKeyIsAccepted() {
        gw.anthropic.enqueue(E2eUpstream.json(200, fixture("anthropic/message.json")));

        Message m = gw.anthropicClient(CLIENT_KEY).messages().create(anthropicAsk());

        assertThat(m.content()).isNotEmpty();
        E2eUpstream.Received r = gw.anthropic.only();
        assertThat(r.header("x-api-key")).isEqualTo(ANTHROPIC_UPSTREAM_KEY);
        assertThat(r.headers().toString()).doesNotContain(CLIENT_KEY);
    }

    @Test
    void aWrongKeyIsUnauthorizedInEachSdkAndCallsNoUpstream() {
        Throwable fromOpenAi = catchThrowable(() -> gw.openAiClient("sk-wrong").chat().completions().create(openAiAsk()));
        Throwable fromAnthropic = catchThrowable(() -> gw.anthropicClient("sk-wrong").messages().create(anthropicAsk()));
        Throwable streamed = catchThrowable(() -> Sdk.openAiStream(gw.openAiClient("sk-wrong"), openAiAsk()));

        assertThat(fromOpenAi).isInstanceOf(com.openai.errors.UnauthorizedException.class);
        assertThat(((OpenAIServiceException) fromOpenAi).statusCode()).isEqualTo(401);
        assertThat(fromAnthropic).isInstanceOf(com.anthropic.errors.UnauthorizedException.class);
        assertThat(((AnthropicServiceException) fromAnthropic).statusCode()).isEqualTo(401);
        assertThat(((AnthropicServiceException) fromAnthropic).body().toString()).contains("authentication_error");
        assertThat(streamed).isInstanceOf(com.openai.errors.UnauthorizedException.class);
        assertThat(gw.openai.received()).isEmpty();
        assertThat(gw.anthropic.received()).isEmpty();
    }

    private static ChatCompletionCreateParams openAiAsk() {
        return ChatCompletionCreateParams.builder().model("gpt-4o-mini").addUserMessage("Hello").build();
    }

    private static MessageCreateParams anthropicAsk() {
        return MessageCreateParams.builder().model("claude-sonnet-4-5").maxTokens(100).addUserMessage("Hello").build();
    }
}
