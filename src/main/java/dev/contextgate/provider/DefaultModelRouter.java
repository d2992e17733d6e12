package dev.contextgate.provider;

import dev.contextgate.chat.GatewayError;
import dev.contextgate.config.GatewayConfig;
import dev.contextgate.config.ModelConfig;
import dev.contextgate.config.ProviderConfig;
import dev.contextgate.config.ProviderType;
import dev.contextgate.config.ResilienceConfig;
import dev.contextgate.config.TimeoutConfig;
import dev.contextgate.observe.Telemetry;
import dev.contextgate.provider.simulated.SimulatedProvider;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Routes a model name, in this order: a configured alias or model, {@code local-claude-proxy}, an explicit
 * {@code PROVIDER/MODEL}, then the name's prefix ({@code claude*} to Anthropic, {@code gpt*}, {@code o1*},
 * {@code o3*}, {@code o4*}, {@code chatgpt*} to OpenAI). With no real provider configured, every such
 * name (and {@code simulated*}) goes to the built-in simulated provider, so a keyless quickstart answers.
 * Every route's provider is a {@link ResilientProvider} over the name's deployments and fallbacks.
 * Immutable once built, apart from the deployments' health.
 */
public final class DefaultModelRouter implements ModelRouter {

    public static final String LOCAL_CLAUDE_PROXY = "local-claude-proxy";

    static final List<String> OPENAI_PREFIXES = List.of("gpt", "o1", "o3", "o4", "chatgpt");
    static final List<String> ANTHROPIC_CATALOG = List.of("claude-opus-4-1", "claude-sonnet-4-5", "claude-haiku-4-5");
    static final List<String> OPENAI_CATALOG = List.of("gpt-5", "gpt-5-mini", "gpt-4.1", "gpt-4.1-mini", "gpt-4o",
            "gpt-4o-mini", "o3", "o4-mini");

    private final Map<String, Provider> providers = new LinkedHashMap<>();
    /** Aliases keep every target; the first one names the route's upstream model and owner. */
    private final Map<String, List<ModelConfig.Target>> aliases = new LinkedHashMap<>();
    private final Map<String, DeploymentGroup> groups = new LinkedHashMap<>();
    private final Map<String, ModelConfig> modelConfigs = new LinkedHashMap<>();
    private final Deployments deployments;
    private final RetryPolicy policy;
    private final TimeoutConfig timeouts;
    private final String defaultModel;
    private final Provider firstAnthropic;
    private final Provider firstOpenAi;
    private final Provider simulated;
    private final Telemetry telemetry;
    private final Supplier<RandomGenerator> randoms;

    public static ModelRouter fromConfig(GatewayConfig config) {
        return fromConfig(config, Telemetry.NONE);
    }

    /** @param telemetry told of retries and fallbacks */
    public static ModelRouter fromConfig(GatewayConfig config, Telemetry telemetry) {
        return new DefaultModelRouter(config, (p, t) -> ProviderFactory.create(p, config.simulated(), t),
                Clock.systemUTC(), telemetry);
    }

    DefaultModelRouter(GatewayConfig config, Function<ProviderConfig, Provider> factory) {
        this(config, (p, t) -> factory.apply(p), Clock.systemUTC());
    }

    DefaultModelRouter(GatewayConfig config, BiFunction<ProviderConfig, TimeoutConfig, Provider> factory, Clock clock) {
        this(config, factory, clock, Telemetry.NONE);
    }

    /** @param factory makes a provider instance with the given timeouts */
    DefaultModelRouter(GatewayConfig config, BiFunction<ProviderConfig, TimeoutConfig, Provider> factory, Clock clock,
            Telemetry telemetry) {
        this(config, factory, clock, telemetry, ThreadLocalRandom::current);
    }

    /** @param randoms the randomness of deployment picks and backoff jitter (seeded in tests) */
    DefaultModelRouter(GatewayConfig config, BiFunction<ProviderConfig, TimeoutConfig, Provider> factory, Clock clock,
            Telemetry telemetry, Supplier<RandomGenerator> randoms) {
        this.telemetry = telemetry;
        this.randoms = randoms;
        ResilienceConfig resilience = config.resilience();
        this.policy = RetryPolicy.of(resilience);
        this.timeouts = resilience.timeouts();
        Map<String, ProviderConfig> configs = new LinkedHashMap<>();
        config.providers().forEach(pc -> configs.putIfAbsent(pc.name(), pc));
        this.deployments = new Deployments(configs, factory, timeouts, resilience.breaker(), clock);
        Provider anthropic = null;
        Provider openai = null;
        for (ProviderConfig pc : config.providers()) {
            Provider p = factory.apply(pc, timeouts);
            if (providers.putIfAbsent(pc.name(), p) != null) {
                throw new IllegalArgumentException("two providers are named '" + pc.name() + "'");
            }
            if (pc.type() == ProviderType.ANTHROPIC && anthropic == null) {
                anthropic = p;
            } else if (pc.type() == ProviderType.OPENAI && openai == null) {
                openai = p;
            }
        }
        providers.computeIfAbsent(SimulatedProvider.NAME, n -> new SimulatedProvider(n, config.simulated()));
        this.simulated = providers.get(SimulatedProvider.NAME);
        this.firstAnthropic = anthropic;
        this.firstOpenAi = openai;
        for (ModelConfig m : config.models()) {
            modelConfigs.put(m.name(), m);
            // A model entry without targets only overrides window sizes; it routes like any other name.
            if (m.targets().isEmpty()) {
                continue;
            }
            for (ModelConfig.Target t : m.targets()) {
                if (!providers.containsKey(t.provider())) {
                    throw new IllegalArgumentException("model '" + m.name() + "' targets provider '"
                            + t.provider() + "', which is not configured");
                }
            }
            aliases.put(m.name(), m.targets());
            groups.put(m.name(), new DeploymentGroup(m.name(), deployments.of(m, providers), m.contextWindowFallback()));
        }
        this.defaultModel = config.defaultModel() == null || config.defaultModel().isBlank()
                || config.defaultModel().equals(LOCAL_CLAUDE_PROXY) ? null : config.defaultModel();
    }

    @Override
    public Route route(String model) {
        Route route = find(model, model);
        if (route == null) {
            throw new GatewayError(GatewayError.Kind.NOT_FOUND, notFoundMessage(model), "model", null, 0);
        }
        ModelConfig config = config(model);
        List<String> fallbacks = config == null ? List.of() : config.fallbacks();
        TimeoutConfig own = config == null ? timeouts : config.timeouts().over(timeouts);
        ResilientProvider resilient =
                new ResilientProvider(group(model), fallbacks, this::group, policy, own.total(), telemetry, randoms);
        return new Route(resilient, route.upstreamModel(), model);
    }

    /** The configuration of a name, or of the default model the proxy alias stands for; null when none. */
    private ModelConfig config(String model) {
        return modelConfigs.get(model.equals(LOCAL_CLAUDE_PROXY) && defaultModel != null ? defaultModel : model);
    }

    /** A name's deployments without its fallbacks (a fallback's own fallbacks are not followed); null if it routes nowhere. */
    DeploymentGroup group(String model) {
        DeploymentGroup group = groups.get(model);
        if (group != null) {
            return group;
        }
        if (model.equals(LOCAL_CLAUDE_PROXY) && defaultModel != null) {
            return group(defaultModel);
        }
        Route raw = find(model, model);
        if (raw == null) {
            return null;
        }
        ModelConfig config = modelConfigs.get(model);
        return new DeploymentGroup(model, List.of(deployments.of(raw.provider(), raw.upstreamModel(), config)),
                config == null ? null : config.contextWindowFallback());
    }

    @Override
    public List<DeploymentState> deployments() {
        return deployments.states();
    }

    private Route find(String model, String requested) {
        List<ModelConfig.Target> targets = aliases.get(model);
        if (targets != null) {
            ModelConfig.Target first = targets.get(0);
            return new Route(providers.get(first.provider()), first.model(), requested);
        }
        if (model.equals(LOCAL_CLAUDE_PROXY)) {
            if (defaultModel != null) {
                return find(defaultModel, requested);
            }
            if (firstAnthropic != null) {
                return new Route(firstAnthropic, "claude-sonnet-4-5", requested);
            }
            if (firstOpenAi != null) {
                return new Route(firstOpenAi, "gpt-4o-mini", requested);
            }
            return new Route(simulated, model, requested);
        }
        int slash = model.indexOf('/');
        if (slash > 0 && slash < model.length() - 1) {
            Provider named = providers.get(model.substring(0, slash));
            if (named != null) {
                return new Route(named, model.substring(slash + 1), requested);
            }
        }
        String lower = model.toLowerCase(Locale.ROOT);
        boolean claude = lower.startsWith("claude");
        boolean openai = OPENAI_PREFIXES.stream().anyMatch(lower::startsWith);
        if (claude && firstAnthropic != null) {
            return new Route(firstAnthropic, model, requested);
        }
        if (openai && firstOpenAi != null) {
            return new Route(firstOpenAi, model, requested);
        }
        if (simulatedOnly() && (claude || openai || lower.startsWith("simulated"))) {
            return new Route(simulated, model, requested);
        }
        return null;
    }

    private String notFoundMessage(String model) {
        List<String> routes = new ArrayList<>();
        if (firstAnthropic != null) {
            routes.add("claude* (to '" + firstAnthropic.name() + "')");
        }
        if (firstOpenAi != null) {
            routes.add("gpt*, o1*, o3*, o4*, chatgpt* (to '" + firstOpenAi.name() + "')");
        }
        if (simulatedOnly()) {
            routes.add("claude*, gpt*, o1*, o3*, o4*, chatgpt*, simulated* (to the built-in simulated provider)");
        }
        routes.add("PROVIDER/MODEL with PROVIDER one of " + String.join(", ", providers.keySet()));
        if (!aliases.isEmpty()) {
            routes.add("the configured models " + String.join(", ", aliases.keySet()));
        }
        routes.add(LOCAL_CLAUDE_PROXY);
        return "The model '" + model + "' does not route to any configured provider. Names that route: "
                + String.join("; ", routes) + ".";
    }

    @Override
    public List<ModelInfo> models() {
        Set<String> seen = new LinkedHashSet<>();
        List<ModelInfo> models = new ArrayList<>();
        for (Map.Entry<String, List<ModelConfig.Target>> alias : aliases.entrySet()) {
            add(models, seen, alias.getKey(), alias.getValue().get(0).provider());
        }
        // A default model that routes nowhere makes the proxy name a 404 on use, but must not break the list.
        Route proxy = find(LOCAL_CLAUDE_PROXY, LOCAL_CLAUDE_PROXY);
        if (proxy != null) {
            add(models, seen, LOCAL_CLAUDE_PROXY, proxy.provider().name());
        }
        if (firstAnthropic != null || simulatedOnly()) {
            String owner = firstAnthropic != null ? firstAnthropic.name() : simulated.name();
            ANTHROPIC_CATALOG.forEach(id -> add(models, seen, id, owner));
        }
        if (firstOpenAi != null || simulatedOnly()) {
            String owner = firstOpenAi != null ? firstOpenAi.name() : simulated.name();
            OPENAI_CATALOG.forEach(id -> add(models, seen, id, owner));
        }
        return List.copyOf(models);
    }

    private static void add(List<ModelInfo> models, Set<String> seen, String id, String owner) {
        if (seen.add(id)) {
            models.add(new ModelInfo(id, owner));
        }
    }

    @Override
    public List<Provider> providers() {
        return List.copyOf(providers.values());
    }

    /** True when no provider that reaches a real model (Anthropic or OpenAI type) is configured. */
    @Override
    public boolean simulatedOnly() {
        return firstAnthropic == null && firstOpenAi == null;
    }
}
