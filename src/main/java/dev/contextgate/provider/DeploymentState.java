package dev.contextgate.provider;

/**
 * What {@code /health/ready} shows of one deployment.
 *
 * @param breaker {@code CLOSED} (healthy), {@code OPEN} (skipped until its cool-down ends) or
 *     {@code HALF_OPEN} (one probe call decides)
 */
public record DeploymentState(String id, String provider, String model, String breaker, int inFlight) {}
