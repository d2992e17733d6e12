package dev.contextgate.server;

import dev.contextgate.chat.ChatRequest;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.IntFunction;

/** The wire side of Anthropic's {@code count_tokens}: what the route needs from the codec, and no more. */
public interface CountTokensCodec {

    /** @param headers request headers, names in lower case */
    ChatRequest decodeCountTokensRequest(byte[] body, Map<String, String> headers);

    byte[] encodeCountTokensResponse(int inputTokens);

    /** Adapts a codec's two methods, e.g. {@code of(codec::decodeCountTokensRequest, codec::encodeCountTokensResponse)}. */
    static CountTokensCodec of(
            BiFunction<byte[], Map<String, String>, ChatRequest> decode, IntFunction<byte[]> encode) {
        return new CountTokensCodec() {
            @Override
            public ChatRequest decodeCountTokensRequest(byte[] body, Map<String, String> headers) {
                return decode.apply(body, headers);
            }

            @Override
            public byte[] encodeCountTokensResponse(int inputTokens) {
                return encode.apply(inputTokens);
            }
        };
    }
}
