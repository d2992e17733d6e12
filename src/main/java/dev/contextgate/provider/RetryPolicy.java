package dev.contextgate.provider;

import dev.contextgate.chat.GatewayError;
import dev.contextgate.config.ResilienceConfig;
import java.time.Duration;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Which failures are worth another call, and how long to wait before it. Exponential backoff with
 * full jitter (a uniform wait below a doubling ceiling) keeps many callers from retrying in step.
 */
record RetryPolicy(int maxAttempts, Duration backoffInitial, Duration backoffMax, Duration maxRetryAfter) {

    /** Statuses a second call may well not see: timeouts, conflicts, rate limits, overload, gateway trouble. */
    private static final Set<Integer> TRANSIENT = Set.of(408, 409, 429, 500, 502, 503, 504, 529);

    static RetryPolicy of(ResilienceConfig config) {
        return new RetryPolicy(config.maxAttempts(), config.backoffInitial(), config.backoffMax(), config.maxRetryAfter());
    }

    /**
     * An upstream's status decides when there is one, so a 400 or 401 is never retried whatever kind it
     * was mapped to; without one (connect error, reset, timeout, saturated pool) the kind decides.
     */
    static boolean retryable(GatewayError e) {
        int status = e.upstreamStatus();
        return status != 0 ? TRANSIENT.contains(status) : e.kind().transientFailure();
    }

    /** True when the upstream asked for a longer pause than we are willing to wait within one request. */
    boolean asksTooLong(GatewayError e) {
        return e.retryAfterSeconds() != null && Duration.ofSeconds(e.retryAfterSeconds()).compareTo(maxRetryAfter) > 0;
    }

    /** The wait before retry number {@code retry} (1 for the first retry) after {@code last} failed. */
    Duration backoff(int retry, GatewayError last, RandomGenerator random) {
        if (last != null && last.retryAfterSeconds() != null && !asksTooLong(last)) {
            return Duration.ofSeconds(last.retryAfterSeconds());
        }
        long ceiling = backoffInitial.toMillis() << Math.min(20, Math.max(0, retry - 1));
        ceiling = Math.min(ceiling, backoffMax.toMillis());
        return Duration.ofMillis(ceiling <= 0 ? 0 : random.nextLong(ceiling + 1));
    }
}
