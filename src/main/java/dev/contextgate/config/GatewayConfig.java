package dev.contextgate.config;

import java.util.List;
import java.util.Objects;

/**
 * Everything the gateway is configured with, after defaults, file, environment and flags were merged
 * (in that order) and validated. Immutable; built once by the loader and handed to the composition root.
 *
 * @param defaultModel the model {@code local-claude-proxy} stands for; null means "the first provider's default"
 * @param resilience retries, timeouts and circuit breaking; null means the defaults
 * @param logs the request log's bodies and retention; null means the defaults
 * @param summarize the summary policy of contexts without their own; null means no summaries
 */
public record GatewayConfig(
        ServerConfig server,
        StoreConfig store,
        List<ProviderConfig> providers,
        List<ModelConfig> models,
        List<KeyConfig> keys,
        SimulatedConfig simulated,
        String defaultModel,
        ResilienceConfig resilience,
        LogsConfig logs,
        SummarizeConfig summarize) {

    public GatewayConfig {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(store, "store");
        providers = List.copyOf(providers);
        models = List.copyOf(models);
        keys = List.copyOf(keys);
        Objects.requireNonNull(simulated, "simulated");
        resilience = resilience == null ? ResilienceConfig.DEFAULT : resilience;
        logs = logs == null ? LogsConfig.DEFAULT : logs;
    }

    /** Without a gateway-wide summary policy. */
    public GatewayConfig(ServerConfig server, StoreConfig store, List<ProviderConfig> providers, List<ModelConfig> models,
            List<KeyConfig> keys, SimulatedConfig simulated, String defaultModel, ResilienceConfig resilience,
            LogsConfig logs) {
        this(server, store, providers, models, keys, simulated, defaultModel, resilience, logs, null);
    }

    /** With the default request log settings. */
    public GatewayConfig(ServerConfig server, StoreConfig store, List<ProviderConfig> providers, List<ModelConfig> models,
            List<KeyConfig> keys, SimulatedConfig simulated, String defaultModel, ResilienceConfig resilience) {
        this(server, store, providers, models, keys, simulated, defaultModel, resilience, null, null);
    }

    /** With the default retry, timeout and breaker settings. */
    public GatewayConfig(ServerConfig server, StoreConfig store, List<ProviderConfig> providers, List<ModelConfig> models,
            List<KeyConfig> keys, SimulatedConfig simulated, String defaultModel) {
        this(server, store, providers, models, keys, simulated, defaultModel, null, null, null);
    }
}
