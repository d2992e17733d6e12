package dev.contextgate.provider.simulated;

import static org.assertj.core.api.Assertions.assertThat;

import dev.contextgate.chat.ChatRequest;
import dev.contextgate.chat.ChatResponse;
import dev.contextgate.chat.Content;
import dev.contextgate.chat.Dialect;
import dev.contextgate.chat.Message;
import dev.contextgate.chat.Passthrough;
import dev.contextgate.chat.ResponseAssembler;
import dev.contextgate.chat.StopReason;
import dev.contextgate.chat.StreamEvent;
import dev.contextgate.chat.ToolChoice;
import dev.contextgate.chat.ToolDefinition;
import dev.contextgate.chat.Usage;
import dev.contextgate.config.SimulatedConfig;
import dev.contextgate.provider.EventStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulatedProviderTest {

    /** Every pause and every event, in the order they happened. */
    private final List<Object> timeline = new ArrayList<>();
    private final SimulatedProvider provider = new SimulatedProvider("simulated",
            new SimulatedConfig(Duration.ofMillis(500), 4), timeline::add);

    private static ChatRequest ask(String text) {
        return ChatRequest.simple("claude-sonnet-4-5", List.of(Message.assistant("earlier"), Message.user(text)),
                Dialect.ANTHROPIC);
    }

    private List<StreamEvent> drain(EventStream stream) {
        List<StreamEvent> events = new ArrayList<>();
        StreamEvent e;
        while ((e = stream.next()) != null) {
            events.add(e);
            timeline.add(e);
        }
        return events;
    }

    @Test
    void answersWithTextDerivedFromTheLastUserMessage() {
        ChatResponse r = provider.complete(ask("hello there"));
        assertThat(r.content()).containsExactly(
                new Content.Text("Simulated reply from claude-sonnet-4-5: you said \"hello there\"."));
        assertThat(r.model()).isEqualTo("claude-sonnet-4-5");
        assertThat(r.stopReason()).isEqualTo(StopReason.END_TURN);
        // input: "earlier" + "hello there" = 3 words; output: 8 words
        assertThat(r.usage()).isEqualTo(Usage.of(3, 8));
    }

    @Test
    void sameRequestSameAnswerDifferentRequestDifferentId() {
        ChatResponse a = provider.complete(ask("same"));
        ChatResponse b = provider.complete(ask("same"));
        assertThat(a).usingRecursiveComparison().isEqualTo(b);
        assertThat(provider.complete(ask("other")).id()).isNotEqualTo(a.id());
    }

    @Test
    void echoIsCutAt200Characters() {
        String text = "x".repeat(300);
        String reply = ((Content.Text) provider.complete(ask(text)).content().get(0)).text();
        assertThat(reply).contains("\"" + "x".repeat(200) + "\".").doesNotContain("x".repeat(201));
    }

    @Test
    void streamsOneDeltaPerWordInOrderAndMatchesComplete() {
        List<StreamEvent> events = drain(provider.stream(ask("hi")));
        ChatResponse whole = provider.complete(ask("hi"));
        assertThat(events.get(0)).isEqualTo(new StreamEvent.Start(whole.id(), "claude-sonnet-4-5", Usage.of(2, 0)));
        assertThat(events.get(1)).isEqualTo(new StreamEvent.BlockStart(0, new StreamEvent.Block.Text()));
        assertThat(events.subList(2, 9)).containsExactly(
                new StreamEvent.TextDelta(0, "Simulated"), new StreamEvent.TextDelta(0, " reply"),
                new StreamEvent.TextDelta(0, " from"), new StreamEvent.TextDelta(0, " claude-sonnet-4-5:"),
                new StreamEvent.TextDelta(0, " you"), new StreamEvent.TextDelta(0, " said"),
                new StreamEvent.TextDelta(0, " \"hi\"."));
        assertThat(events.subList(9, events.size())).containsExactly(new StreamEvent.BlockStop(0),
                new StreamEvent.Delta(StopReason.END_TURN, null, Usage.of(2, 7)), new StreamEvent.Stop());

        ResponseAssembler assembler = new ResponseAssembler();
        events.forEach(assembler::accept);
        assertThat(assembler.complete()).isTrue();
        assertThat(assembler.response()).usingRecursiveComparison().isEqualTo(whole);
    }

    @Test
    void latencyComesBeforeTheFirstTokenThenTheTokenRatePacesTheRest() {
        drain(provider.stream(ask("hi")));
        Duration quarter = Duration.ofMillis(250);
        assertThat(timeline.subList(0, 5)).containsExactly(
                timeline.get(0), // Start, with no pause before it
                new StreamEvent.BlockStart(0, new StreamEvent.Block.Text()),
                Duration.ofMillis(500), new StreamEvent.TextDelta(0, "Simulated"),
                quarter);
        assertThat(timeline.get(0)).isInstanceOf(StreamEvent.Start.class);
        assertThat(timeline.stream().filter(quarter::equals)).hasSize(6);
        assertThat(timeline.get(timeline.size() - 1)).isEqualTo(new StreamEvent.Stop());
    }

    @Test
    void zeroRateAndNoLatencyNeverPause() {
        SimulatedProvider fast = new SimulatedProvider("simulated", SimulatedConfig.DEFAULT, timeline::add);
        drain(fast.stream(ask("hi")));
        fast.complete(ask("hi"));
        assertThat(timeline).allMatch(o -> o instanceof StreamEvent);
    }

    @Test
    void completeTakesAsLongAsTheStreamWould() {
        provider.complete(ask("hi"));
        assertThat(timeline).containsExactly(Duration.ofMillis(500).plus(Duration.ofMillis(250).multipliedBy(6)));
    }

    @Test
    void maxTokensTruncates() {
        ChatRequest request = ask("hello there").withMaxTokens(3);
        ChatResponse r = provider.complete(request);
        assertThat(r.content()).containsExactly(new Content.Text("Simulated reply from"));
        assertThat(r.stopReason()).isEqualTo(StopReason.MAX_TOKENS);
        assertThat(r.usage().outputTokens()).isEqualTo(3);
        List<StreamEvent> events = drain(provider.stream(request));
        assertThat(events.stream().filter(e -> e instanceof StreamEvent.TextDelta)).hasSize(3);
        assertThat(events).contains(new StreamEvent.Delta(StopReason.MAX_TOKENS, null, Usage.of(3, 3)));
    }

    private static ChatRequest withTools(ToolChoice choice) {
        List<ToolDefinition> tools = List.of(new ToolDefinition("get_weather", "Weather", null),
                new ToolDefinition("get_time", "Time", null));
        return new ChatRequest("gpt-4o", null, null, List.of(Message.user("weather?")), null, null, null, null, null,
                tools, choice, null, false, false, null, Passthrough.none(Dialect.OPENAI));
    }

    @Test
    void requiredToolChoiceCallsTheFirstTool() {
        ChatResponse r = provider.complete(withTools(new ToolChoice.Required(true)));
        assertThat(r.stopReason()).isEqualTo(StopReason.TOOL_USE);
        assertThat(r.content()).singleElement().isInstanceOfSatisfying(Content.ToolUse.class, u -> {
            assertThat(u.name()).isEqualTo("get_weather");
            assertThat(u.inputJson()).isEqualTo("{}");
            assertThat(u.id()).startsWith("toolu_sim_");
        });
    }

    @Test
    void namedToolChoiceCallsThatToolAndStreamsIt() {
        ChatRequest request = withTools(new ToolChoice.Named("get_time", true));
        ChatResponse whole = provider.complete(request);
        List<StreamEvent> events = drain(provider.stream(request));
        Content.ToolUse call = (Content.ToolUse) whole.content().get(0);
        assertThat(call.name()).isEqualTo("get_time");
        assertThat(events.subList(1, events.size())).containsExactly(
                new StreamEvent.BlockStart(0, new StreamEvent.Block.ToolUse(call.id(), "get_time")),
                new StreamEvent.ToolArgumentsDelta(0, "{}"), new StreamEvent.BlockStop(0),
                new StreamEvent.Delta(StopReason.TOOL_USE, null, whole.usage()), new StreamEvent.Stop());
    }

    @Test
    void autoToolChoiceAnswersWithText() {
        assertThat(provider.complete(withTools(new ToolChoice.Auto(true))).content().get(0))
                .isInstanceOf(Content.Text.class);
    }

    @Test
    void countsTokensByTheSameRule() {
        ChatRequest request = new ChatRequest("m", "be  brief", null, List.of(Message.user("one two three")), null, null,
                null, null, null, null, null, null, false, false, null, Passthrough.none(Dialect.ANTHROPIC));
        assertThat(provider.countTokens(request)).hasValue(5);
        assertThat(provider.complete(request).usage().inputTokens()).isEqualTo(5);
    }

    @Test
    void closedStreamEndsAtOnce() {
        EventStream s = provider.stream(ask("hi"));
        assertThat(s.next()).isInstanceOf(StreamEvent.Start.class);
        s.close();
        assertThat(s.next()).isNull();
    }

    @Test
    void piecesKeepTheirLeadingWhitespaceAndJoinBack() {
        assertThat(SimulatedProvider.pieces("a  b\nc ")).containsExactly("a", "  b", "\nc ");
        assertThat(SimulatedProvider.words("   ")).isZero();
    }
}
