package dev.contextgate.provider;

import dev.contextgate.config.BreakerConfig;
import dev.contextgate.config.ModelConfig;
import dev.contextgate.config.ProviderConfig;
import dev.contextgate.config.TimeoutConfig;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * Makes and keeps the deployments: one per provider instance and model name, so that every route to
 * the same place shares one breaker. A target with its own key or base URL, or a model with its own
 * timeouts, gets a provider instance of its own (its own connection pool and limits).
 */
final class Deployments {

    /** Names callers make up ({@code PROVIDER/anything}) must not grow the table without bound. */
    private static final int MAX_SHARED = 4096;

    private final Map<String, ProviderConfig> configs;
    private final BiFunction<ProviderConfig, TimeoutConfig, Provider> factory;
    private final TimeoutConfig timeouts;
    private final BreakerConfig breaker;
    private final Clock clock;
    private final Map<String, Deployment> shared = new ConcurrentHashMap<>();

    Deployments(Map<String, ProviderConfig> configs, BiFunction<ProviderConfig, TimeoutConfig, Provider> factory,
            TimeoutConfig timeouts, BreakerConfig breaker, Clock clock) {
        this.configs = Map.copyOf(configs);
        this.factory = factory;
        this.timeouts = timeouts;
        this.breaker = breaker;
        this.clock = clock;
    }

    /** The deployments of a configured model's targets, in order. */
    List<Deployment> of(ModelConfig model, Map<String, Provider> providers) {
        List<Deployment> list = new ArrayList<>();
        for (int i = 0; i < model.targets().size(); i++) {
            ModelConfig.Target t = model.targets().get(i);
            ProviderConfig pc = configs.get(t.provider());
            if (t.overridesProvider() && pc != null) {
                ProviderConfig own = pc.withKeyAndBaseUrl(t.apiKey(), t.baseUrl());
                String id = model.name() + "[" + i + "] " + t.provider() + "/" + t.model();
                list.add(keep(id, () -> factory.apply(own, model.timeouts().over(timeouts)), t.model(), t.weight()));
            } else {
                list.add(of(providers.get(t.provider()), t.model(), model).withWeight(t.weight()));
            }
        }
        return list;
    }

    /**
     * The deployment for {@code model} on {@code provider}; with the model's own timeouts (when
     * {@code config} sets some) on an instance of its own.
     */
    Deployment of(Provider provider, String model, ModelConfig config) {
        ProviderConfig pc = configs.get(provider.name());
        if (config != null && !config.timeouts().inheritsAll() && pc != null) {
            String id = provider.name() + "/" + model + " (" + config.name() + " timeouts)";
            return keep(id, () -> factory.apply(pc, config.timeouts().over(timeouts)), model, 1);
        }
        return keep(provider.name() + "/" + model, () -> provider, model, 1);
    }

    private Deployment keep(String id, java.util.function.Supplier<Provider> provider, String model, int weight) {
        Deployment d = shared.get(id);
        if (d != null) {
            return d;
        }
        if (shared.size() >= MAX_SHARED) {
            return new Deployment(id, provider.get(), model, weight, breaker, clock);
        }
        return shared.computeIfAbsent(id, k -> new Deployment(k, provider.get(), model, weight, breaker, clock));
    }

    List<DeploymentState> states() {
        return shared.values().stream().map(Deployment::snapshot)
                .sorted(Comparator.comparing(DeploymentState::id)).toList();
    }
}
