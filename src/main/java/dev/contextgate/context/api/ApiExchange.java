package dev.contextgate.context.api;

import java.util.Map;

/**
 * One call to the context API, free of HTTP: the server route fills it in and writes the reply.
 *
 * @param path what follows {@code /v1/contexts}, e.g. {@code ""}, {@code "/abc/messages"}
 * @param owner the client key's name, {@code ""} when no keys are configured
 */
public record ApiExchange(String method, String path, Map<String, String> query, byte[] body, String owner) {

    /** The reply: a status and a body of {@code contentType}. */
    public record Reply(int status, String contentType, byte[] body) {}
}
