package dev.contextgate.chat;

import java.util.Objects;

/**
 * Every failure a caller can see, in one taxonomy. Each dialect renders it in its own status and JSON.
 * The message is for the caller: it says what to fix and never carries a secret or a stack trace.
 */
public final class GatewayError extends RuntimeException {

    public enum Kind {
        INVALID_REQUEST,
        AUTHENTICATION,
        PERMISSION,
        NOT_FOUND,
        CONTEXT_LENGTH_EXCEEDED,
        REQUEST_TOO_LARGE,
        RATE_LIMITED,
        OVERLOADED,
        /**
         * Refused by the gateway itself before anything was sent: every call the provider's {@code max_in_flight}
         * allows was open, and none ended in time. Callers see it as they see OVERLOADED; unlike OVERLOADED it
         * says nothing about the provider's health, so it is neither counted by breakers nor retried there.
         */
        SATURATED,
        UPSTREAM_FAILED,
        TIMEOUT;

        /** Whether a retry of the same call to the same upstream may succeed. */
        public boolean transientFailure() {
            return this == RATE_LIMITED || this == OVERLOADED || this == UPSTREAM_FAILED || this == TIMEOUT;
        }
    }

    private final Kind kind;
    private final String param;
    private final Integer retryAfterSeconds;
    private final int upstreamStatus;

    public GatewayError(Kind kind, String message, String param, Integer retryAfterSeconds, int upstreamStatus) {
        super(Objects.requireNonNull(message, "message"), null, false, false);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.param = param;
        this.retryAfterSeconds = retryAfterSeconds;
        this.upstreamStatus = upstreamStatus;
    }

    public GatewayError(Kind kind, String message) {
        this(kind, message, null, null, 0);
    }

    public static GatewayError invalid(String message) {
        return new GatewayError(Kind.INVALID_REQUEST, message);
    }

    public static GatewayError invalid(String param, String message) {
        return new GatewayError(Kind.INVALID_REQUEST, message, param, null, 0);
    }

    public static GatewayError notFound(String message) {
        return new GatewayError(Kind.NOT_FOUND, message);
    }

    public Kind kind() {
        return kind;
    }

    /** The request field at fault, when one is. */
    public String param() {
        return param;
    }

    /** Seconds the caller should wait before trying again, when known. */
    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** The upstream's HTTP status this error was made from, or 0. */
    public int upstreamStatus() {
        return upstreamStatus;
    }
}
