import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The JVM's own floor, for bench/run: a proxy on the JDK's blocking sockets, one virtual thread per client
 * connection, a pool of kept-alive upstream connections, bytes passed through. It knows just enough HTTP/1.1
 * for the bench (bodies with Content-Length, keep-alive, no chunked requests): no HTTP server or client
 * library, so it shows what the JVM and virtual threads cost here without Jetty. Bench code only.
 *
 * <pre>java bench/floor/SocketFloor.java PORT JSON-UPSTREAM-PORT STREAM-UPSTREAM-PORT</pre>
 */
public final class SocketFloor {

    private static final byte[] JSON_HEAD = ("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + "Content-Type: application/json\r\nContent-Length: ").getBytes(StandardCharsets.ISO_8859_1);

    record Upstream(Socket socket, Input in, OutputStream out) {}

    /** A socket's input with a buffer of its own: no lock per byte, as BufferedInputStream takes. */
    static final class Input {
        private final InputStream in;
        private final byte[] buffer = new byte[8192];
        private int pos;
        private int limit;

        Input(InputStream in) {
            this.in = in;
        }

        private boolean fill() throws IOException {
            if (pos < limit) {
                return true;
            }
            int n = in.read(buffer);
            if (n <= 0) {
                return false;
            }
            pos = 0;
            limit = n;
            return true;
        }

        /** The request or status line and headers; null at a clean end of stream. */
        String readHead() throws IOException {
            StringBuilder head = new StringBuilder(256);
            int matched = 0;
            while (fill()) {
                while (pos < limit) {
                    byte b = buffer[pos++];
                    head.append((char) b);
                    matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                            ? matched + 1 : 0;
                    if (matched == 4) {
                        return head.toString();
                    }
                }
            }
            if (head.isEmpty()) {
                return null;
            }
            throw new IOException("connection closed inside a header");
        }

        /** Up to max bytes into to, at least one unless the stream ended (-1). */
        int read(byte[] to, int offset, int max) throws IOException {
            if (!fill()) {
                return -1;
            }
            int n = Math.min(max, limit - pos);
            System.arraycopy(buffer, pos, to, offset, n);
            pos += n;
            return n;
        }

        byte[] readExactly(int length) throws IOException {
            byte[] out = new byte[length];
            for (int at = 0; at < length; ) {
                int n = read(out, at, length - at);
                if (n < 0) {
                    throw new IOException("connection closed inside a body");
                }
                at += n;
            }
            return out;
        }
    }

    private final int jsonPort;
    private final int streamPort;
    private final ConcurrentLinkedQueue<Upstream> jsonPool = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Upstream> streamPool = new ConcurrentLinkedQueue<>();

    SocketFloor(int jsonPort, int streamPort) {
        this.jsonPort = jsonPort;
        this.streamPort = streamPort;
    }

    public static void main(String[] args) throws IOException {
        SocketFloor floor = new SocketFloor(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
        try (ServerSocket server = new ServerSocket(Integer.parseInt(args[0]), 512, InetAddress.getLoopbackAddress())) {
            System.out.println("socket floor on 127.0.0.1:" + args[0]);
            while (true) {
                Socket client = server.accept();
                client.setTcpNoDelay(true);
                Thread.ofVirtual().start(() -> floor.serve(client));
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            Input in = new Input(client.getInputStream());
            OutputStream out = client.getOutputStream();
            while (true) {
                String head = in.readHead();
                if (head == null) {
                    return;
                }
                byte[] body = in.readExactly(contentLength(head));
                boolean streamed = new String(body, StandardCharsets.ISO_8859_1).contains("\"stream\":true");
                ConcurrentLinkedQueue<Upstream> pool = streamed ? streamPool : jsonPool;
                byte[] length = (body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
                byte[] request = new byte[JSON_HEAD.length + length.length + body.length];
                System.arraycopy(JSON_HEAD, 0, request, 0, JSON_HEAD.length);
                System.arraycopy(length, 0, request, JSON_HEAD.length, length.length);
                System.arraycopy(body, 0, request, JSON_HEAD.length + length.length, body.length);
                Upstream up = pool.poll();
                String answerHead = up == null ? null : send(up, request);
                if (answerHead == null) {
                    // None pooled, or the upstream closed a pooled one while it sat idle (nginx's
                    // keepalive_timeout): a new connection, as every HTTP client retries a stale keep-alive.
                    if (up != null) {
                        up.socket().close();
                    }
                    Socket s = new Socket(InetAddress.getLoopbackAddress(), streamed ? streamPort : jsonPort);
                    s.setTcpNoDelay(true);
                    up = new Upstream(s, new Input(s.getInputStream()), s.getOutputStream());
                    answerHead = send(up, request);
                    if (answerHead == null) {
                        throw new IOException("the upstream closed a new connection");
                    }
                }
                int remaining = contentLength(answerHead);
                String type = streamed ? "text/event-stream" : "application/json";
                byte[] first = ("HTTP/1.1 200 OK\r\nContent-Type: " + type + "\r\nContent-Length: " + remaining
                        + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
                byte[] buffer = new byte[8192];
                // The first piece goes out with the headers in one write, as a server gathers them.
                int n = up.in().read(buffer, 0, Math.min(buffer.length, remaining));
                byte[] firstWrite = new byte[first.length + Math.max(n, 0)];
                System.arraycopy(first, 0, firstWrite, 0, first.length);
                System.arraycopy(buffer, 0, firstWrite, first.length, Math.max(n, 0));
                out.write(firstWrite);
                remaining -= Math.max(n, 0);
                while (remaining > 0 && (n = up.in().read(buffer, 0, Math.min(buffer.length, remaining))) > 0) {
                    out.write(buffer, 0, n);
                    remaining -= n;
                }
                pool.offer(up);
            }
        } catch (IOException e) {
            // the client or upstream went away: this connection ends
        }
    }

    /** The answer's head, or null when the connection turned out closed. */
    private static String send(Upstream up, byte[] request) {
        try {
            up.out().write(request);
            return up.in().readHead();
        } catch (IOException e) {
            return null;
        }
    }

    private static int contentLength(String head) {
        int at = head.toLowerCase(java.util.Locale.ROOT).indexOf("content-length:");
        if (at < 0) {
            return 0;
        }
        int end = head.indexOf('\r', at);
        return Integer.parseInt(head.substring(at + "content-length:".length(), end).trim());
    }
}
