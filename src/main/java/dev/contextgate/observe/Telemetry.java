package dev.contextgate.observe;

import dev.contextgate.chat.Usage;

/**
 * What the gateway reports about its own work, for metrics. Every method is cheap and never throws;
 * labels are bounded by the implementation (model names it does not know become {@code other}).
 * The server calls the request and stream methods; the chat pipeline calls the others.
 */
public interface Telemetry {

    /** Reports nothing; the default where no registry is wired (tests, tools). */
    Telemetry NONE = new Telemetry() {};

    /**
     * One HTTP request, once its response is complete (or the client left).
     *
     * @param route the matched route pattern, never the raw path
     * @param status the HTTP status, or 0 when the client went away before an answer
     */
    default void requestDone(RequestRecord request) {}

    default void streamOpened() {}

    default void streamClosed() {}

    /** Tokens billed for one upstream call. */
    default void recordUsage(String model, String provider, Usage usage) {}

    /**
     * One retry: an upstream call a model makes in a request after one of its earlier calls there failed (on
     * the same deployment or another). An attempt refused by the gateway's own {@code max_in_flight} sent
     * nothing, so it is no call, and the attempt after it is no retry unless an earlier one was sent.
     */
    default void retry(String provider) {}

    /** A model's targets failed (or our own {@code max_in_flight} refused them) and {@code toModel} was tried. */
    default void fallback(String fromModel, String toModel) {}

    /** One {@code /v1} model call (chat, messages, count_tokens), once its response is complete. */
    default void modelCallDone(ModelCall call) {}

    /** The time {@code ContextService.commit} took to store one turn. */
    default void contextCommitted(long nanos) {}

    /** Every report goes to each of {@code all}, in order. */
    static Telemetry of(Telemetry... all) {
        return new Fanout(java.util.List.of(all));
    }

    /**
     * One request as metrics see it.
     *
     * @param dialect {@code openai}, {@code anthropic}, or {@code none} outside the model APIs
     * @param model the model that answered, as the response names it; null when none did
     * @param provider the provider that was called; null when none was
     * @param firstByteNanos upstream time until the first answer byte (a stream's first event, or
     *     the whole answer of a call that is not streamed); 0 when no upstream answered
     */
    record RequestRecord(String route, String dialect, String model, String provider, int status,
            long totalNanos, long upstreamNanos, long firstByteNanos) {}
}
