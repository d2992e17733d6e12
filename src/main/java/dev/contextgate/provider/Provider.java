package dev.contextgate.provider;

import dev.contextgate.chat.ChatRequest;
import dev.contextgate.chat.ChatResponse;

/**
 * A place that answers chat requests. {@code request.model()} is already the upstream's model name.
 * Failures are {@link dev.contextgate.chat.GatewayError}s; implementations are thread-safe.
 */
public interface Provider {

    /** The configured name, as used in {@code provider/model} routing and in logs. */
    String name();

    ChatResponse complete(ChatRequest request);

    /**
     * Opens a streamed answer. Throws before returning when the upstream refused the call, so that
     * errors before the first byte can still be retried or reported with a proper status.
     */
    EventStream stream(ChatRequest request);
}
