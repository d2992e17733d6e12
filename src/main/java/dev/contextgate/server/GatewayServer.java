package dev.contextgate.server;

import dev.contextgate.RunningGateway;
import dev.contextgate.config.ServerConfig;
import dev.contextgate.observe.Telemetry;
import java.io.IOException;
import java.net.BindException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Jetty on virtual threads: one connector speaking HTTP/1.1 and cleartext HTTP/2, one handler.
 * Stopping waits a few seconds for requests in flight, then closes what is left.
 */
public final class GatewayServer implements RunningGateway {

    /** Long enough for a slow model's first token; a stream writes long before this. */
    static final Duration IDLE_TIMEOUT = Duration.ofMinutes(10);
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

    private final Server server;
    private final ServerConnector connector;

    private GatewayServer(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    /**
     * Builds the route table from {@code routes} and starts listening.
     *
     * @throws BindException when the host and port cannot be bound (the caller explains who holds it)
     */
    public static GatewayServer start(
            ServerConfig config, ApiKeyAuth auth, DialectCodecs dialects, List<? extends Routes> routes)
            throws IOException {
        return start(config, auth, dialects, routes, Telemetry.NONE);
    }

    /** As above, reporting each request and stream to {@code telemetry}. */
    public static GatewayServer start(ServerConfig config, ApiKeyAuth auth, DialectCodecs dialects,
            List<? extends Routes> routes, Telemetry telemetry) throws IOException {
        RouteTable table = new RouteTable();
        routes.forEach(r -> r.register(table));

        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("contextgate");
        threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        // No reserved threads: with them, a thread dump under bench/run row (c) found 59 of 64 handlers blocked
        // on Jetty's platform pool threads, each holding its thread and stack for the whole upstream call;
        // without them, every handler was on a virtual thread. The price, if any, is small: row (c) ran about 2%
        // fewer req/s in five alternating pairs, within the noise (8 reserved threads: half the speed).
        threads.setReservedThreads(0);
        Server server = new Server(threads);
        server.setStopTimeout(STOP_TIMEOUT.toMillis());

        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(true);
        HTTP2CServerConnectionFactory h2c = new HTTP2CServerConnectionFactory(http);
        h2c.setStreamIdleTimeout(IDLE_TIMEOUT.toMillis());
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http), h2c);
        connector.setHost(config.host());
        connector.setPort(config.port());
        connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
        server.addConnector(connector);
        long maxBody = config.maxBodyBytes() > 0 ? config.maxBodyBytes() : ServerConfig.DEFAULT_MAX_BODY_BYTES;
        server.setErrorHandler(new JsonErrorHandler(dialects.openAi()));
        server.setHandler(new GracefulHandler(new GatewayHandler(table, auth, dialects, maxBody, telemetry)));

        try {
            server.start();
        } catch (Exception e) {
            stopQuietly(server);
            BindException bind = findBind(e);
            if (bind != null) {
                BindException explained = new BindException(
                        "cannot listen on " + config.host() + ":" + config.port() + ": " + bind.getMessage());
                explained.initCause(e);
                throw explained;
            }
            if (e instanceof IOException io) {
                throw io;
            }
            throw new IOException("the HTTP server did not start: " + e.getMessage(), e);
        }
        return new GatewayServer(server, connector);
    }

    @Override
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void awaitStop() throws InterruptedException {
        server.join();
    }

    /** Graceful stop: no new connections, requests in flight get {@link #STOP_TIMEOUT} to finish. */
    @Override
    public void close() {
        stopQuietly(server);
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception e) {
            // Stopping is best effort: what is left is closed with the process.
        }
    }

    private static BindException findBind(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof BindException b) {
                return b;
            }
        }
        return null;
    }
}
