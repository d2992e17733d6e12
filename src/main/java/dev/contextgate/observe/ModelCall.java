package dev.contextgate.observe;

/** A finished {@code /v1} model call, turned into a request log row only by whoever keeps it. */
@FunctionalInterface
public interface ModelCall {

    /** The row; with the request's and response's bodies when {@code withBodies}, which costs an encode. */
    RequestLogEntry entry(boolean withBodies);
}
