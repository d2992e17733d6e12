package dev.contextgate.server;

import dev.contextgate.chat.GatewayError;
import dev.contextgate.chat.Usage;
import dev.contextgate.observe.ModelCall;
import dev.contextgate.observe.RequestLogEntry;
import dev.contextgate.observe.Telemetry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * What one model call learned on its way, for the request log: the chat pipeline fills it, the handler
 * turns it into a row once the response is complete. Used by the request's own thread only.
 */
final class CallNote {

    private final Instant start = Instant.now();
    String requestedModel;
    String model;
    String provider;
    String contextId;
    Usage usage = Usage.ZERO;
    boolean streamed;
    String errorKind;
    byte[] requestBody;
    Supplier<byte[]> responseBody;

    void failed(GatewayError.Kind kind) {
        errorKind = kind.name().toLowerCase(Locale.ROOT);
    }

    void failed(String kind) {
        errorKind = kind;
    }

    /** The finished call; bodies are encoded only when the log keeps them. */
    ModelCall done(String requestId, String owner, String route, String dialect, Telemetry.RequestRecord r) {
        String answeredBy = model != null ? model : r.model();
        double latency = r.totalNanos() / 1_000_000.0;
        double overhead = Math.max(0, r.totalNanos() - r.upstreamNanos()) / 1_000_000.0;
        String error = errorKind != null ? errorKind : r.status() >= 400 ? "http_" + r.status() : null;
        return withBodies -> new RequestLogEntry(0, start, requestId, owner, route, dialect, requestedModel,
                answeredBy, provider, r.status(), error, usage.inputTokens(), usage.outputTokens(), latency, overhead,
                streamed, contextId, withBodies ? text(requestBody) : null,
                withBodies && responseBody != null ? text(responseBody.get()) : null);
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
