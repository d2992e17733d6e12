package dev.contextgate;

/** A started gateway: the port it really listens on (useful with port 0), and how to stop it. */
public interface RunningGateway extends AutoCloseable {

    int port();

    /** Blocks until the gateway stops (a signal, or {@link #close()} from another thread). */
    void awaitStop() throws InterruptedException;

    @Override
    void close();
}
