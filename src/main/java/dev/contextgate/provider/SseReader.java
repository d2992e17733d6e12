package dev.contextgate.provider;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads server-sent events from an upstream body, as the HTML living standard defines them, minus
 * reconnection: we never reconnect on our own, because a second connection is a second billed call.
 * Not thread-safe; one per body. The caller closes the stream.
 *
 * <p>Works on the bytes in its own buffer (line ends are ASCII, so a UTF-8 character is never cut by
 * one), which lets {@link #ready()} say exactly whether a whole frame is already here. The data stays
 * bytes, never decoded: the decoders hand them to Jackson's byte parser.
 */
final class SseReader {

    /**
     * One dispatched event; {@code event} is null when the frame named none. Its data are the UTF-8 bytes
     * {@code buffer[offset, offset + length)}, which lie in the reader's own buffer (a frame of several data
     * lines: in an array of their own) and are only good until the next call of {@link #next()}: a caller
     * decodes them at once. Copying each event out cost a tenth of what a stream allocated in bench/run.
     */
    record Frame(String event, byte[] buffer, int offset, int length) {}

    private static final byte CR = '\r';
    private static final byte LF = '\n';
    /** A longer line is refused rather than buffered: no event of any provider comes near it. */
    private static final int MAX_LINE = 16 << 20;

    private final InputStream in;
    /** The frame's data lines joined by LF, once it has more than one or its first left the buffer. */
    private final ByteArrayOutputStream joined = new ByteArrayOutputStream(256);
    /** Where the frame's first data line lies in {@code buf} while it is still there; -1 otherwise. */
    private int firstFrom = -1;
    private int firstTo;
    private byte[] buf = new byte[8192];
    private int pos;
    private int limit;
    /** The last line ended with CR: an LF that follows belongs to that line end. */
    private boolean skipLf;
    private boolean first = true;

    SseReader(InputStream body) {
        this.in = body;
    }

    /**
     * The next frame, blocking until a blank line ends one; null at end of input. A frame left
     * unfinished at end of input is dropped, as the spec says: a cut stream must not look complete.
     */
    Frame next() throws IOException {
        String event = null;
        boolean hasData = false;
        joined.reset();
        firstFrom = -1;
        while (true) {
            int end = lineEnd();
            if (end < 0) {
                keepFirstLine(); // fill() moves the buffer's bytes
                if (!fill()) {
                    return null;
                }
                continue;
            }
            int start = pos;
            pos = end + 1;
            skipLf = buf[end] == CR;
            if (first) {
                first = false;
                if (end - start >= 3 && (buf[start] & 0xFF) == 0xEF && (buf[start + 1] & 0xFF) == 0xBB
                        && (buf[start + 2] & 0xFF) == 0xBF) {
                    start += 3;
                }
            }
            if (start == end) {
                if (hasData) {
                    if (firstFrom >= 0) { // one data line, the usual frame: its bytes where they lie
                        return new Frame(event, buf, firstFrom, firstTo - firstFrom);
                    }
                    byte[] bytes = joined.toByteArray();
                    return new Frame(event, bytes, 0, bytes.length);
                }
                // A frame without data dispatches nothing, and its event name is forgotten.
                event = null;
                continue;
            }
            if (buf[start] == ':') {
                continue;
            }
            int colon = indexOf(':', start, end);
            int nameEnd = colon < 0 ? end : colon;
            int valueStart = colon < 0 ? end : colon + 1;
            if (valueStart < end && buf[valueStart] == ' ') {
                valueStart++;
            }
            if (is("data", start, nameEnd)) {
                if (hasData) {
                    keepFirstLine();
                    joined.write(LF);
                    joined.write(buf, valueStart, end - valueStart);
                } else {
                    firstFrom = valueStart;
                    firstTo = end;
                    hasData = true;
                }
            } else if (is("event", start, nameEnd)) {
                event = new String(buf, valueStart, end - valueStart, StandardCharsets.UTF_8);
            }
            // id and retry only matter for reconnection, which we never do
        }
    }

    /**
     * True when a whole frame is already buffered, so {@link #next()} returns without reading (a writer
     * may then hold its output back until the events at hand are written). Never reads.
     */
    boolean ready() {
        int at = pos;
        boolean skip = skipLf;
        boolean hasData = false;
        while (true) {
            if (skip && at < limit && buf[at] == LF) {
                at++;
            }
            int end = -1;
            for (int i = at; i < limit; i++) {
                if (buf[i] == LF || buf[i] == CR) {
                    end = i;
                    break;
                }
            }
            if (end < 0) {
                return false;
            }
            if (end == at) {
                if (hasData) {
                    return true;
                }
            } else if (buf[at] != ':') {
                int colon = indexOf(':', at, end);
                hasData |= is("data", at, colon < 0 ? end : colon);
            }
            skip = buf[end] == CR;
            at = end + 1;
        }
    }

    /** Copies the frame's first data line out of the buffer, if it is still only there. */
    private void keepFirstLine() {
        if (firstFrom >= 0) {
            joined.write(buf, firstFrom, firstTo - firstFrom);
            firstFrom = -1;
        }
    }

    /** Index of the CR or LF ending the line at {@code pos}, or -1 when the buffer holds no whole line. */
    private int lineEnd() {
        if (skipLf && pos < limit) {
            if (buf[pos] == LF) {
                pos++;
            }
            skipLf = false;
        }
        for (int i = pos; i < limit; i++) {
            byte b = buf[i];
            if (b == LF || b == CR) {
                return i;
            }
        }
        return -1;
    }

    /** Reads more input, keeping the unread part; false at end of input. */
    private boolean fill() throws IOException {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        if (limit == buf.length) {
            if (buf.length >= MAX_LINE) {
                throw new IOException("an event line is longer than " + (MAX_LINE >> 20) + " MiB");
            }
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        long waitFrom = System.nanoTime();
        int n = in.read(buf, limit, buf.length - limit);
        WireTime.add(System.nanoTime() - waitFrom);
        if (n < 0) {
            return false;
        }
        limit += n;
        return true;
    }

    private int indexOf(char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private boolean is(String name, int from, int to) {
        if (to - from != name.length()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (buf[from + i] != name.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
