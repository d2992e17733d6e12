package dev.contextgate.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseReaderTest {

    /** A frame with its data decoded, to compare: a {@link SseReader.Frame}'s bytes are only good until the next read. */
    private record Text(String event, String data) {}

    private static Text frame(String event, String data) {
        return new Text(event, data);
    }

    private static Text text(SseReader.Frame f) {
        return f == null ? null : new Text(f.event(), new String(bytes(f), StandardCharsets.UTF_8));
    }

    private static byte[] bytes(SseReader.Frame f) {
        return Arrays.copyOfRange(f.buffer(), f.offset(), f.offset() + f.length());
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<Text> read(String text) throws IOException {
        return read(new ByteArrayInputStream(utf8(text)));
    }

    /** Each frame's data taken as it comes, before the next read may reuse the buffer they lie in. */
    private static List<Text> read(InputStream in) throws IOException {
        SseReader reader = new SseReader(in);
        List<Text> frames = new ArrayList<>();
        SseReader.Frame f;
        while ((f = reader.next()) != null) {
            frames.add(text(f));
        }
        return frames;
    }

    @Test
    void readsNamedAndUnnamedFrames() throws IOException {
        assertThat(read("event: message_start\ndata: {\"a\":1}\n\ndata: {\"b\":2}\n\n"))
                .containsExactly(frame("message_start", "{\"a\":1}"),
                        frame(null, "{\"b\":2}"));
    }

    @Test
    void joinsDataLinesWithNewlines() throws IOException {
        assertThat(read("data: one\ndata: two\ndata:\n\n"))
                .containsExactly(frame(null, "one\ntwo\n"));
    }

    @Test
    void stripsOnlyOneSpaceAfterTheColon() throws IOException {
        assertThat(read("data:nospace\n\ndata:  two spaces\n\n"))
                .containsExactly(frame(null, "nospace"), frame(null, " two spaces"));
    }

    @Test
    void ignoresCommentsIdAndRetry() throws IOException {
        assertThat(read(": ping\nid: 7\nretry: 1000\nevent: x\ndata: y\n\n: trailing\n\n"))
                .containsExactly(frame("x", "y"));
    }

    @Test
    void toleratesCrLfAndLoneCr() throws IOException {
        assertThat(read("event: a\r\ndata: 1\r\n\r\nevent: b\rdata: 2\r\r"))
                .containsExactly(frame("a", "1"), frame("b", "2"));
    }

    @Test
    void crLfSplitAcrossReadsIsOneLineEnd() throws IOException {
        // One byte per read, so CR and LF arrive in separate reads.
        InputStream trickle = trickle(utf8("data: 1\r\n\r\ndata: 2\r\n\r\n"));
        assertThat(read(trickle)).containsExactly(frame(null, "1"), frame(null, "2"));
    }

    @Test
    void frameWithoutDataDispatchesNothingAndForgetsItsName() throws IOException {
        assertThat(read("event: ping\n\ndata: x\n\n")).containsExactly(frame(null, "x"));
    }

    @Test
    void unfinishedFrameAtEndOfInputIsDropped() throws IOException {
        assertThat(read("data: whole\n\ndata: cut")).containsExactly(frame(null, "whole"));
    }

    @Test
    void fieldWithoutColonIsANameWithEmptyValue() throws IOException {
        assertThat(read("data\ndata\n\n")).containsExactly(frame(null, "\n"));
    }

    @Test
    void decodesUtf8AndSkipsAByteOrderMark() throws IOException {
        assertThat(read("\uFEFFdata: héllo 🌍\n\n")).containsExactly(frame(null, "héllo 🌍"));
    }

    @Test
    void emptyInputEndsAtOnce() throws IOException {
        assertThat(read("")).isEmpty();
    }

    /** Hands out its chunks one per read, as a network body does. */
    private static InputStream chunks(String... parts) {
        return chunks(Arrays.stream(parts).map(SseReaderTest::utf8).toArray(byte[][]::new));
    }

    private static InputStream chunks(byte[]... parts) {
        return new InputStream() {
            int next;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (next >= parts.length) {
                    return -1;
                }
                byte[] part = parts[next++];
                System.arraycopy(part, 0, b, off, part.length);
                return part.length;
            }
        };
    }

    /** Hands out one byte per read: every line end and every UTF-8 character is cut between reads. */
    private static InputStream trickle(byte[] bytes) {
        return new InputStream() {
            int i;

            @Override
            public int read() {
                return i < bytes.length ? bytes[i++] & 0xFF : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (i >= bytes.length) {
                    return -1;
                }
                b[off] = bytes[i++];
                return 1;
            }
        };
    }

    @Test
    void readyOnlyWhenAWholeFrameWithDataIsBuffered() throws IOException {
        SseReader reader = new SseReader(chunks("data: 1\n\ndata: 2\n\ndata: 3", "\n\n: ping\n\n", "data: 4\r\n\r\n"));
        assertThat(reader.ready()).as("nothing read yet").isFalse();
        assertThat(text(reader.next())).isEqualTo(frame(null, "1"));
        assertThat(reader.ready()).as("frame 2 is buffered").isTrue();
        assertThat(text(reader.next())).isEqualTo(frame(null, "2"));
        assertThat(reader.ready()).as("frame 3 is cut: next() would read").isFalse();
        assertThat(text(reader.next())).isEqualTo(frame(null, "3"));
        assertThat(reader.ready()).as("a comment-only frame dispatches nothing").isFalse();
        assertThat(text(reader.next())).isEqualTo(frame(null, "4"));
        assertThat(reader.ready()).isFalse();
        assertThat(reader.next()).isNull();
    }

    @Test
    void readyHandlesCrLfCutBetweenReads() throws IOException {
        SseReader reader = new SseReader(chunks("data: a\r", "\n\r\ndata: b\r\n\r\n"));
        assertThat(text(reader.next())).isEqualTo(frame(null, "a"));
        assertThat(reader.ready()).isTrue();
        assertThat(text(reader.next())).isEqualTo(frame(null, "b"));
        assertThat(reader.next()).isNull();
    }

    @Test
    void aLineLongerThanTheBufferGrowsIt() throws IOException {
        String big = "x".repeat(100_000);
        assertThat(read("data: " + big + "\n\n")).containsExactly(frame(null, big));
    }

    @Test
    void dataLinesAreJoinedByLfAsTheBytesSent() throws IOException {
        SseReader reader = new SseReader(new ByteArrayInputStream(utf8("data: café\ndata:  漢\r\ndata: 😀\n\n")));

        assertThat(bytes(reader.next())).isEqualTo(utf8("café\n 漢\n😀"));
        assertThat(reader.next()).isNull();
    }

    @Test
    void characterCutBetweenReadsIsWhole() throws IOException {
        byte[] emoji = utf8("😀"); // four bytes
        InputStream cut = chunks(utf8("data: a"), new byte[] {emoji[0], emoji[1]},
                new byte[] {emoji[2], emoji[3], 'b', '\n'}, utf8("data: 漢"), utf8("字\n\n"));

        assertThat(read(cut)).containsExactly(frame(null, "a😀b\n漢字"));
        assertThat(read(trickle(utf8("event: év\ndata: é 漢字 😀\n\ndata: x\ndata: 😀\n\n"))))
                .containsExactly(frame("év", "é 漢字 😀"), frame(null, "x\n😀"));
    }

    @Test
    void aDataLineWhoseFrameEndsInALaterReadIsKept() throws IOException {
        // The first data line is still in the read buffer when its frame is cut; the next read moves the
        // buffer's bytes, and the line must have been kept before.
        assertThat(read(chunks("data: first\n", "\n", "data: one\n", "data: two\n\n", "data: last\n", ": c\n", "\n")))
                .containsExactly(frame(null, "first"), frame(null, "one\ntwo"), frame(null, "last"));
    }

    @Test
    void aOneLineFrameIsHandedOverWhereItLiesNotCopied() throws IOException {
        SseReader reader = new SseReader(chunks("data: 1\n\ndata: 22\n\n", "data: 333\n\n"));
        SseReader.Frame one = reader.next();
        Text first = text(one);
        SseReader.Frame two = reader.next();

        assertThat(first).isEqualTo(frame(null, "1"));
        assertThat(text(two)).isEqualTo(frame(null, "22"));
        assertThat(two.buffer()).as("both lie in the reader's buffer").isSameAs(one.buffer());
        assertThat(two.offset()).isGreaterThan(one.offset());
        assertThat(text(reader.next())).isEqualTo(frame(null, "333"));
        assertThat(reader.next()).isNull();
    }
}
