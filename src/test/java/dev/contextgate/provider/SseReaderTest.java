package dev.contextgate.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseReaderTest {

    private static List<SseReader.Frame> read(String text) throws IOException {
        return read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<SseReader.Frame> read(InputStream in) throws IOException {
        SseReader reader = new SseReader(in);
        List<SseReader.Frame> frames = new ArrayList<>();
        SseReader.Frame f;
        while ((f = reader.next()) != null) {
            frames.add(f);
        }
        return frames;
    }

    @Test
    void readsNamedAndUnnamedFrames() throws IOException {
        assertThat(read("event: message_start\ndata: {\"a\":1}\n\ndata: {\"b\":2}\n\n"))
                .containsExactly(new SseReader.Frame("message_start", "{\"a\":1}"),
                        new SseReader.Frame(null, "{\"b\":2}"));
    }

    @Test
    void joinsDataLinesWithNewlines() throws IOException {
        assertThat(read("data: one\ndata: two\ndata:\n\n"))
                .containsExactly(new SseReader.Frame(null, "one\ntwo\n"));
    }

    @Test
    void stripsOnlyOneSpaceAfterTheColon() throws IOException {
        assertThat(read("data:nospace\n\ndata:  two spaces\n\n"))
                .containsExactly(new SseReader.Frame(null, "nospace"), new SseReader.Frame(null, " two spaces"));
    }

    @Test
    void ignoresCommentsIdAndRetry() throws IOException {
        assertThat(read(": ping\nid: 7\nretry: 1000\nevent: x\ndata: y\n\n: trailing\n\n"))
                .containsExactly(new SseReader.Frame("x", "y"));
    }

    @Test
    void toleratesCrLfAndLoneCr() throws IOException {
        assertThat(read("event: a\r\ndata: 1\r\n\r\nevent: b\rdata: 2\r\r"))
                .containsExactly(new SseReader.Frame("a", "1"), new SseReader.Frame("b", "2"));
    }

    @Test
    void crLfSplitAcrossReadsIsOneLineEnd() throws IOException {
        // A stream that hands out one byte per read, so CR and LF arrive in separate reads.
        byte[] bytes = "data: 1\r\n\r\ndata: 2\r\n\r\n".getBytes(StandardCharsets.UTF_8);
        InputStream trickle = new InputStream() {
            int i;

            @Override
            public int read() {
                return i < bytes.length ? bytes[i++] : -1;
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
        assertThat(read(trickle)).containsExactly(new SseReader.Frame(null, "1"), new SseReader.Frame(null, "2"));
    }

    @Test
    void frameWithoutDataDispatchesNothingAndForgetsItsName() throws IOException {
        assertThat(read("event: ping\n\ndata: x\n\n")).containsExactly(new SseReader.Frame(null, "x"));
    }

    @Test
    void unfinishedFrameAtEndOfInputIsDropped() throws IOException {
        assertThat(read("data: whole\n\ndata: cut")).containsExactly(new SseReader.Frame(null, "whole"));
    }

    @Test
    void fieldWithoutColonIsANameWithEmptyValue() throws IOException {
        assertThat(read("data\ndata\n\n")).containsExactly(new SseReader.Frame(null, "\n"));
    }

    @Test
    void decodesUtf8AndSkipsAByteOrderMark() throws IOException {
        assertThat(read("\uFEFFdata: héllo 🌍\n\n")).containsExactly(new SseReader.Frame(null, "héllo 🌍"));
    }

    @Test
    void emptyInputEndsAtOnce() throws IOException {
        assertThat(read("")).isEmpty();
    }

    /** Hands out its chunks one per read, as a network body does. */
    private static InputStream chunks(String... parts) {
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
                byte[] part = parts[next++].getBytes(StandardCharsets.UTF_8);
                System.arraycopy(part, 0, b, off, part.length);
                return part.length;
            }
        };
    }

    @Test
    void readyOnlyWhenAWholeFrameWithDataIsBuffered() throws IOException {
        SseReader reader = new SseReader(chunks("data: 1\n\ndata: 2\n\ndata: 3", "\n\n: ping\n\n", "data: 4\r\n\r\n"));
        assertThat(reader.ready()).as("nothing read yet").isFalse();
        assertThat(reader.next()).isEqualTo(new SseReader.Frame(null, "1"));
        assertThat(reader.ready()).as("frame 2 is buffered").isTrue();
        assertThat(reader.next()).isEqualTo(new SseReader.Frame(null, "2"));
        assertThat(reader.ready()).as("frame 3 is cut: next() would read").isFalse();
        assertThat(reader.next()).isEqualTo(new SseReader.Frame(null, "3"));
        assertThat(reader.ready()).as("a comment-only frame dispatches nothing").isFalse();
        assertThat(reader.next()).isEqualTo(new SseReader.Frame(null, "4"));
        assertThat(reader.ready()).isFalse();
        assertThat(reader.next()).isNull();
    }

    @Test
    void readyHandlesCrLfCutBetweenReads() throws IOException {
        SseReader reader = new SseReader(chunks("data: a\r", "\n\r\ndata: b\r\n\r\n"));
        assertThat(reader.next()).isEqualTo(new SseReader.Frame(null, "a"));
        assertThat(reader.ready()).isTrue();
        assertThat(reader.next()).isEqualTo(new SseReader.Frame(null, "b"));
        assertThat(reader.next()).isNull();
    }

    @Test
    void aLineLongerThanTheBufferGrowsIt() throws IOException {
        String big = "x".repeat(100_000);
        assertThat(read("data: " + big + "\n\n")).containsExactly(new SseReader.Frame(null, big));
    }
}
