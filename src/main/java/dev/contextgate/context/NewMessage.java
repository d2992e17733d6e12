package dev.contextgate.context;

import dev.contextgate.chat.Message;
import java.util.Objects;

/** A message to append; the store gives it an id, a sequence number and a time. */
public record NewMessage(Message message, String model, int tokens) {
    public NewMessage {
        Objects.requireNonNull(message, "message");
    }
}
