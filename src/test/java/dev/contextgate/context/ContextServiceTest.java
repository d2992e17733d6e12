package dev.contextgate.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.contextgate.chat.CacheControl;
import dev.contextgate.chat.ChatRequest;
import dev.contextgate.chat.ChatResponse;
import dev.contextgate.chat.Content;
import dev.contextgate.chat.Dialect;
import dev.contextgate.chat.GatewayError;
import dev.contextgate.chat.Message;
import dev.contextgate.chat.Role;
import dev.contextgate.chat.StopReason;
import dev.contextgate.chat.Usage;
import dev.contextgate.config.ModelConfig;
import dev.contextgate.store.memory.MemoryContextStore;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
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

    @Test
    void theGatewayWidePolicySummarizesContextsWithoutTheirOwn() throws Exception {
        java.util.List<ChatRequest> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (Summarizer summarizer = new Summarizer(store, new TokenEstimator(), (model, request) -> {
            asked.add(request);
            return new ChatResponse("s", model, List.of(new Content.Text("They talked about " + model)),
                    StopReason.END_TURN, null, Usage.ZERO);
        })) {
            ContextService withDefault = new ContextService(store, new ModelLimits(List.of()), new TokenEstimator(),
                    summarizer, new SummaryPolicy("cheap-model", 20));
            for (int i = 0; i < 4; i++) {
                ContextService.Attached a = withDefault.attach(ChatRequest.simple("gpt-4o",
                        List.of(Message.user("Turn " + i + " talks about the weather at some length today.")),
                        Dialect.OPENAI).withContextId("c"), "", "gpt-4o", "p");
                withDefault.commit(a, new ChatResponse("r", "gpt-4o", List.of(new Content.Text("Noted, turn " + i)),
                        StopReason.END_TURN, null, Usage.ZERO), "gpt-4o");
            }
            for (int i = 0; i < 200 && store.summary("c").isEmpty(); i++) {
                Thread.sleep(10);
            }
        }
        assertThat(store.summary("c").text()).isEqualTo("They talked about cheap-model");
        assertThat(asked).isNotEmpty();
        assertThat(asked.getFirst().system()).isEqualTo(Summarizer.INSTRUCTIONS);
        assertThat(asked.getFirst().messages().getFirst().text()).contains("Turn 0 talks about the weather");
    }

    private static final CacheControl EPHEMERAL = new CacheControl("{\"type\":\"ephemeral\"}");

    @Test
    void breakpointsReachTheUpstreamOnceButAreNotStored() {
        Message marked = new Message(Role.USER, List.of(new Content.Text("the long document", EPHEMERAL),
                new Content.ToolResult("t", List.of(new Content.Text("r", EPHEMERAL)), false)));
        ChatRequest request = ChatRequest.simple("tiny", List.of(marked), Dialect.ANTHROPIC).withContextId("c");

        ContextService.Attached first = service.attach(request, "", "tiny", "p");
        assertThat(first.request().messages()).containsExactly(marked);
        service.commit(first, new ChatResponse("r", "tiny", List.of(new Content.Text("ok")), StopReason.END_TURN, null,
                Usage.ZERO), "tiny");

        assertThat(store.history("c").getFirst().message()).isEqualTo(marked.withoutCacheControl());
        ContextService.Attached second = service.attach(ask("next"), "", "tiny", "p");
        assertThat(second.request().cacheBreakpoints()).isZero();
    }

    @Test
    void theRequestsSystemBlocksKeepTheirBreakpointsAfterWhatTheContextPutsFirst() {
        store.getOrCreate("c", "");
        store.update("c", new ContextPatch(Optional.of("Be kind."), List.of("Ada likes tea"), null, null, null));
        List<Content.Text> blocks = List.of(new Content.Text("Rules.", EPHEMERAL), new Content.Text("Today is Tuesday."));
        ChatRequest request = ChatRequest.simple("tiny", List.of(Message.user("hi")), Dialect.ANTHROPIC)
                .withConversation("Rules.\n\nToday is Tuesday.", blocks, List.of(Message.user("hi")))
                .withContextId("c");

        ChatRequest sent = service.attach(request, "", "tiny", "p").request();

        String prefix = "Be kind.\n\nPinned facts:\n- Ada likes tea";
        assertThat(sent.system()).isEqualTo(prefix + "\n\nRules.\n\nToday is Tuesday.");
        assertThat(sent.systemBlocks()).containsExactly(new Content.Text(prefix), blocks.get(0), blocks.get(1));
        assertThat(service.attach(ask("plain"), "", "tiny", "p").request().systemBlocks()).isEmpty();
    }
}
