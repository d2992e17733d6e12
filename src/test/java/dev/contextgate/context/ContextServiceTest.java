package dev.contextgate.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.contextgate.chat.ChatRequest;
import dev.contextgate.chat.ChatResponse;
import dev.contextgate.chat.Content;
import dev.contextgate.chat.Dialect;
import dev.contextgate.chat.GatewayError;
import dev.contextgate.chat.Message;
import dev.contextgate.chat.StopReason;
import dev.contextgate.chat.Usage;
import dev.contextgate.config.ModelConfig;
import dev.contextgate.store.memory.MemoryContextStore;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContextServiceTest {

    final MemoryContextStore store = new MemoryContextStore(Clock.systemUTC());
    final ContextService service = new ContextService(store,
            new ModelLimits(List.of(new ModelConfig("tiny", List.of(), List.of(), 1_000, 100))),
            new TokenEstimator(), null, null);

    ChatRequest ask(String text) {
        return ChatRequest.simple("tiny", List.of(Message.user(text)), Dialect.OPENAI).withContextId("c");
    }

    @Test
    void tooBigForTheWindowIsAContextLengthErrorThatSaysByHowMuch() {
        String huge = "word ".repeat(2_000);
        assertThatThrownBy(() -> service.attach(ask(huge), "", "tiny", "p"))
                .isInstanceOfSatisfying(GatewayError.class, e -> {
                    assertThat(e.kind()).isEqualTo(GatewayError.Kind.CONTEXT_LENGTH_EXCEEDED);
                    assertThat(e.getMessage()).contains("too many").contains("window 1000");
                });
    }

    @Test
    void reportedUsageCalibratesLaterFitting() {
        ContextService.Attached first = service.attach(ask("hello there"), "", "tiny", "p");
        int estimated = first.window().estimatedTokens();
        service.commit(first, new ChatResponse("r", "tiny", List.of(new Content.Text("hi")), StopReason.END_TURN, null,
                Usage.of(estimated * 2, 1)), "tiny");
        ContextService.Attached second = service.attach(ask("again"), "", "tiny", "p");
        assertThat(second.window().tokens()).isGreaterThan(second.window().estimatedTokens());
        ContextService.Attached other = service.attach(ask("again"), "", "tiny", "q");
        assertThat(other.window().tokens()).isEqualTo(other.window().estimatedTokens());
    }

    @Test
    void anotherOwnersContextIsNotFound() {
        store.getOrCreate("c", "alice");
        assertThatThrownBy(() -> service.attach(ask("hi"), "bob", "tiny", "p"))
                .isInstanceOfSatisfying(GatewayError.class, e -> assertThat(e.kind()).isEqualTo(GatewayError.Kind.NOT_FOUND));
    }
}
