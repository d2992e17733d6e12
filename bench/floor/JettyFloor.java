import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.concurrent.Executors;
import org.eclipse.jetty.client.BufferingResponseListener;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable.InvocationType;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The floor of ContextGate's stack, for bench/run: the same Jetty server and client, set up as ContextGate
 * sets them up, passing bytes through with nothing else (no JSON, routing, context, log, metrics). What
 * this reaches against nginx is the most any gateway on this stack can reach on this machine.
 *
 * <pre>java -cp target/contextgate.jar bench/floor/JettyFloor.java PORT JSON-UPSTREAM-PORT STREAM-UPSTREAM-PORT MODE</pre>
 *
 * A body asking for {@code "stream": true} goes to the stream upstream (as ContextGate's bench config routes it).
 *
 * MODE {@code blocking}: the handler runs on a virtual thread and blocks, as ContextGate's do; a JSON answer is
 * read whole, a stream is passed on as it arrives. MODE {@code async}: the handler never blocks and runs on the
 * thread that read the request; the upstream's answer is written back from the client's selector thread
 * (callbacks, the design ContextGate does not use). Bench code only: not part of the product.
 */
public final class JettyFloor {

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        URI json = URI.create("http://127.0.0.1:" + args[1] + "/v1/chat/completions");
        URI stream = URI.create("http://127.0.0.1:" + args[2] + "/v1/chat/completions");
        boolean async = args[3].equals("async");

        HttpClient client = new HttpClient();
        QueuedThreadPool clientThreads = new QueuedThreadPool(8, 1);
        clientThreads.setDaemon(true);
        client.setExecutor(clientThreads);
        client.setMaxConnectionsPerDestination(64);
        client.getHttpClientTransport().setInvocationType(InvocationType.NON_BLOCKING);
        client.start();
        client.getProtocolHandlers().clear();

        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        threads.setReservedThreads(0);
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(async ? new Async(client, json) : new Blocking(client, json, stream));
        server.start();
        System.out.println("floor (" + args[3] + ") on 127.0.0.1:" + port);
        server.join();
    }

    /** Blocks on a virtual thread, like ContextGate's handlers. */
    static final class Blocking extends Handler.Abstract {
        private final HttpClient client;
        private final URI json;
        private final URI stream;

        Blocking(HttpClient client, URI json, URI stream) {
            super(InvocationType.BLOCKING);
            this.client = client;
            this.json = json;
            this.stream = stream;
        }

        @Override
        public boolean handle(Request request, org.eclipse.jetty.server.Response response, Callback callback)
                throws Exception {
            ByteBuffer in = Content.Source.asByteBuffer(request);
            byte[] body = new byte[in.remaining()];
            in.get(body);
            boolean streamed = containsStream(body);
            var call = client.newRequest(streamed ? stream : json).method(HttpMethod.POST)
                    .body(new BytesRequestContent("application/json", body));
            if (!streamed) {
                ContentResponse answer = call.send();
                response.setStatus(answer.getStatus());
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
                Content.Sink.write(response, true, ByteBuffer.wrap(answer.getContent()));
                callback.succeeded();
                return true;
            }
            InputStreamResponseListener listener = new InputStreamResponseListener();
            call.send(listener);
            Response head = listener.get(30, java.util.concurrent.TimeUnit.SECONDS);
            response.setStatus(head.getStatus());
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream");
            byte[] buffer = new byte[8192];
            try (InputStream events = listener.getInputStream()) {
                for (int n; (n = events.read(buffer)) >= 0; ) {
                    Content.Sink.write(response, false, ByteBuffer.wrap(buffer, 0, n));
                }
            }
            Content.Sink.write(response, true, ByteBuffer.allocate(0));
            callback.succeeded();
            return true;
        }
    }

    /** Never blocks: runs where the request was read, answers from the client's selector thread. JSON only. */
    static final class Async extends Handler.Abstract.NonBlocking {
        private final HttpClient client;
        private final URI upstream;

        Async(HttpClient client, URI upstream) {
            this.client = client;
            this.upstream = upstream;
        }

        @Override
        public boolean handle(Request request, org.eclipse.jetty.server.Response response, Callback callback) {
            Content.Source.asByteArrayAsync(request, 1 << 20).whenComplete((body, failure) -> {
                if (failure != null) {
                    callback.failed(failure);
                    return;
                }
                client.newRequest(upstream).method(HttpMethod.POST)
                        .body(new BytesRequestContent("application/json", body))
                        .send(new BufferingResponseListener(1 << 20) {
                            @Override
                            public void onComplete(org.eclipse.jetty.client.Result result) {
                                if (result.isFailed()) {
                                    callback.failed(result.getFailure());
                                    return;
                                }
                                response.setStatus(result.getResponse().getStatus());
                                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
                                response.write(true, ByteBuffer.wrap(getContent()), callback);
                            }
                        });
            });
            return true;
        }
    }

    private static boolean containsStream(byte[] body) {
        String text = new String(body, java.nio.charset.StandardCharsets.ISO_8859_1);
        return text.contains("\"stream\":true") || text.contains("\"stream\": true");
    }
}
