package dev.contextgate.provider;

import dev.contextgate.chat.GatewayError;
import dev.contextgate.chat.GatewayError.Kind;
import dev.contextgate.observe.Telemetry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request's way through its model's deployments and then its fallbacks. Each model gets up to
 * {@code maxAttempts} calls that reach (or try to reach) an upstream: a deployment not yet tried this request
 * is called at once, one that failed is called again only after a backoff. A failure that is not transient
 * ends the plan (a bad request stays bad elsewhere), except a context overflow, which tries the configured
 * larger model, and a deployment saturated by its own {@code max_in_flight}. Such a refusal sent nothing, so it
 * uses none of the model's attempts; the deployment is not called again in this request (nor is its provider
 * waited for again: see {@link PermitWait}), so a model has at most as many refusals as deployments, and the
 * plan ends all the same. The whole plan stays within the request's deadline and stops when cancelled.
 */
final class CallPlan {

    private static final Logger LOG = LoggerFactory.getLogger(CallPlan.class);

    /** One call to one deployment; the lease reports its outcome when the call ends later than it returns. */
    interface Attempt<T> {
        T call(Deployment deployment, Deployment.Lease lease);
    }

    private final DeploymentGroup primary;
    private final List<String> fallbacks;
    private final Function<String, DeploymentGroup> resolve;
    private final RetryPolicy policy;
    private final long deadlineNanos;
    private final Duration total;
    private final Cancellation cancellation;
    private final RandomGenerator random;
    private final Telemetry telemetry;
    /**
     * Providers whose {@code max_in_flight} refused this request after it waited out their permit wait: a later
     * attempt on one of them (another deployment there, a fallback model it serves) takes a permit only if one is
     * free at once, so that the caller waits at most once per provider. Per request: a plan is one call's. Empty
     * and shared until a first refusal, so that the calls that meet none allocate nothing for it.
     */
    private Set<Provider> saturated = Set.of();

    CallPlan(DeploymentGroup primary, List<String> fallbacks, Function<String, DeploymentGroup> resolve,
            RetryPolicy policy, Duration total, Cancellation cancellation, RandomGenerator random) {
        this(primary, fallbacks, resolve, policy, total, cancellation, random, Telemetry.NONE);
    }

    /**
     * @param telemetry told of each retry (an upstream call after the same model's earlier one failed) and each
     *     fallback (a move to a fallback model, also when the model's deployments were refused as saturated)
     */
    CallPlan(DeploymentGroup primary, List<String> fallbacks, Function<String, DeploymentGroup> resolve,
            RetryPolicy policy, Duration total, Cancellation cancellation, RandomGenerator random, Telemetry telemetry) {
        this.telemetry = telemetry;
        this.primary = primary;
        this.fallbacks = fallbacks;
        this.resolve = resolve;
        this.policy = policy;
        this.total = total;
        this.deadlineNanos = System.nanoTime() + total.toNanos();
        this.cancellation = cancellation;
        this.random = random;
    }

    Duration remaining() {
        return Duration.ofNanos(deadlineNanos - System.nanoTime());
    }

    <T> T run(Attempt<T> attempt) {
        Deque<String> next = new ArrayDeque<>(fallbacks);
        Set<String> visited = new LinkedHashSet<>();
        DeploymentGroup group = primary;
        GatewayError last = null;
        while (group != null) {
            visited.add(group.name());
            try {
                return runGroup(group, attempt);
            } catch (Exhausted e) {
                last = e.last;
                if (e.last.kind() == Kind.CONTEXT_LENGTH_EXCEEDED) {
                    if (group.contextFallback() == null) {
                        throw e.last;
                    }
                    next.addFirst(group.contextFallback());
                }
            }
            group = null;
            while (group == null && !next.isEmpty()) {
                String name = next.poll();
                if (visited.contains(name)) {
                    continue;
                }
                group = resolve.apply(name);
                if (group == null) {
                    LOG.warn("fallback model '{}' routes to no provider; skipped", name);
                } else {
                    LOG.info("model '{}' failed ({}); falling back to '{}'", primary.name(), last.kind(), name);
                    telemetry.fallback(primary.name(), name);
                }
            }
        }
        throw last;
    }

    /** Tries one model's deployments; throws {@link Exhausted} to move on, or the error that ends the plan. */
    private <T> T runGroup(DeploymentGroup group, Attempt<T> attempt) {
        List<Deployment> untried = new ArrayList<>(group.deployments());
        List<Deployment> tried = new ArrayList<>();
        GatewayError last = null;
        // Attempts of this model that called their upstream: what max_attempts counts, and any after the first is
        // a retry. One that our own max_in_flight refused sent nothing, so it is neither a call nor what makes the
        // next one a retry.
        int upstreamCalls = 0;
        // Refusals leave their deployment out of both lists for the rest of the request, so each entry of the model's
        // deployments is refused at most once: this bound is what ends the loop when every deployment is saturated.
        int refusals = 0;
        int attemptNumber = 0;
        while (upstreamCalls < policy.maxAttempts() && refusals < group.deployments().size()) {
            attemptNumber++;
            checkTime(last);
            Deployment d = DeploymentPicker.acquire(untried, random);
            if (d == null) {
                d = DeploymentPicker.acquire(tried, random);
                if (d == null) {
                    break;
                }
                Duration wait = policy.backoff(upstreamCalls, last, random);
                if (wait.compareTo(remaining()) >= 0) {
                    // Nothing would be left of the deadline after the wait: give the caller the real reason.
                    d.start().released();
                    throw last;
                }
                long waitFrom = System.nanoTime();
                boolean slept = cancellation.sleep(wait);
                // A backoff is time lost to the upstream's failure, not work of the gateway's own.
                WireTime.add(System.nanoTime() - waitFrom);
                if (!slept) {
                    d.start().released();
                    throw cancelledError();
                }
            }
            untried.remove(d);
            Deployment.Lease lease = d.start();
            try (PermitWait noWait = saturated.contains(d.provider()) ? PermitWait.noneForThisThread() : null) {
                T answer = attempt.call(d, lease);
                if (!lease.wasAnsweredHere()) {
                    calledUpstream(d, upstreamCalls);
                }
                return answer;
            } catch (GatewayError e) {
                if (e.kind() != Kind.SATURATED) {
                    calledUpstream(d, upstreamCalls++);
                }
                if (cancellation.abandoned()) {
                    // Cut short because the caller left: neither a failure to count nor one to retry.
                    lease.released();
                    throw e;
                }
                lease.failed(e);
                if (cancellation.cancelled()) {
                    throw e;
                }
                last = e;
                if (e.kind() == Kind.CONTEXT_LENGTH_EXCEEDED) {
                    throw new Exhausted(e);
                }
                if (e.kind() == Kind.SATURATED) {
                    // Another wait on a deployment with no room would only hold the caller longer; the model's
                    // other deployments, then its fallbacks, may have room. Those on the same provider share its
                    // permits: they get one only if it is free at once.
                    refusals++;
                    tried.remove(d);
                    if (saturated.isEmpty()) {
                        saturated = Collections.newSetFromMap(new IdentityHashMap<>());
                    }
                    saturated.add(d.provider());
                    LOG.debug("attempt {} on {} refused: {}", attemptNumber, d.id(), e.getMessage());
                    continue;
                }
                if (!RetryPolicy.retryable(e)) {
                    throw e;
                }
                LOG.debug("attempt {} on {} failed: {} {}", attemptNumber, d.id(), e.kind(), e.getMessage());
                if (!policy.asksTooLong(e)) {
                    tried.remove(d);
                    tried.add(d);
                }
            }
        }
        throw new Exhausted(last != null ? last : new GatewayError(Kind.OVERLOADED, "every deployment of model '"
                + group.name() + "' is failing and has been taken out of rotation for a while; try again shortly"));
    }

    /** Counts a retry when the model had called an upstream before in this request. */
    private void calledUpstream(Deployment d, int earlierCalls) {
        if (earlierCalls > 0) {
            telemetry.retry(d.provider().name());
        }
    }

    private void checkTime(GatewayError last) {
        if (cancellation.cancelled()) {
            throw cancelledError();
        }
        if (System.nanoTime() - deadlineNanos >= 0) {
            throw totalTimeout(last);
        }
    }

    GatewayError totalTimeout(GatewayError last) {
        return new GatewayError(Kind.TIMEOUT, "no answer within the request's total time of " + total.toSeconds()
                + " seconds" + (last == null ? "" : "; last failure: " + last.getMessage()));
    }

    static GatewayError cancelledError() {
        return new GatewayError(Kind.UPSTREAM_FAILED, "the call was cancelled");
    }

    /** A model's deployments are used up; its fallbacks are next. */
    private static final class Exhausted extends RuntimeException {
        final GatewayError last;

        Exhausted(GatewayError last) {
            super(null, null, false, false);
            this.last = last;
        }
    }
}
