package dev.contextgate.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Retries, backoff, timeouts and circuit breaking for upstream calls (file key {@code resilience}).
 *
 * @param maxAttempts calls per model in a request (first try included) before its fallbacks are tried
 * @param backoffInitial the first retry's backoff ceiling; doubled each retry, with full jitter
 * @param backoffMax the largest backoff ceiling
 * @param maxRetryAfter an upstream's {@code Retry-After} is waited out only up to this; a longer one
 *     moves on to another deployment or fallback, or reaches the caller
 */
public record ResilienceConfig(int maxAttempts, Duration backoffInitial, Duration backoffMax, Duration maxRetryAfter,
        TimeoutConfig timeouts, BreakerConfig breaker) {

    public static final ResilienceConfig DEFAULT = new ResilienceConfig(5, Duration.ofMillis(200), Duration.ofSeconds(8),
            Duration.ofSeconds(20), TimeoutConfig.DEFAULT, BreakerConfig.DEFAULT);

    public ResilienceConfig {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        Objects.requireNonNull(backoffInitial, "backoffInitial");
        Objects.requireNonNull(backoffMax, "backoffMax");
        Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
        Objects.requireNonNull(timeouts, "timeouts");
        Objects.requireNonNull(breaker, "breaker");
    }
}
