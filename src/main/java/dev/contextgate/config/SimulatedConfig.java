package dev.contextgate.config;

import java.time.Duration;

/**
 * The offline provider's pace: {@code latency} before the first token, then {@code tokensPerSecond}
 * (0 means as fast as it can write).
 */
public record SimulatedConfig(Duration latency, double tokensPerSecond) {
    public static final SimulatedConfig DEFAULT = new SimulatedConfig(Duration.ZERO, 0);
}
