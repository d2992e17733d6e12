package dev.contextgate.provider;

import dev.contextgate.chat.ChatRequest;
import dev.contextgate.chat.ChatResponse;
import dev.contextgate.chat.GatewayError;
import dev.contextgate.observe.Telemetry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * A model as callers see it: its deployments, retried and balanced, then its fallbacks. What the
 * router puts in a {@link Route}, so that the server calls one provider and resilience stays in here.
 * Each deployment's own model name is used, whatever model the request names; the answer's
 * {@code model} says which one answered. Token counts take the same way as answers (see
 * {@link #countTokens}).
 */
final class ResilientProvider implements Provider, TokenCounter {

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

    /** The first deployment's provider: what logs and per-provider token calibration name. */
    @Override
    public String name() {
        return primary.deployments().get(0).provider().name();
    }

    CallPlan plan(Cancellation cancellation) {
        return new CallPlan(primary, fallbacks, resolve, policy, total, cancellation, randoms.get(), telemetry);
    }

    @Override
    public ChatResponse complete(ChatRequest request) {
        return run((d, lease) -> {
            ChatResponse response = d.provider().complete(request.withModel(d.model()));
            lease.succeeded();
            return response;
        });
    }

    /**
     * Counts through the same plan as {@link #complete}: the same picks, retries, breakers, saturation, deadline,
     * fallbacks and cancellation, so that a count fails only where a chat call on the model would. A deployment
     * whose provider cannot count answers empty (the caller's estimate stands for its answer), which ends the
     * plan like any answer but tells its breaker nothing: it was not asked. When no deployment the plan could
     * reach counts, it is not run at all: it could only add ways to fail (an open breaker, a deadline) to an
     * estimate that needs no upstream.
     */
    @Override
    public OptionalInt countTokens(ChatRequest request) {
        if (!anyDeploymentCounts()) {
            return OptionalInt.empty();
        }
        return run((d, lease) -> {
            if (!(d.provider() instanceof TokenCounter counter)) {
                lease.answeredHere();
                return OptionalInt.empty();
            }
            OptionalInt count = counter.countTokens(request.withModel(d.model()));
            lease.succeeded();
            return count;
        });
    }

    /**
     * True when a deployment that counts is within the plan's reach: the model's own, its fallbacks', or those of a
     * larger-window model any of them names (where {@link CallPlan#run} may go). Asked by count calls only, so that
     * routing a chat call resolves no fallback for it.
     */
    private boolean anyDeploymentCounts() {
        Deque<String> next = new ArrayDeque<>(fallbacks);
        Set<String> seen = new HashSet<>();
        DeploymentGroup group = primary;
        while (true) {
            if (group != null && seen.add(group.name())) {
                for (Deployment d : group.deployments()) {
                    if (d.provider() instanceof TokenCounter) {
                        return true;
                    }
                }
                if (group.contextFallback() != null) {
                    next.add(group.contextFallback());
                }
            }
            if (next.isEmpty()) {
                return false;
            }
            group = resolve.apply(next.poll());
        }
    }

    /**
     * Runs one call through the plan. Past the deadline the calling thread is interrupted, which makes the upstream
     * client abort the call in flight; the flag is cleared again before this returns, whatever happened. An
     * interrupt from elsewhere (the server's, when the client left; see {@link CallInterrupt}) abandons the call: no
     * retry, no fallback, and the attempt it cut short does not count against its deployment.
     */
    private <T> T run(CallPlan.Attempt<T> attempt) {
        Cancellation cancellation = new Cancellation();
        CallPlan plan = plan(cancellation);
        try (CallInterrupt deadline = CallInterrupt.forThisThread()) {
            Watchdog.Timer timer = Watchdog.after(plan.remaining(), deadline::interrupt);
            try {
                return plan.run((d, lease) -> {
                    try {
                        return attempt.call(d, lease);
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
}
