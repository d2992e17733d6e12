package dev.contextgate.provider;

import java.util.List;

/** Maps a model name a caller asked for to the provider that serves it. */
public interface ModelRouter {

    /**
     * @throws dev.contextgate.chat.GatewayError of kind NOT_FOUND, saying which names do route,
     *     when no configured provider serves {@code model}
     */
    Route route(String model);

    /** The model names callers may ask for, for {@code /v1/models}: aliases first, then known models. */
    List<ModelInfo> models();

    /** The configured providers, for health and the banner. */
    List<Provider> providers();

    /** True when only the built-in simulated provider is configured. */
    boolean simulatedOnly();

    /**
     * Each upstream deployment used so far or configured, with its circuit breaker's state, for health.
     * Not a default method: a router that wraps another must pass this on, not hide it.
     */
    List<DeploymentState> deployments();

    /** A name in {@code /v1/models}, and the provider that serves it. */
    record ModelInfo(String id, String ownedBy) {}
}
