package dev.contextgate.context;

import dev.contextgate.chat.Message;
import java.util.Objects;

/**
 * A message to append; the store gives it an id, a sequence number and a time. The caller's prompt-cache
 * breakpoints are not kept: replayed on every later turn they would pile up past Anthropic's four per
 * request, and they belong to the request that placed them.
 */
public record NewMessage(Message message, String model, int tokens) {
    public NewMessage {
        message = Objects.requireNonNull(message, "message").withoutCacheControl();
    }
}
