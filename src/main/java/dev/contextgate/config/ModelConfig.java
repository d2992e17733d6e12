package dev.contextgate.config;

import java.util.List;
import java.util.Objects;

/**
 * A model name clients may ask for (an alias or a real model's name) and where it goes.
 *
 * @param contextWindow overrides the built-in window table for this name; null keeps the table's
 * @param maxOutputTokens overrides the built-in output limit; null keeps the table's
 */
public record ModelConfig(
        String name, List<Target> targets, List<String> fallbacks, Integer contextWindow, Integer maxOutputTokens) {

    public ModelConfig {
        Objects.requireNonNull(name, "name");
        targets = List.copyOf(targets);
        fallbacks = fallbacks == null ? List.of() : List.copyOf(fallbacks);
    }

    /** One deployment: a configured provider and the model name it knows. */
    public record Target(String provider, String model, int weight) {
        public Target {
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(model, "model");
        }
    }
}
