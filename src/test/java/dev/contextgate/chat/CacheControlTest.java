package dev.contextgate.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Breakpoints come off a message whole (tool results included), and nothing is copied when there are none. */
class CacheControlTest {

    private static final CacheControl EPHEMERAL = new CacheControl("{\"type\":\"ephemeral\"}");

    @Test
    void aMessageWithoutBreakpointsIsItsOwnStrippedCopy() {
        Message plain = new Message(Role.USER, List.of(new Content.Text("a"), Content.Image.url("u"),
                new Content.ToolResult("t", List.of(new Content.Text("r")), false)));

        assertThat(plain.withoutCacheControl()).isSameAs(plain);
    }

    @Test
    void everyBreakpointComesOffAndTheRestStays() {
        Message marked = new Message(Role.USER, List.of(
                new Content.Text("a"),
                new Content.Image(null, null, "u", EPHEMERAL),
                new Content.ToolResult("t", List.of(new Content.Text("r", EPHEMERAL)), true),
                new Content.ToolUse("id", "f", "{\"x\":1}", EPHEMERAL),
                new Content.Text("b", EPHEMERAL)));

        Message stripped = marked.withoutCacheControl();

        assertThat(stripped).isEqualTo(new Message(Role.USER, List.of(
                new Content.Text("a"),
                Content.Image.url("u"),
                new Content.ToolResult("t", List.of(new Content.Text("r")), true),
                new Content.ToolUse("id", "f", "{\"x\":1}"),
                new Content.Text("b"))));
        assertThat(stripped.content().getFirst()).isSameAs(marked.content().getFirst());
    }

    @Test
    void systemBlocksMustSpellTheSystemPrompt() {
        ChatRequest base = ChatRequest.simple("m", List.of(Message.user("x")), Dialect.ANTHROPIC);
        List<Content.Text> blocks = List.of(new Content.Text("a"), new Content.Text("b", EPHEMERAL));

        assertThat(base.withConversation("a\n\nb", blocks, base.messages()).systemBlocks()).isEqualTo(blocks);
        assertThatThrownBy(() -> base.withConversation("a b", blocks, base.messages()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(base.withConversation("a\n\nb", blocks, base.messages()).withConversation("other", base.messages())
                .systemBlocks()).isEmpty();
    }
}
