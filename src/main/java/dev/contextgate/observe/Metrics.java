package dev.contextgate.observe;

import dev.contextgate.chat.Usage;
import dev.contextgate.context.ContextStore;
import dev.contextgate.provider.DeploymentState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/**
 * The gateway's metrics in one Prometheus registry, built once by the composition root and passed
 * down (no global registry). Labels are bounded: route patterns, two dialects, known model names
 * (else {@code other}), status classes, configured provider names. No context ids, no keys.
 */
public final class Metrics implements Telemetry, AutoCloseable {

    private static final Duration[] LATENCY_BUCKETS = {
        Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(50),
        Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5),
        Duration.ofSeconds(30), Duration.ofSeconds(120)
    };

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private volatile ModelLabels models;
    private volatile Set<String> providerNames = Set.of();
    private final AtomicInteger activeStreams = new AtomicInteger();
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final MultiGauge breakerGauge;
    private volatile Supplier<List<DeploymentState>> deployments;
    private final ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("contextgate-metrics").daemon(true).unstarted(r));

    /** @param knownModels the model names the router knows; other names are counted as {@code other} */
    public Metrics(Collection<String> knownModels) {
        this.models = new ModelLabels(knownModels);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        gc.bindTo(registry);
        registry.gauge("contextgate_active_streams", activeStreams);
        breakerGauge = MultiGauge.builder("contextgate_breaker_state")
                .description("Circuit breaker of each deployment: 0 closed, 1 half-open, 2 open")
                .register(registry);
    }

    /** Replaces the model names kept as labels: for a router built after the registry (it reports into it). */
    public void knowModels(Collection<String> knownModels) {
        this.models = new ModelLabels(knownModels);
    }

    /** The configured provider names kept as labels; any other name is counted as {@code other}. */
    public void knowProviders(Collection<String> names) {
        this.providerNames = Set.copyOf(names);
    }

    private String providerLabel(String provider) {
        if (provider == null) {
            return "none";
        }
        return providerNames.contains(provider) ? provider : "other";
    }

    /** The registry's content in the Prometheus text format (0.0.4). */
    public String scrape() {
        refreshBreakers();
        return registry.scrape();
    }

    /** The meters of one label combination; labels are bounded, so this map is too. */
    private record RequestMeters(Counter requests, Timer total, Timer overhead, Timer firstByte, Timer upstream) {}

    private record RequestLabels(String route, String dialect, String model, String provider, String status) {}

    private final Map<RequestLabels, RequestMeters> requestMeters = new ConcurrentHashMap<>();

    @Override
    public void requestDone(RequestRecord r) {
        RequestLabels labels = new RequestLabels(r.route(), r.dialect(), models.of(r.model()),
                providerLabel(r.provider()), statusClass(r.status()));
        // Looked up once per label combination: building and registering meters per request showed up
        // as a per-request cost once the gateway carried metrics.
        RequestMeters m = requestMeters.computeIfAbsent(labels, this::requestMeters);
        m.requests().increment();
        m.total().record(r.totalNanos(), TimeUnit.NANOSECONDS);
        m.overhead().record(Math.max(0, r.totalNanos() - r.upstreamNanos()), TimeUnit.NANOSECONDS);
        if (r.firstByteNanos() > 0) {
            m.firstByte().record(r.firstByteNanos(), TimeUnit.NANOSECONDS);
        }
        if (r.upstreamNanos() > 0) {
            m.upstream().record(r.upstreamNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private RequestMeters requestMeters(RequestLabels l) {
        Counter requests = Counter.builder("contextgate_requests")
                .description("HTTP requests served, by route pattern, dialect, model, provider and status class")
                .tags("route", l.route(), "dialect", l.dialect(), "model", l.model(),
                        "provider", l.provider(), "status", l.status())
                .register(registry);
        return new RequestMeters(requests,
                timer("contextgate_request_duration", "Time from request headers to the end of the response", l),
                timer("contextgate_gateway_overhead", "Time spent in the gateway itself, upstream waits excluded", l),
                timer("contextgate_upstream_first_byte", "Upstream time until the first answer byte", l),
                timer("contextgate_upstream_duration", "Time spent waiting on upstreams within one request", l));
    }

    private Timer timer(String name, String description, RequestLabels l) {
        return Timer.builder(name)
                .description(description)
                .tags("route", l.route(), "dialect", l.dialect(), "model", l.model())
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry);
    }

    @Override
    public void streamOpened() {
        activeStreams.incrementAndGet();
    }

    @Override
    public void streamClosed() {
        activeStreams.decrementAndGet();
    }

    @Override
    public void recordUsage(String model, String provider, Usage usage) {
        if (usage == null) {
            return;
        }
        String m = models.of(model);
        tokens("input", m, provider, usage.inputTokens());
        tokens("output", m, provider, usage.outputTokens());
    }

    private void tokens(String direction, String model, String provider, int count) {
        if (count <= 0) {
            return;
        }
        Counter.builder("contextgate_tokens")
                .description("Tokens billed by upstreams, as their usage reports them")
                .tags("direction", direction, "model", model, "provider", provider)
                .register(registry)
                .increment(count);
        DistributionSummary.builder("contextgate_tokens_per_call")
                .tags("direction", direction, "provider", provider)
                .register(registry)
                .record(count);
    }

    @Override
    public void retry(String provider) {
        registry.counter("contextgate_upstream_retries", "provider", provider).increment();
    }

    @Override
    public void fallback(String fromModel, String toModel) {
        registry.counter("contextgate_fallbacks", "from", models.of(fromModel), "to", models.of(toModel)).increment();
    }

    @Override
    public void contextCommitted(long nanos) {
        Timer.builder("contextgate_context_commit_duration")
                .description("Time to store one turn of a context (ContextService.commit)")
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** A gauge read at each scrape; {@code value} must be cheap. */
    public void gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder(name, value).description(description).register(registry);
    }

    /**
     * Each deployment's breaker as a gauge (0 closed, 1 half-open, 2 open), read at each scrape. Only
     * deployments of model names the configuration or catalog knows get a series, so callers'
     * made-up {@code PROVIDER/MODEL} names cannot grow the label set.
     */
    public void breakers(Supplier<List<DeploymentState>> deployments) {
        this.deployments = deployments;
        refreshBreakers();
    }

    private void refreshBreakers() {
        if (deployments == null) {
            return;
        }
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (DeploymentState d : deployments.get()) {
            if (!ModelLabels.OTHER.equals(models.of(d.model()))) {
                rows.add(MultiGauge.Row.of(Tags.of("deployment", d.id(), "provider", d.provider()), breakerValue(d.breaker())));
            }
        }
        breakerGauge.register(rows, true);
    }

    static int breakerValue(String state) {
        return switch (state) {
            case "CLOSED" -> 0;
            case "HALF_OPEN" -> 1;
            default -> 2; // OPEN, FORCED_OPEN, DISABLED (never used)
        };
    }

    /** Counts the store's contexts and messages now and every {@code every}: a cheap query, never per request. */
    public void storeSizes(ContextStore store, Duration every) {
        AtomicLong contexts = new AtomicLong();
        AtomicLong messages = new AtomicLong();
        registry.gauge("contextgate_store_contexts", contexts);
        registry.gauge("contextgate_store_messages", messages);
        housekeeping.scheduleWithFixedDelay(() -> {
            try {
                ContextStore.Size size = store.size();
                contexts.set(size.contexts());
                messages.set(size.messages());
            } catch (RuntimeException e) {
                LoggerFactory.getLogger(Metrics.class).debug("counting the store failed: {}", e.toString());
            }
        }, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    static String statusClass(int status) {
        return status <= 0 ? "aborted" : (status / 100) + "xx";
    }

    @Override
    public void close() {
        housekeeping.shutdownNow();
        gc.close();
        registry.close();
    }
}
