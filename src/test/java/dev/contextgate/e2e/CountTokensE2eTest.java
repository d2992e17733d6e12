package dev.contextgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.models.messages.MessageCountTokensParams;
import com.anthropic.models.messages.MessageTokensCount;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** count_tokens through the Anthropic SDK: exact from an Anthropic upstream, estimated for the others. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CountTokensE2eTest {

    private final E2eGateway gw = E2eGateway.withUpstreams();

    @BeforeEach
    void reset() {
        gw.resetUpstreams();
    }

    @AfterAll
    void stop() {
        gw.close();
    }

    @Test
    void anAnthropicModelIsCountedByTheUpstreamItself() {
        gw.anthropic.enqueue(E2eUpstream.json(200, "{\"input_tokens\":4242}"));
        MessageTokensCount count = gw.anthropicClient().messages().countTokens(MessageCountTokensParams.builder()
                .model("claude-sonnet-4-5").addUserMessage("How many tokens is this?").build());
        assertThat(count.inputTokens()).isEqualTo(4242);
        E2eUpstream.Received r = gw.anthropic.only();
        assertThat(r.path()).isEqualTo("/v1/messages/count_tokens");
        assertThat(r.json().path("model").asText()).isEqualTo("claude-sonnet-4-5");
    }

    @Test
    void anOpenAiModelIsEstimatedLocallyWithoutAnUpstreamCall() {
        MessageTokensCount count = gw.anthropicClient().messages().countTokens(MessageCountTokensParams.builder()
                .model("gpt-4o").addUserMessage("How many tokens is this?").build());
        assertThat(count.inputTokens()).isBetween(5L, 30L);
        assertThat(gw.openai.received()).isEmpty();
    }
}
