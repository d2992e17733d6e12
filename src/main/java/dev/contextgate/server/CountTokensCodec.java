package dev.contextgate.server;

import dev.contextgate.chat.ChatRequest;
import java.util.Map;

/** The wire side of Anthropic's {@code count_tokens}: what the route needs from the codec, and no more. */
public interface CountTokensCodec {

    /** @param headers request headers, names in lower case */
    ChatRequest decodeCountTokensRequest(byte[] body, Map<String, String> headers);

    byte[] encodeCountTokensResponse(int inputTokens);
}
