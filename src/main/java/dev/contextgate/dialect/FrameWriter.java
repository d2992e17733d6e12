package dev.contextgate.dialect;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * Writes one stream's frames, each some fixed bytes around one JSON value, through one generator and one
 * growing buffer. A generator per frame cost its IO context, write context, a pooled buffer taken and
 * handed back, and a {@code ByteArrayOutputStream} that grew once past 256 bytes: a quarter of what a
 * stream allocated in bench/run's streaming row (async-profiler, alloc mode).
 *
 * <p>Not thread-safe: one per stream. {@link #close()} gives the generator's buffers back to the pool.
 * A frame whose JSON failed half-way throws, and the generator it left mid-value is dropped, not reused.
 *
 * <p>A stream holds its buffers from first frame to last, so they come from a pool of their own: in the
 * shared one, enough open streams would leave every parser and generator of every other call to make new
 * buffers.
 */
public final class FrameWriter implements AutoCloseable {

    private static final JsonFactory FACTORY = JsonFactory.builder().recyclerPool(new LockFreeBufferPool(128)).build();

    /** Writes one JSON value. */
    @FunctionalInterface
    public interface Value {
        void write(JsonGenerator g) throws IOException;
    }

    private final Bytes out = new Bytes();
    private JsonGenerator generator;

    /** {@code head}, the value {@code value} writes, then {@code tail}, as a new array. */
    public byte[] frame(byte[] head, Value value, byte[] tail) {
        out.reset();
        out.write(head, 0, head.length);
        try {
            JsonGenerator g = generator();
            value.write(g);
            g.flush();
        } catch (IOException | RuntimeException e) {
            close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
        out.write(tail, 0, tail.length);
        return out.toByteArray();
    }

    private JsonGenerator generator() throws IOException {
        if (generator == null) {
            generator = FACTORY.createGenerator(out);
            generator.setCodec(Json.MAPPER); // as Json.FACTORY's generators have: trees and values can be written
            // Frames are separate documents: nothing may go between one value and the next.
            generator.setRootValueSeparator(null);
        }
        return generator;
    }

    @Override
    public void close() {
        JsonGenerator g = generator;
        generator = null;
        if (g != null) {
            try {
                g.close();
            } catch (IOException e) {
                // Writes into memory only; what it would have added is never read.
            }
        }
    }

    /** An unsynchronized {@code ByteArrayOutputStream}: one thread writes it. */
    private static final class Bytes extends OutputStream {
        private byte[] buf = new byte[512];
        private int count;

        void reset() {
            count = 0;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buf, count);
        }

        @Override
        public void write(int b) {
            ensure(1);
            buf[count++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, buf, count, len);
            count += len;
        }

        private void ensure(int more) {
            if (count + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + more));
            }
        }
    }
}
