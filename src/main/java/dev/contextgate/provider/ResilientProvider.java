package dev.contextgate.provider;

import dev.contextgate.chat.ChatRequest;
import dev.contextgate.chat.ChatResponse;
import dev.contextgate.chat.GatewayError;
import dev.contextgate.observe.Telemetry;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * A model as callers see it: its deployments, retried and balanced, then its fallbacks. What the
 * router puts in a {@link Route}, so that the server calls one provider and resilience stays in here.
 * Each deployment's own model name is used, whatever model the request names; the answer's
 * {@code model} says which one answered.
 */
class ResilientProvider implements Provider {

    private final DeploymentGroup primary;
    private final List<String> fallbacks;
    private final Function<String, DeploymentGroup> resolve;
    private final RetryPolicy policy;
    private final Duration total;
    private final Telemetry telemetry;
    private final Supplier<RandomGenerator> randoms;

    ResilientProvider(DeploymentGroup primary, List<String> fallbacks, Function<String, DeploymentGroup> resolve,
            RetryPolicy policy, Duration total) {
        this(primary, fallbacks, resolve, policy, total, Telemetry.NONE, ThreadLocalRandom::current);
    }

    /**
     * @param telemetry told of each retry and fallback
     * @param randoms the randomness of deployment picks and backoff jitter (seeded in tests)
     */
    ResilientProvider(DeploymentGroup primary, List<String> fallbacks, Function<String, DeploymentGroup> resolve,
            RetryPolicy policy, Duration total, Telemetry telemetry, Supplier<RandomGenerator> randoms) {
        this.primary = primary;
        this.fallbacks = List.copyOf(fallbacks);
        this.resolve = resolve;
        this.policy = policy;
        this.total = total;
        this.telemetry = telemetry;
        this.randoms = randoms;
    }

    /** Counts tokens with the first deployment when that provider can; the route then advertises it. */
    static Provider of(DeploymentGroup primary, List<String> fallbacks, Function<String, DeploymentGroup> resolve,
            RetryPolicy policy, Duration total, Telemetry telemetry, Supplier<RandomGenerator> randoms) {
        return primary.deployments().get(0).provider() instanceof TokenCounter
                ? new Counting(primary, fallbacks, resolve, policy, total, telemetry, randoms)
                : new ResilientProvider(primary, fallbacks, resolve, policy, total, telemetry, randoms);
    }

    /** The first deployment's provider: what logs and per-provider token calibration name. */
    @Override
    public String name() {
        return primary.deployments().get(0).provider().name();
    }

    DeploymentGroup primary() {
        return primary;
    }

    CallPlan plan(Cancellation cancellation) {
        return new CallPlan(primary, fallbacks, resolve, policy, total, cancellation, randoms.get(), telemetry);
    }

    /**
     * Past the deadline the calling thread is interrupted, which makes the upstream client abort the call
     * in flight; the flag is cleared again before this returns, whatever happened. An interrupt from
     * elsewhere (the server's, when the client left; see {@link CallInterrupt}) abandons the call: no
     * retry, no fallback, and the attempt it cut short does not count against its deployment.
     */
    @Override
    public ChatResponse complete(ChatRequest request) {
        Cancellation cancellation = new Cancellation();
        CallPlan plan = plan(cancellation);
        try (CallInterrupt deadline = CallInterrupt.forThisThread()) {
            Watchdog.Timer timer = Watchdog.after(plan.remaining(), deadline::interrupt);
            try {
                return plan.run((d, lease) -> {
                    try {
                        ChatResponse response = d.provider().complete(request.withModel(d.model()));
                        lease.succeeded();
                        return response;
                    } catch (GatewayError e) {
                        if (Thread.currentThread().isInterrupted() && !deadline.interrupted()) {
                            cancellation.abandon();
                        }
                        throw e;
                    }
                });
            } catch (GatewayError e) {
                throw deadline.interrupted() ? plan.totalTimeout(e) : e;
            } finally {
                timer.cancel();
            }
        }
    }

    @Override
    public EventStream stream(ChatRequest request) {
        return new ResilientStream(this, request);
    }

    /** The same, for a first deployment that counts tokens exactly (Anthropic, simulated). */
    private static final class Counting extends ResilientProvider implements TokenCounter {
        Counting(DeploymentGroup primary, List<String> fallbacks, Function<String, DeploymentGroup> resolve,
                RetryPolicy policy, Duration total, Telemetry telemetry, Supplier<RandomGenerator> randoms) {
            super(primary, fallbacks, resolve, policy, total, telemetry, randoms);
        }

        @Override
        public OptionalInt countTokens(ChatRequest request) {
            Deployment first = primary().deployments().get(0);
            return ((TokenCounter) first.provider()).countTokens(request.withModel(first.model()));
        }
    }
}
