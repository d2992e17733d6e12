package dev.contextgate.observe;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;

/**
 * Writes log lines through a buffer that is flushed every {@code flushEvery}, and at once for a
 * warning or an error. One write system call per line (the access line of every request) cost ~13% of
 * the gateway's CPU per request in bench/run; gathered, an INFO line reaches stderr at most
 * {@code flushEvery} later, and a hard kill loses at most that much of them.
 */
final class GatheringAppender extends OutputStreamAppender<ILoggingEvent> {

    private static final int BUFFER = 32 * 1024;

    private final BufferedOutputStream buffer;
    private final Duration flushEvery;
    private volatile boolean flushing;
    private Thread flusher;

    GatheringAppender(OutputStream target, Duration flushEvery) {
        // The target is not ours to close (it is stderr): stopping the appender only flushes it.
        this.buffer = new BufferedOutputStream(new FilterOutputStream(target) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        }, BUFFER);
        this.flushEvery = flushEvery;
        setImmediateFlush(false);
        setOutputStream(buffer);
    }

    @Override
    public void start() {
        super.start();
        flushing = true;
        flusher = Thread.ofPlatform().daemon(true).name("contextgate-log-flush").start(this::flushForever);
    }

    @Override
    public void stop() {
        flushing = false;
        if (flusher != null) {
            flusher.interrupt();
        }
        flush();
        super.stop();
    }

    @Override
    protected void subAppend(ILoggingEvent event) {
        super.subAppend(event);
        if (event.getLevel().isGreaterOrEqual(Level.WARN)) {
            flush();
        }
    }

    /** Writes out what is gathered; BufferedOutputStream locks itself, so any thread may call this. */
    void flush() {
        try {
            buffer.flush();
        } catch (IOException ignored) {
            // stderr is gone: nothing to report it on
        }
    }

    private void flushForever() {
        while (flushing) {
            try {
                Thread.sleep(flushEvery);
            } catch (InterruptedException e) {
                return;
            }
            flush();
        }
    }
}
