package dev.contextgate.observe;

import java.time.Instant;
import java.util.Objects;

/**
 * One {@code /v1} model call as the request log keeps it: who, which model answered, how it ended,
 * tokens and times. Never the client key itself, only its name.
 *
 * @param seq the store's number for the row, in insert order; 0 before it is stored
 * @param owner the client key's name ({@code ""} when no keys are configured)
 * @param route the route pattern, e.g. {@code /v1/messages}
 * @param dialect {@code openai} or {@code anthropic}
 * @param requestedModel the model the client named; null when the body did not parse
 * @param model the model that answered, as the answer names it; null when none did
 * @param provider the provider the call was routed to; null when it was not routed
 * @param status the HTTP status, 0 when the client left before an answer
 * @param errorKind the error's kind in lower case ({@code rate_limited}, ...), or {@code client_gone},
 *     {@code internal}; null for a success
 * @param latencyMs headers in to last byte out
 * @param overheadMs the same minus the time spent waiting on upstreams
 * @param requestBody the request as the client sent it; null unless bodies are kept
 * @param responseBody the answer (a stream's answer assembled) in the client's dialect; null unless bodies are kept
 */
public record RequestLogEntry(long seq, Instant time, String requestId, String owner, String route, String dialect,
        String requestedModel, String model, String provider, int status, String errorKind, int inputTokens,
        int outputTokens, double latencyMs, double overheadMs, boolean streamed, String contextId, String requestBody,
        String responseBody) {

    public RequestLogEntry {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(dialect, "dialect");
    }

    /** The public id of the row, used as the {@code after} cursor. */
    public String id() {
        return "log_" + seq;
    }

    public RequestLogEntry withSeq(long seq) {
        return new RequestLogEntry(seq, time, requestId, owner, route, dialect, requestedModel, model, provider, status,
                errorKind, inputTokens, outputTokens, latencyMs, overheadMs, streamed, contextId, requestBody,
                responseBody);
    }

    public RequestLogEntry withoutBodies() {
        return requestBody == null && responseBody == null ? this
                : new RequestLogEntry(seq, time, requestId, owner, route, dialect, requestedModel, model, provider,
                        status, errorKind, inputTokens, outputTokens, latencyMs, overheadMs, streamed, contextId, null,
                        null);
    }
}
