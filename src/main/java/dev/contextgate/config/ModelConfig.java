package dev.contextgate.config;

import java.util.List;
import java.util.Objects;

/**
 * A model name clients may ask for (an alias or a real model's name) and where it goes.
 *
 * @param contextWindow overrides the built-in window table for this name; null keeps the table's
 * @param maxOutputTokens overrides the built-in output limit; null keeps the table's
 * @param timeouts this model's own timeouts; nulls inherit {@code resilience.timeouts}
 * @param contextWindowFallback a model with a larger window, tried when an upstream says the request
 *     does not fit; null for none
 */
public record ModelConfig(String name, List<Target> targets, List<String> fallbacks, Integer contextWindow,
        Integer maxOutputTokens, TimeoutConfig timeouts, String contextWindowFallback) {

    public ModelConfig {
        Objects.requireNonNull(name, "name");
        targets = List.copyOf(targets);
        fallbacks = fallbacks == null ? List.of() : List.copyOf(fallbacks);
        timeouts = timeouts == null ? TimeoutConfig.INHERIT : timeouts;
    }

    public ModelConfig(
            String name, List<Target> targets, List<String> fallbacks, Integer contextWindow, Integer maxOutputTokens) {
        this(name, targets, fallbacks, contextWindow, maxOutputTokens, null, null);
    }

    /**
     * One deployment: a configured provider and the model name it knows, with its own key or base URL
     * when several accounts or servers share the load (null: the provider's own).
     */
    public record Target(String provider, String model, int weight, String apiKey, String baseUrl) {
        public Target {
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(model, "model");
        }

        public Target(String provider, String model, int weight) {
            this(provider, model, weight, null, null);
        }

        /** True when this target needs a provider instance of its own. */
        public boolean overridesProvider() {
            return apiKey != null || baseUrl != null;
        }

        @Override
        public String toString() {
            return "Target[provider=" + provider + ", model=" + model + ", weight=" + weight
                    + ", apiKey=" + (apiKey == null ? "(provider's)" : "(set)") + ", baseUrl=" + baseUrl + "]";
        }
    }
}
