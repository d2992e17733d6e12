package dev.contextgate.provider;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Reads server-sent events from an upstream body, as the HTML living standard defines them, minus
 * reconnection: we never reconnect on our own, because a second connection is a second billed call.
 * Not thread-safe; one per body. The caller closes the stream.
 */
final class SseReader {

    /** One dispatched event; {@code event} is null when the frame named none. */
    record Frame(String event, String data) {}

    private final BufferedReader in;
    private final StringBuilder data = new StringBuilder(256);
    private boolean first = true;

    SseReader(InputStream body) {
        // BufferedReader.readLine already splits on CRLF, CR and LF, including a CRLF cut between reads.
        this.in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8), 8192);
    }

    /**
     * The next frame, blocking until a blank line ends one; null at end of input. A frame left
     * unfinished at end of input is dropped, as the spec says: a cut stream must not look complete.
     */
    Frame next() throws IOException {
        String event = null;
        boolean hasData = false;
        data.setLength(0);
        String line;
        while ((line = in.readLine()) != null) {
            if (first) {
                first = false;
                if (!line.isEmpty() && line.charAt(0) == '\uFEFF') {
                    line = line.substring(1);
                }
            }
            if (line.isEmpty()) {
                if (hasData) {
                    return new Frame(event, data.toString());
                }
                // A frame without data dispatches nothing, and its event name is forgotten.
                event = null;
                continue;
            }
            if (line.charAt(0) == ':') {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            int start = colon < 0 ? line.length() : colon + 1;
            if (start < line.length() && line.charAt(start) == ' ') {
                start++;
            }
            switch (field) {
                case "data" -> {
                    if (hasData) {
                        data.append('\n');
                    }
                    data.append(line, start, line.length());
                    hasData = true;
                }
                case "event" -> event = line.substring(start);
                default -> { } // id and retry only matter for reconnection, which we never do
            }
        }
        return null;
    }
}
