package dev.contextgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.client.AnthropicClient;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.StopReason;
import com.openai.client.OpenAIClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.models.Model;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** No provider configured: the built-in simulated provider answers both SDKs, and the model list says so. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SimulatedE2eTest {

    private final E2eGateway gw = E2eGateway.simulatedOnly();
    private final OpenAIClient openAi = gw.openAiClient();
    private final AnthropicClient anthropic = gw.anthropicClient();

    @AfterAll
    void stop() {
        gw.close();
    }

    @Test
    void theOpenAiSdkGetsTheSameAnswerWholeAndStreamed() {
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
                .model("gpt-4o-mini").addUserMessage("Say hello to the gateway").build();

        ChatCompletion whole = openAi.chat().completions().create(params);
        ChatCompletion streamed = Sdk.openAiStream(openAi, params.toBuilder()
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build());

        String text = whole.choices().getFirst().message().content().orElseThrow();
        assertThat(text).isNotBlank();
        assertThat(whole.choices().getFirst().finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(whole.usage().orElseThrow().completionTokens()).isPositive();
        assertThat(streamed.choices().getFirst().message().content()).hasValue(text);
        assertThat(streamed.choices().getFirst().finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(streamed.usage().orElseThrow().completionTokens()).isPositive();
    }

    @Test
    void theAnthropicSdkGetsTheSameAnswerWholeAndStreamed() {
        MessageCreateParams params = MessageCreateParams.builder()
                .model("claude-sonnet-4-5").maxTokens(200).addUserMessage("Say hello to the gateway").build();

        Message whole = anthropic.messages().create(params);
        Message streamed = Sdk.anthropicStream(anthropic, params);

        String text = whole.content().getFirst().asText().text();
        assertThat(text).isNotBlank();
        assertThat(whole.stopReason()).hasValue(StopReason.END_TURN);
        assertThat(whole.usage().outputTokens()).isPositive();
        assertThat(streamed.content().getFirst().asText().text()).isEqualTo(text);
        assertThat(streamed.stopReason()).hasValue(StopReason.END_TURN);
        assertThat(streamed.usage().outputTokens()).isPositive();
    }

    @Test
    void theOpenAiModelListSaysEveryModelIsSimulated() {
        List<Model> models = openAi.models().list().data();

        assertThat(models).extracting(Model::id).contains("local-claude-proxy", "gpt-4o-mini", "claude-sonnet-4-5");
        assertThat(models).extracting(Model::ownedBy).containsOnly("simulated");
    }

    @Test
    void theAnthropicModelListSaysEveryModelIsSimulated() {
        List<com.anthropic.models.models.ModelInfo> models = anthropic.models().list().data();

        assertThat(models).extracting(com.anthropic.models.models.ModelInfo::id)
                .contains("local-claude-proxy", "gpt-4o-mini", "claude-sonnet-4-5");
        assertThat(models).allSatisfy(m -> assertThat(m.displayName()).containsIgnoringCase("simulated"));
    }
}
