package dev.contextgate.server;

import java.io.IOException;

/**
 * One route's work: blocking code on a virtual thread that returns when the response is complete.
 * A {@link dev.contextgate.chat.GatewayError} thrown before the response started is rendered in the
 * route's dialect by the server; an {@link IOException} means the client left.
 */
@FunctionalInterface
public interface Endpoint {

    void handle(Exchange exchange) throws IOException;
}
