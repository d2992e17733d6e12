package dev.contextgate.server;

import dev.contextgate.chat.GatewayError;
import dev.contextgate.dialect.ErrorResponse;
import dev.contextgate.dialect.ServerCodec;
import dev.contextgate.observe.Mdc;
import dev.contextgate.observe.Telemetry;
import java.io.IOException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The one Jetty handler: request id and version headers, key check on {@code /v1/*}, route lookup,
 * and errors rendered in the request's dialect. Runs as blocking code on a virtual thread and
 * completes the callback only when the response is complete. While a request is handled, the SLF4J MDC
 * carries its id as {@code request_id}, so every line logged on its behalf names it.
 */
final class GatewayHandler extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayHandler.class);
    /** One line per finished request (method, route, status, time); never headers or bodies. */
    private static final Logger ACCESS = LoggerFactory.getLogger("contextgate.access");
    static final String MDC_REQUEST_ID = Mdc.REQUEST_ID;
    /** The routes whose requests the request log keeps. */
    private static final java.util.Set<String> MODEL_ROUTES =
            java.util.Set.of("/v1/chat/completions", "/v1/messages", "/v1/messages/count_tokens");

    private final RouteTable routes;
    private final ApiKeyAuth auth;
    private final DialectCodecs dialects;
    private final long maxBodyBytes;
    private final Telemetry telemetry;

    GatewayHandler(RouteTable routes, ApiKeyAuth auth, DialectCodecs dialects, long maxBodyBytes) {
        this(routes, auth, dialects, maxBodyBytes, Telemetry.NONE);
    }

    GatewayHandler(RouteTable routes, ApiKeyAuth auth, DialectCodecs dialects, long maxBodyBytes, Telemetry telemetry) {
        super(InvocationType.BLOCKING);
        this.routes = routes;
        this.auth = auth;
        this.dialects = dialects;
        this.maxBodyBytes = maxBodyBytes;
        this.telemetry = telemetry;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Exchange exchange = new Exchange(request, response, maxBodyBytes, telemetry);
        ServerCodec codec = dialects.forRequest(exchange.path(), exchange.headers());
        RouteTable.Match match = routes.match(exchange.method(), exchange.path());
        boolean clientLeft = false;
        MDC.put(MDC_REQUEST_ID, exchange.requestId());
        try {
            dispatch(exchange, match);
            callback.succeeded();
        } catch (GatewayError e) {
            exchange.call().failed(e.kind());
            renderOrAbort(exchange, codec.encodeError(e), e, callback);
        } catch (IOException e) {
            clientLeft = true;
            exchange.call().failed("client_gone");
            LOG.debug("request {}: client went away: {}", exchange.requestId(), e.toString());
            callback.failed(e);
        } catch (RuntimeException e) {
            LOG.error("request {} failed", exchange.requestId(), e);
            exchange.call().failed("internal");
            renderOrAbort(exchange, internalError(codec, exchange.requestId()), e, callback);
        } finally {
            finish(exchange, match, codec, clientLeft);
            MDC.remove(MDC_REQUEST_ID);
        }
        return true;
    }

    /** Metrics and the access line; never lets a reporting failure reach the client. */
    private void finish(Exchange exchange, RouteTable.Match match, ServerCodec codec, boolean clientLeft) {
        try {
            String route = match instanceof RouteTable.Match.Found found ? found.pattern() : "unmatched";
            String dialect = !exchange.path().startsWith("/v1/") || route.startsWith("/v1/contexts")
                    ? "none"
                    : codec == dialects.anthropic() ? "anthropic" : "openai";
            Telemetry.RequestRecord done = exchange.finish(route, dialect, clientLeft);
            telemetry.requestDone(done);
            if (MODEL_ROUTES.contains(route)) {
                telemetry.modelCallDone(exchange.call().done(exchange.requestId(), exchange.owner(), route, dialect, done));
            }
            if (ACCESS.isInfoEnabled()) {
                ACCESS.info("{} {} {} {} ms{}", exchange.method(), route, done.status() == 0 ? "client-gone" : done.status(),
                        Exchange.overheadMs(done.totalNanos()), done.model() == null ? "" : " model=" + done.model());
            }
        } catch (RuntimeException e) {
            LOG.warn("request {}: metrics failed: {}", exchange.requestId(), e.toString());
        }
    }

    private void dispatch(Exchange exchange, RouteTable.Match match) throws IOException {
        String path = exchange.path();
        if (path.startsWith("/v1/") || path.startsWith("/context/")) {
            exchange.owner(auth.check(exchange.headers()));
        }
        switch (match) {
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
