package dev.contextgate.context;

import static org.assertj.core.api.Assertions.assertThat;

import dev.contextgate.chat.Content;
import dev.contextgate.chat.Message;
import dev.contextgate.chat.Role;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowFitterTest {

    private long seq;

    private StoredMessage stored(Message m, int tokens) {
        seq++;
        return new StoredMessage("msg_" + seq, seq, m, null, Instant.EPOCH, tokens);
    }

    private List<StoredMessage> plainTurns(int n, int tokensEach) {
        List<StoredMessage> h = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            h.add(stored(Message.user("q" + i), tokensEach));
            h.add(stored(Message.assistant("a" + i), tokensEach));
        }
        return h;
    }

    @Test
    void everythingStaysWhenItFits() {
        List<StoredMessage> h = plainTurns(3, 10);
        WindowFitter.Fit fit = WindowFitter.fit(h, 5, 100);
        assertThat(fit.kept()).isEqualTo(h);
        assertThat(fit.dropped()).isEmpty();
        assertThat(fit.tokens()).isEqualTo(65);
        assertThat(fit.fits()).isTrue();
    }

    @Test
    void oldestWholeTurnsGoFirst() {
        List<StoredMessage> h = plainTurns(5, 10);
        WindowFitter.Fit fit = WindowFitter.fit(h, 10, 55);
        assertThat(fit.kept()).extracting(m -> m.message().text()).containsExactly("q3", "a3", "q4", "a4");
        assertThat(fit.dropped()).hasSize(6);
        assertThat(fit.tokens()).isEqualTo(50);
    }

    @Test
    void aToolCallNeverTravelsWithoutItsResult() {
        List<StoredMessage> h = new ArrayList<>();
        h.add(stored(Message.user("weather?"), 10));
        h.add(stored(new Message(Role.ASSISTANT, List.of(new Content.ToolUse("t1", "weather", "{}"))), 10));
        h.add(stored(new Message(Role.USER, List.of(new Content.ToolResult("t1", List.of(Content.text("sun")), false))), 10));
        h.add(stored(Message.assistant("sunny"), 10));
        h.add(stored(Message.user("thanks"), 10));
        h.add(stored(Message.assistant("welcome"), 10));
        // A budget that would fit the last three messages alone must not keep a tool result without its call.
        WindowFitter.Fit fit = WindowFitter.fit(h, 0, 35);
        assertThat(fit.kept()).extracting(m -> m.message().text()).containsExactly("thanks", "welcome");
        assertThat(WindowFitter.turns(h)).hasSize(2);
    }

    @Test
    void tooBigEvenAloneSaysByHowMuch() {
        WindowFitter.Fit fit = WindowFitter.fit(plainTurns(2, 10), 120, 100);
        assertThat(fit.kept()).isEmpty();
        assertThat(fit.fits()).isFalse();
        assertThat(fit.overBy()).isEqualTo(20);
    }
}
