package dev.contextgate.provider;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * A real upstream on a free loopback port that holds every answer: it reads a request, then keeps the
 * connection open without answering until {@link #release()} (or for at most {@link #MAX_HOLD}), as a
 * model that is still generating would. While it holds, it watches the connection, so that it can tell
 * when the gateway gave the call up: what a provider sees of a cancelled call is its connection closing.
 * Plain sockets rather than the JDK's HTTP server, which says nothing of a connection closed under a
 * handler that has not answered yet.
 */
public final class HoldingUpstream implements AutoCloseable {

    public static final Duration MAX_HOLD = Duration.ofSeconds(10);

    private final ServerSocket server;
    private final byte[] answer;
    private final CountDownLatch released = new CountDownLatch(1);
    private final AtomicInteger received = new AtomicInteger();
    private final AtomicInteger holding = new AtomicInteger();
    private final AtomicInteger mostHeldAtOnce = new AtomicInteger();
    private final AtomicInteger closedWhileHeld = new AtomicInteger();

    private HoldingUpstream(String answerJson) throws IOException {
        this.answer = answerJson.getBytes(StandardCharsets.UTF_8);
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("holding-upstream").start(this::acceptForever);
    }

    /** @param answerJson the 200 answer every held request finally gets, once released */
    public static HoldingUpstream start(String answerJson) {
        try {
            return new HoldingUpstream(answerJson);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The base URL, without a trailing slash. */
    public String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** Lets every held request, and every later one, have its answer. */
    public void release() {
        released.countDown();
    }

    public int received() {
        return received.get();
    }

    public int holding() {
        return holding.get();
    }

    public int mostHeldAtOnce() {
        return mostHeldAtOnce.get();
    }

    /** Requests whose connection the gateway closed while they were still waiting for their answer. */
    public int closedWhileHeld() {
        return closedWhileHeld.get();
    }

    /** Polls {@code value} until it reaches {@code atLeast}; false when {@code within} ran out first. */
    public static boolean await(IntSupplier value, int atLeast, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (value.getAsInt() < atLeast) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    private void acceptForever() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread.ofVirtual().name("holding-upstream-call").start(() -> serve(socket));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            if (!readRequest(in)) {
                return;
            }
            received.incrementAndGet();
            mostHeldAtOnce.accumulateAndGet(holding.incrementAndGet(), Math::max);
            boolean closed;
            try {
                closed = holdWhileOpen(socket, in);
            } finally {
                holding.decrementAndGet();
            }
            if (closed) {
                closedWhileHeld.incrementAndGet();
                return;
            }
            OutputStream out = socket.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + answer.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(answer);
            out.flush();
        } catch (IOException | InterruptedException e) {
            // the gateway went away, or the test is over
        }
    }

    /** Reads one request's head and its Content-Length body; false when the connection closed first. */
    private static boolean readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return false;
            }
            head.write(b);
            matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : b == '\r' ? 1 : 0;
        }
        int length = 0;
        for (String line : head.toString(StandardCharsets.US_ASCII).split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring("content-length:".length()).strip());
            }
        }
        return in.readNBytes(length).length == length;
    }

    /**
     * Waits for the release, reading meanwhile: a read that ends (-1) or fails (a reset) means the gateway
     * closed the connection. True when it did.
     */
    private boolean holdWhileOpen(Socket socket, InputStream in) throws IOException, InterruptedException {
        socket.setSoTimeout(20);
        long deadline = System.nanoTime() + MAX_HOLD.toNanos();
        while (!released.await(0, TimeUnit.MILLISECONDS) && System.nanoTime() - deadline < 0) {
            try {
                if (in.read() < 0) {
                    return true;
                }
            } catch (SocketTimeoutException stillOpen) {
                // nothing from the gateway, as expected while it waits for the answer
            } catch (IOException reset) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        release();
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
