package dev.contextgate.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Set;

/** Reads the {@code resilience} section and per-model {@code timeouts}; unset values keep their defaults. */
final class ResilienceFile {

    private static final Set<String> RESILIENCE = Set.of("max_attempts", "backoff_initial_ms", "backoff_max_ms",
            "max_retry_after_seconds", "timeouts", "breaker");
    private static final Set<String> TIMEOUTS = Set.of("connect_seconds", "first_byte_seconds", "idle_seconds", "total_seconds");
    private static final Set<String> BREAKER = Set.of("consecutive_failures", "failure_rate_percent", "window", "cool_down_seconds");

    private final NodeReader r;

    ResilienceFile(NodeReader r) {
        this.r = r;
    }

    ResilienceConfig read(JsonNode node) {
        ResilienceConfig d = ResilienceConfig.DEFAULT;
        r.checkKeys(node, "resilience", RESILIENCE);
        Long attempts = r.whole(node.get("max_attempts"), "resilience.max_attempts", 1);
        Long initial = r.whole(node.get("backoff_initial_ms"), "resilience.backoff_initial_ms", 0);
        Long max = r.whole(node.get("backoff_max_ms"), "resilience.backoff_max_ms", 0);
        Duration retryAfter = seconds(node.get("max_retry_after_seconds"), "resilience.max_retry_after_seconds", true);
        TimeoutConfig timeouts = node.has("timeouts")
                ? timeouts(node.get("timeouts"), "resilience.timeouts").over(d.timeouts()) : d.timeouts();
        BreakerConfig breaker = node.has("breaker") ? breaker(node.get("breaker")) : d.breaker();
        return new ResilienceConfig(
                attempts == null ? d.maxAttempts() : (int) Math.min(100, attempts),
                initial == null ? d.backoffInitial() : Duration.ofMillis(initial),
                max == null ? d.backoffMax() : Duration.ofMillis(max),
                retryAfter == null ? d.maxRetryAfter() : retryAfter,
                timeouts, breaker == null ? d.breaker() : breaker);
    }

    /** Nulls where the file sets nothing; the caller merges over the defaults or the global values. */
    TimeoutConfig timeouts(JsonNode node, String path) {
        if (!r.object(node, path)) {
            return TimeoutConfig.INHERIT;
        }
        r.checkKeys(node, path, TIMEOUTS);
        return new TimeoutConfig(seconds(node.get("connect_seconds"), path + ".connect_seconds", false),
                seconds(node.get("first_byte_seconds"), path + ".first_byte_seconds", false),
                seconds(node.get("idle_seconds"), path + ".idle_seconds", false),
                seconds(node.get("total_seconds"), path + ".total_seconds", false));
    }

    private BreakerConfig breaker(JsonNode node) {
        if (!r.object(node, "resilience.breaker")) {
            return null;
        }
        BreakerConfig d = BreakerConfig.DEFAULT;
        r.checkKeys(node, "resilience.breaker", BREAKER);
        Long consecutive = r.whole(node.get("consecutive_failures"), "resilience.breaker.consecutive_failures", 1);
        Long rate = r.whole(node.get("failure_rate_percent"), "resilience.breaker.failure_rate_percent", 1);
        if (rate != null && rate > 100) {
            r.problem("resilience.breaker.failure_rate_percent", rate + " is more than 100");
            rate = null;
        }
        Long window = r.whole(node.get("window"), "resilience.breaker.window", 1);
        Duration coolDown = seconds(node.get("cool_down_seconds"), "resilience.breaker.cool_down_seconds", false);
        return new BreakerConfig(consecutive == null ? d.consecutiveFailures() : (int) Math.min(10_000, consecutive),
                rate == null ? d.failureRatePercent() : rate.intValue(),
                window == null ? d.window() : (int) Math.min(10_000, window),
                coolDown == null ? d.coolDown() : coolDown);
    }

    /** Seconds, fractions allowed (tests and local servers want sub-second limits); more than 0 unless {@code zeroOk}. */
    private Duration seconds(JsonNode node, String path, boolean zeroOk) {
        Double v = r.number(node, path);
        if (v == null) {
            return null;
        }
        if (v == 0 && !zeroOk) {
            r.problem(path, "must be more than 0");
            return null;
        }
        return Duration.ofMillis(Math.round(v * 1000));
    }
}
