package dev.contextgate;

import dev.contextgate.config.GatewayConfig;
import java.io.IOException;

/** The composition root: the one place that builds and wires every part of the gateway. */
public final class Application {

    private Application() {}

    /**
     * Builds providers, router, codecs and server from {@code config} and starts listening.
     *
     * @throws java.net.BindException when the port is taken (the caller explains who holds it)
     */
    public static RunningGateway start(GatewayConfig config) throws IOException {
        throw new UnsupportedOperationException("wired by the server branch");
    }
}
