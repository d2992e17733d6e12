package dev.contextgate.server;

import dev.contextgate.chat.GatewayError;
import dev.contextgate.dialect.ErrorResponse;
import dev.contextgate.dialect.ServerCodec;
import java.io.IOException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one Jetty handler: request id and version headers, key check on {@code /v1/*}, route lookup,
 * and errors rendered in the request's dialect. Runs as blocking code on a virtual thread and
 * completes the callback only when the response is complete.
 */
final class GatewayHandler extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayHandler.class);

    private final RouteTable routes;
    private final ApiKeyAuth auth;
    private final DialectCodecs dialects;
    private final long maxBodyBytes;

    GatewayHandler(RouteTable routes, ApiKeyAuth auth, DialectCodecs dialects, long maxBodyBytes) {
        super(InvocationType.BLOCKING);
        this.routes = routes;
        this.auth = auth;
        this.dialects = dialects;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Exchange exchange = new Exchange(request, response, maxBodyBytes);
        ServerCodec codec = dialects.forRequest(exchange.path(), exchange.headers());
        try {
            dispatch(exchange);
            callback.succeeded();
        } catch (GatewayError e) {
            renderOrAbort(exchange, codec.encodeError(e), e, callback);
        } catch (IOException e) {
            LOG.debug("request {}: client went away: {}", exchange.requestId(), e.toString());
            callback.failed(e);
        } catch (RuntimeException e) {
            LOG.error("request {} failed", exchange.requestId(), e);
            renderOrAbort(exchange, internalError(codec, exchange.requestId()), e, callback);
        }
        return true;
    }

    private void dispatch(Exchange exchange) throws IOException {
        String path = exchange.path();
        if (path.startsWith("/v1/") || path.startsWith("/context/")) {
            exchange.owner(auth.check(exchange.headers()));
        }
        switch (routes.match(exchange.method(), path)) {
            case RouteTable.Match.Found found -> found.endpoint().handle(exchange);
            case RouteTable.Match.NotFound notFound -> throw GatewayError.notFound(
                    "unknown path " + exchange.method() + " " + path
                            + "; this gateway serves /v1/chat/completions, /v1/messages, /v1/models and /health");
            case RouteTable.Match.WrongMethod wrong -> {
                exchange.setHeader("Allow", wrong.allowed());
                ServerCodec codec = dialects.forRequest(path, exchange.headers());
                ErrorResponse base = codec.encodeError(GatewayError.invalid(
                        "method " + exchange.method() + " is not allowed on " + path + "; use " + wrong.allowed()));
                exchange.respondError(new ErrorResponse(405, base.body(), base.headers()));
            }
        }
    }

    private static void renderOrAbort(Exchange exchange, ErrorResponse error, Throwable cause, Callback callback) {
        if (exchange.committed()) {
            callback.failed(cause);
            return;
        }
        try {
            exchange.respondError(error);
            callback.succeeded();
        } catch (IOException | RuntimeException e) {
            callback.failed(e);
        }
    }

    /** The dialect's 500, naming the request id for the log, never the cause. */
    static ErrorResponse internalError(ServerCodec codec, String requestId) {
        ErrorResponse base = codec.encodeError(
                new GatewayError(GatewayError.Kind.UPSTREAM_FAILED, "internal error; request id " + requestId));
        return new ErrorResponse(500, base.body(), base.headers());
    }
}
