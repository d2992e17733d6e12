package dev.contextgate.provider;

import dev.contextgate.chat.GatewayError;
import dev.contextgate.config.BreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One place a model is served from (a provider instance, with its own key or base URL when configured,
 * and the model name it knows), with its weight, its circuit breaker and its calls in flight.
 * Shared by every request that routes to it, so its breaker sees all of their outcomes.
 */
final class Deployment {

    private final String id;
    private final Provider provider;
    private final String model;
    private final int weight;
    private final CircuitBreaker breaker;
    private final int openAfter;
    private final AtomicInteger inFlight;
    private final AtomicInteger consecutiveFailures;

    Deployment(String id, Provider provider, String model, int weight, BreakerConfig config, Clock clock) {
        this.id = id;
        this.provider = provider;
        this.model = model;
        this.weight = Math.max(1, weight);
        this.openAfter = config.consecutiveFailures();
        this.inFlight = new AtomicInteger();
        this.consecutiveFailures = new AtomicInteger();
        this.breaker = CircuitBreaker.of(id, CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(config.window())
                .minimumNumberOfCalls(config.window())
                .failureRateThreshold(config.failureRatePercent())
                .waitDurationInOpenState(config.coolDown())
                .permittedNumberOfCallsInHalfOpenState(1)
                // No timer thread: the first call after the cool-down is the probe.
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .clock(clock)
                .build());
    }

    /** The same deployment (breaker and calls in flight shared) with the weight another model gives it. */
    private Deployment(Deployment same, int weight) {
        this.id = same.id;
        this.provider = same.provider;
        this.model = same.model;
        this.weight = Math.max(1, weight);
        this.breaker = same.breaker;
        this.openAfter = same.openAfter;
        this.inFlight = same.inFlight;
        this.consecutiveFailures = same.consecutiveFailures;
    }

    Deployment withWeight(int weight) {
        return weight == this.weight ? this : new Deployment(this, weight);
    }

    DeploymentState snapshot() {
        return new DeploymentState(id, provider.name(), model, state(), inFlight());
    }

    String id() {
        return id;
    }

    Provider provider() {
        return provider;
    }

    String model() {
        return model;
    }

    int weight() {
        return weight;
    }

    int inFlight() {
        return inFlight.get();
    }

    /** CLOSED, OPEN, HALF_OPEN (resilience4j's names). */
    String state() {
        return breaker.getState().name();
    }

    /**
     * Asks the breaker for a call: always yes while closed, no while open, and once the cool-down has
     * passed yes to exactly one probe. A yes must be followed by {@link #start()}.
     */
    boolean tryAcquire() {
        return breaker.tryAcquirePermission();
    }

    /** A call begins; its lease reports how it ended, exactly once. */
    Lease start() {
        inFlight.incrementAndGet();
        return new Lease(System.nanoTime());
    }

    final class Lease {
        private final long startNanos;
        private final AtomicBoolean ended = new AtomicBoolean();
        private volatile boolean answeredHere;

        private Lease(long startNanos) {
            this.startNanos = startNanos;
        }

        Deployment deployment() {
            return Deployment.this;
        }

        void succeeded() {
            if (end()) {
                consecutiveFailures.set(0);
                breaker.onSuccess(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
            }
        }

        /**
         * A request the upstream rejected for its own content says nothing bad about the deployment; nor
         * does our own bound refusing a call the upstream never saw.
         */
        void failed(GatewayError e) {
            if (e.kind() == GatewayError.Kind.SATURATED) {
                released();
                return;
            }
            boolean deploymentFault = RetryPolicy.retryable(e) || e.kind() == GatewayError.Kind.AUTHENTICATION
                    || e.kind() == GatewayError.Kind.PERMISSION;
            if (!deploymentFault) {
                succeeded();
                return;
            }
            if (end()) {
                breaker.onError(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS, e);
                // resilience4j counts failure rates only; a run of failures opens it here.
                if (consecutiveFailures.incrementAndGet() >= openAfter
                        && breaker.getState() == CircuitBreaker.State.CLOSED) {
                    breaker.transitionToOpenState();
                }
            }
        }

        /** The caller went away: the call proved nothing either way. */
        void released() {
            if (end()) {
                breaker.releasePermission();
            }
        }

        /**
         * The gateway answered in the deployment's place without asking its upstream (a token count its provider
         * cannot make): nothing for the breaker, which a success here would close on no evidence, and no upstream
         * call for the plan to count.
         */
        void answeredHere() {
            answeredHere = true;
            released();
        }

        /** True after {@link #answeredHere()}. */
        boolean wasAnsweredHere() {
            return answeredHere;
        }

        private boolean end() {
            if (ended.compareAndSet(false, true)) {
                inFlight.decrementAndGet();
                return true;
            }
            return false;
        }
    }
}
