package dev.contextgate.context;

import java.util.concurrent.ConcurrentHashMap;

/**
 * How far off our local token estimate is for each provider, learned from the input tokens each
 * upstream reports: Claude's tokenizer is not public, so o200k counts run short for it by a margin
 * that only its own {@code usage} tells. Fitting scales its estimates by this factor.
 */
public final class TokenCalibration {

    private static final double MIN = 0.5;
    private static final double MAX = 3.0;
    /** Weight of the newest observation: smooths out one odd request, follows a real shift in a few. */
    private static final double ALPHA = 0.2;

    private final ConcurrentHashMap<String, Double> factors = new ConcurrentHashMap<>();

    /** Reported tokens per estimated token for this provider; 1 until it has reported anything. */
    public double factor(String provider) {
        return factors.getOrDefault(provider, 1.0);
    }

    public void observe(String provider, int estimated, int reported) {
        if (estimated <= 0 || reported <= 0) {
            return;
        }
        double ratio = Math.clamp((double) reported / estimated, MIN, MAX);
        factors.merge(provider, ratio, (old, now) -> old + ALPHA * (now - old));
    }
}
