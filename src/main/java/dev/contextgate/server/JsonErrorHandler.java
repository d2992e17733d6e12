package dev.contextgate.server;

import dev.contextgate.GatewayVersion;
import dev.contextgate.chat.GatewayError;
import dev.contextgate.dialect.ErrorResponse;
import dev.contextgate.dialect.ServerCodec;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty answers by itself (a request it could not parse or dispatch) in the OpenAI error shape
 * instead of an HTML page, with no stack trace and no detail beyond the status.
 */
final class JsonErrorHandler extends ErrorHandler {

    private final ServerCodec codec;

    JsonErrorHandler(ServerCodec codec) {
        this.codec = codec;
        setShowStacks(false);
        setShowCauses(false);
    }

    @Override
    protected void generateResponse(
            Request request, Response response, int code, String message, Throwable cause, Callback callback) {
        ErrorResponse error = codec.encodeError(new GatewayError(kindOf(code),
                "the gateway refused the HTTP request: " + code + " " + HttpStatus.getMessage(code)));
        response.setStatus(code);
        response.getHeaders().put(Exchange.REQUEST_ID, RequestIds.fromCaller(request.getHeaders().get("x-request-id")));
        response.getHeaders().put(Exchange.VERSION, GatewayVersion.current());
        response.getHeaders().put(Exchange.OVERHEAD, Exchange.overheadMs(System.nanoTime() - request.getHeadersNanoTime()));
        error.headers().forEach((name, value) -> response.getHeaders().put(name, value));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(error.body()), callback);
    }

    static GatewayError.Kind kindOf(int status) {
        return switch (status) {
            case 401 -> GatewayError.Kind.AUTHENTICATION;
            case 403 -> GatewayError.Kind.PERMISSION;
            case 404 -> GatewayError.Kind.NOT_FOUND;
            case 413, 431 -> GatewayError.Kind.REQUEST_TOO_LARGE;
            case 429 -> GatewayError.Kind.RATE_LIMITED;
            case 503 -> GatewayError.Kind.OVERLOADED;
            case 504 -> GatewayError.Kind.TIMEOUT;
            default -> status >= 500 ? GatewayError.Kind.UPSTREAM_FAILED : GatewayError.Kind.INVALID_REQUEST;
        };
    }
}
