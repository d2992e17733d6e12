package dev.contextgate.dialect;

import dev.contextgate.chat.ChatRequest;
import dev.contextgate.chat.ChatResponse;
import dev.contextgate.chat.Dialect;
import dev.contextgate.chat.GatewayError;
import java.util.Map;

/**
 * The caller's side of a dialect: decodes what a client sends, encodes what it gets back.
 * Knows JSON, never HTTP: the server hands it bytes and headers and writes what it returns.
 */
public interface ServerCodec {

    Dialect dialect();

    /**
     * Reads a chat request body. Unknown top-level fields go to {@link ChatRequest#passthrough()};
     * {@code context_id} to {@link ChatRequest#contextId()}. Bad input is a {@link GatewayError} of kind
     * INVALID_REQUEST whose message names the field and says what to send instead.
     *
     * @param headers request headers, names in lower case
     */
    ChatRequest decodeRequest(byte[] body, Map<String, String> headers);

    /** Encodes a complete answer; {@code model} is the name to report (what the caller asked for or what answered). */
    byte[] encodeResponse(ChatResponse response, String model);

    /** A fresh encoder for one streamed answer. */
    StreamEncoder streamEncoder(String model, boolean includeUsage);

    /** The dialect's status, JSON body and extra headers for an error. */
    ErrorResponse encodeError(GatewayError error);
}
