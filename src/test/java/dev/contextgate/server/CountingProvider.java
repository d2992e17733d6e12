package dev.contextgate.server;

import dev.contextgate.chat.ChatRequest;
import dev.contextgate.chat.ChatResponse;
import dev.contextgate.chat.GatewayError;
import dev.contextgate.provider.EventStream;
import dev.contextgate.provider.Provider;
import dev.contextgate.provider.TokenCounter;
import java.util.OptionalInt;

/** A provider that counts tokens itself (always 4242) and answers nothing else. */
final class CountingProvider implements Provider, TokenCounter {

    @Override
    public String name() {
        return "counting";
    }

    @Override
    public OptionalInt countTokens(ChatRequest request) {
        return OptionalInt.of(4242);
    }

    @Override
    public ChatResponse complete(ChatRequest request) {
        throw new GatewayError(GatewayError.Kind.UPSTREAM_FAILED, "counting only");
    }

    @Override
    public EventStream stream(ChatRequest request) {
        throw new GatewayError(GatewayError.Kind.UPSTREAM_FAILED, "counting only");
    }
}
