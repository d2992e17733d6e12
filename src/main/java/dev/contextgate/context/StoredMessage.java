package dev.contextgate.context;

import dev.contextgate.chat.Message;
import java.time.Instant;
import java.util.Objects;

/**
 * A message of a context's history: the canonical message plus what the store knows of it.
 *
 * @param seq its position, increasing within a context, never reused
 * @param model the model that wrote it (assistant turns) or was asked (user turns); may be null
 * @param tokens its size, counted once when it was stored so that fitting never re-tokenizes history
 */
public record StoredMessage(String id, long seq, Message message, String model, Instant createdAt, int tokens) {
    public StoredMessage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
