package dev.contextgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.contextgate.chat.ChatRequest;
import dev.contextgate.chat.Dialect;
import dev.contextgate.chat.Message;
import dev.contextgate.chat.ToolDefinition;
import dev.contextgate.context.TokenEstimator;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenEstimatorTest {

    private final TokenEstimator estimator = new TokenEstimator();

    @Test
    void countsTextWithPerMessageOverhead() {
        assertThat(estimator.text("hello world")).isEqualTo(2);
        ChatRequest one = ChatRequest.simple("m", List.of(Message.user("hello world")), Dialect.OPENAI);
        assertThat(estimator.count(one)).isEqualTo(2 + 3 + 3);
    }

    @Test
    void systemAndToolsAddTokens() {
        ChatRequest plain = ChatRequest.simple("m", List.of(Message.user("hi")), Dialect.ANTHROPIC);
        ChatRequest full = new ChatRequest("m", "You are terse.", null, plain.messages(), null, null, null, null, null,
                List.of(new ToolDefinition("get_weather", "Weather for a city", null)), null, null, false, false,
                null, plain.passthrough());
        assertThat(estimator.count(full)).isGreaterThan(estimator.count(plain) + 10);
    }

    @Test
    void specialTokenMarkersAreOrdinaryText() {
        assertThat(estimator.text("<|endoftext|>")).isGreaterThan(1);
    }
}
