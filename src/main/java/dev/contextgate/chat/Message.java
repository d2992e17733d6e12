package dev.contextgate.chat;

import java.util.List;
import java.util.Objects;

/** One turn of a conversation in the canonical form every dialect and the store share. */
public record Message(Role role, List<Content> content) {
    public Message {
        Objects.requireNonNull(role, "role");
        content = List.copyOf(content);
    }

    public static Message user(String text) {
        return new Message(Role.USER, List.of(new Content.Text(text)));
    }

    public static Message assistant(String text) {
        return new Message(Role.ASSISTANT, List.of(new Content.Text(text)));
    }

    /**
     * This message without the caller's prompt-cache breakpoints, as a context stores it: itself when
     * it carries none.
     */
    public Message withoutCacheControl() {
        List<Content> blocks = Content.withoutCacheControl(content);
        return blocks == content ? this : new Message(role, blocks);
    }

    /** All text blocks joined, for token estimates and logs. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        for (Content c : content) {
            if (c instanceof Content.Text t) {
                sb.append(t.text());
            }
        }
        return sb.toString();
    }
}
