package dev.contextgate.dialect;

import dev.contextgate.chat.StreamEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Hands a decoder its payload as the SSE reader does: inside a larger buffer, between bytes that are not the
 * payload's (the end of the previous event, the start of the next). A decoder that read past its range, or
 * from the array's start, reads those and fails or reads differently.
 */
public final class ReaderBuffer {

    private static final byte[] BEFORE = "data: {\"x\":[".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] AFTER = "\n\ndata: ]}".getBytes(StandardCharsets.US_ASCII);

    private ReaderBuffer() {}

    public static List<StreamEvent> decode(StreamDecoder decoder, String event, byte[] data) {
        if (data == null) {
            return decoder.decode(event, null);
        }
        byte[] buffer = new byte[BEFORE.length + data.length + AFTER.length];
        System.arraycopy(BEFORE, 0, buffer, 0, BEFORE.length);
        System.arraycopy(data, 0, buffer, BEFORE.length, data.length);
        System.arraycopy(AFTER, 0, buffer, BEFORE.length + data.length, AFTER.length);
        return decoder.decode(event, buffer, BEFORE.length, data.length);
    }
}
