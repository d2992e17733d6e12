package dev.contextgate.config;

import java.time.Duration;

/**
 * The circuit breaker each deployment gets: it opens after {@code consecutiveFailures} failures in a
 * row, or when {@code failureRatePercent} of the last {@code window} calls failed; while open, calls
 * skip the deployment; after {@code coolDown} one probe call decides whether it closes again.
 */
public record BreakerConfig(int consecutiveFailures, int failureRatePercent, int window, Duration coolDown) {

    /**
     * Strict enough to catch an outage within a second of traffic, loose enough not to trip on 20%
     * random faults: the chaos run tripped both deployments with 5 in a row or half of 20.
     */
    public static final BreakerConfig DEFAULT = new BreakerConfig(10, 50, 50, Duration.ofSeconds(30));

    public BreakerConfig {
        if (consecutiveFailures < 1 || failureRatePercent < 1 || failureRatePercent > 100 || window < 1) {
            throw new IllegalArgumentException("breaker settings out of range");
        }
    }
}
