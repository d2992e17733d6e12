package dev.contextgate.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.contextgate.chat.ChatRequest;
import dev.contextgate.chat.ChatResponse;
import dev.contextgate.chat.Dialect;
import dev.contextgate.chat.GatewayError;
import dev.contextgate.chat.GatewayError.Kind;
import dev.contextgate.chat.Message;
import dev.contextgate.chat.StopReason;
import dev.contextgate.chat.StreamEvent;
import dev.contextgate.chat.Usage;
import dev.contextgate.config.BreakerConfig;
import dev.contextgate.config.GatewayConfig;
import dev.contextgate.config.ModelConfig;
import dev.contextgate.config.ProviderConfig;
import dev.contextgate.config.ProviderType;
import dev.contextgate.config.ResilienceConfig;
import dev.contextgate.config.ServerConfig;
import dev.contextgate.config.SimulatedConfig;
import dev.contextgate.config.StoreConfig;
import dev.contextgate.config.TimeoutConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Selection, breakers and cancellation, at the router with in-process providers that answer at once. */
class ResilientRoutingTest {

    /** A provider that answers, or fails with {@code failure} while it is set, and counts its calls. */
    static final class Scripted implements Provider {
        final String name;
        final AtomicInteger calls = new AtomicInteger();
        volatile GatewayError failure;

        Scripted(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public ChatResponse complete(ChatRequest request) {
            calls.incrementAndGet();
            if (failure != null) {
                throw failure;
            }
            return new ChatResponse("r", request.model(), List.of(new dev.contextgate.chat.Content.Text("hi")),
                    StopReason.END_TURN, null, Usage.of(1, 1));
        }

        @Override
        public EventStream stream(ChatRequest request) {
            calls.incrementAndGet();
            throw failure != null ? failure : new GatewayError(Kind.UPSTREAM_FAILED, "not streaming here");
        }
    }

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final Map<String, Scripted> providers = new ConcurrentHashMap<>();
    private final ManualClock clock = new ManualClock();

    private DefaultModelRouter router(List<ModelConfig> models, int maxAttempts, BreakerConfig breaker) {
        List<ProviderConfig> configs = List.of("a", "b", "c").stream()
                .map(n -> new ProviderConfig(n, ProviderType.OPENAI, null, "http://127.0.0.1:9/v1", null, null)).toList();
        ResilienceConfig resilience = new ResilienceConfig(maxAttempts, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(1),
                TimeoutConfig.DEFAULT, breaker);
        GatewayConfig config = new GatewayConfig(new ServerConfig("127.0.0.1", 0, null, 1024), new StoreConfig("memory:"),
                configs, models, List.of(), SimulatedConfig.DEFAULT, null, resilience);
        // Seeded, so the spread over weights is the same every run instead of failing one run in thirty.
        java.util.random.RandomGenerator seeded = new java.util.SplittableRandom(20261124);
        return new DefaultModelRouter(config, (pc, t) -> providers.computeIfAbsent(pc.name(), Scripted::new), clock,
                dev.contextgate.observe.Telemetry.NONE, () -> seeded);
    }

    private static ChatRequest request(String model) {
        return ChatRequest.simple(model, List.of(Message.user("hi")), Dialect.OPENAI);
    }

    @Test
    void callsSpreadOverThreeDeploymentsByWeight() {
        DefaultModelRouter router = router(List.of(new ModelConfig("spread", List.of(
                new ModelConfig.Target("a", "m", 1), new ModelConfig.Target("b", "m", 2),
                new ModelConfig.Target("c", "m", 3)), List.of(), null, null)), 1, BreakerConfig.DEFAULT);
        for (int i = 0; i < 3000; i++) {
            router.route("spread").provider().complete(request("spread"));
        }
        assertThat((double) providers.get("a").calls.get()).isCloseTo(500, within(50.0));
        assertThat((double) providers.get("b").calls.get()).isCloseTo(1000, within(100.0));
        assertThat((double) providers.get("c").calls.get()).isCloseTo(1500, within(150.0));
    }

    @Test
    void aBreakerOpensAfterConsecutiveFailuresFailsFastAndRecoversAfterItsCoolDown() {
        DefaultModelRouter router = router(List.of(new ModelConfig("one",
                List.of(new ModelConfig.Target("a", "m", 1)), List.of(), null, null)), 1,
                new BreakerConfig(3, 100, 100, Duration.ofSeconds(30)));
        Scripted a = providers.get("a");
        a.failure = new GatewayError(Kind.UPSTREAM_FAILED, "down", null, null, 500);
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> router.route("one").provider().complete(request("one")))
                    .hasMessageContaining("down");
        }
        assertThat(router.deployments()).singleElement().extracting(DeploymentState::breaker).isEqualTo("OPEN");

        // Open: the deployment is not called at all.
        assertThatThrownBy(() -> router.route("one").provider().complete(request("one")))
                .isInstanceOfSatisfying(GatewayError.class, e -> assertThat(e.kind()).isEqualTo(Kind.OVERLOADED));
        assertThat(a.calls.get()).isEqualTo(3);

        // After the cool-down one probe goes through; it succeeds, and the breaker closes.
        a.failure = null;
        clock.now = clock.now.plusSeconds(31);
        assertThat(router.route("one").provider().complete(request("one")).model()).isEqualTo("m");
        assertThat(a.calls.get()).isEqualTo(4);
        assertThat(router.deployments()).singleElement().extracting(DeploymentState::breaker).isEqualTo("CLOSED");
    }

    @Test
    void anOpenDeploymentIsSkippedForAHealthyOne() {
        DefaultModelRouter router = router(List.of(new ModelConfig("pair", List.of(
                new ModelConfig.Target("a", "m", 1), new ModelConfig.Target("b", "m", 1)), List.of(), null, null)), 3,
                new BreakerConfig(1, 100, 100, Duration.ofSeconds(30)));
        providers.get("a").failure = new GatewayError(Kind.OVERLOADED, "busy", null, null, 503);
        for (int i = 0; i < 50; i++) {
            router.route("pair").provider().complete(request("pair"));
        }
        assertThat(providers.get("a").calls.get()).isEqualTo(1);
        assertThat(providers.get("b").calls.get()).isEqualTo(50);
    }

    @Test
    void aSaturatedDeploymentIsCalledOnceThenTheFallbackAnswers() {
        DefaultModelRouter router = router(List.of(
                new ModelConfig("one", List.of(new ModelConfig.Target("a", "m", 1)), List.of("two"), null, null),
                new ModelConfig("two", List.of(new ModelConfig.Target("b", "n", 1)), List.of(), null, null)), 5,
                BreakerConfig.DEFAULT);
        providers.computeIfAbsent("a", Scripted::new).failure = new GatewayError(Kind.SATURATED, "a is saturated");

        assertThat(router.route("one").provider().complete(request("one")).model()).isEqualTo("n");
        assertThat(providers.get("a").calls.get()).as("five attempts allowed, refused once, not called again")
                .isEqualTo(1);
        assertThat(providers.get("b").calls.get()).isEqualTo(1);
    }

    /** With one attempt a model, a refusal by our own bound must not use it up: it never reached the upstream. */
    @Test
    void aRefusalUsesNoneOfTheModelsAttempts() {
        DefaultModelRouter router = router(List.of(new ModelConfig("pair", List.of(
                new ModelConfig.Target("a", "m", 9), new ModelConfig.Target("b", "n", 1)), List.of(), null, null)), 1,
                BreakerConfig.DEFAULT);
        providers.computeIfAbsent("a", Scripted::new).failure = new GatewayError(Kind.SATURATED, "a is saturated");

        for (int i = 0; i < 20; i++) {
            assertThat(router.route("pair").provider().complete(request("pair")).model()).isEqualTo("n");
        }
        // Nine picks in ten go to 'a' first: the seeded draws make that the case for most of the twenty.
        assertThat(providers.get("a").calls.get()).isGreaterThan(10);
        assertThat(providers.get("b").calls.get()).isEqualTo(20);
    }

    /**
     * Refusals use no attempts, yet the plan ends: each deployment is refused at most once, so three saturated
     * deployments are three refusals, whatever {@code max_attempts} says, and the caller is told they are saturated.
     */
    @Test
    void whenEveryDeploymentIsSaturatedEachIsRefusedOnceAndThePlanEnds() {
        for (int maxAttempts : new int[] {1, 5}) {
            providers.clear();
            DefaultModelRouter router = router(List.of(new ModelConfig("three", List.of(
                    new ModelConfig.Target("a", "m", 1), new ModelConfig.Target("b", "m", 1),
                    new ModelConfig.Target("c", "m", 1)), List.of(), null, null)), maxAttempts, BreakerConfig.DEFAULT);
            for (String name : List.of("a", "b", "c")) {
                providers.get(name).failure = new GatewayError(Kind.SATURATED, name + " is saturated");
            }

            assertThatThrownBy(() -> router.route("three").provider().complete(request("three")))
                    .isInstanceOfSatisfying(GatewayError.class, e -> assertThat(e.kind()).isEqualTo(Kind.SATURATED));
            for (String name : List.of("a", "b", "c")) {
                assertThat(providers.get(name).calls.get()).as("%s with max_attempts %d", name, maxAttempts).isEqualTo(1);
            }
            assertThat(router.deployments()).extracting(DeploymentState::breaker).containsOnly("CLOSED");
        }
    }

    @Test
    void saturationNeverOpensABreakerNorResetsItsCountOfFailures() {
        DefaultModelRouter router = router(List.of(new ModelConfig("one",
                List.of(new ModelConfig.Target("a", "m", 1)), List.of(), null, null)), 1,
                new BreakerConfig(2, 100, 100, Duration.ofSeconds(30)));
        Scripted a = providers.computeIfAbsent("a", Scripted::new);
        a.failure = new GatewayError(Kind.UPSTREAM_FAILED, "down", null, null, 500);
        assertThatThrownBy(() -> router.route("one").provider().complete(request("one"))).hasMessageContaining("down");

        a.failure = new GatewayError(Kind.SATURATED, "a is saturated");
        for (int i = 0; i < 20; i++) {
            assertThatThrownBy(() -> router.route("one").provider().complete(request("one")))
                    .isInstanceOfSatisfying(GatewayError.class, e -> assertThat(e.kind()).isEqualTo(Kind.SATURATED));
        }
        assertThat(router.deployments()).singleElement().extracting(DeploymentState::breaker).isEqualTo("CLOSED");

        // Had a refusal counted as a success, this second failure would be the first of a new run.
        a.failure = new GatewayError(Kind.UPSTREAM_FAILED, "down", null, null, 500);
        assertThatThrownBy(() -> router.route("one").provider().complete(request("one"))).hasMessageContaining("down");
        assertThat(router.deployments()).singleElement().extracting(DeploymentState::breaker).isEqualTo("OPEN");
    }

    @Test
    void closingAStreamWakesItsBackoffAndStopsRetrying() throws Exception {
        ResilienceConfig slow = new ResilienceConfig(5, Duration.ofSeconds(60), Duration.ofSeconds(60),
                Duration.ofSeconds(1), TimeoutConfig.DEFAULT, BreakerConfig.DEFAULT);
        Scripted a = new Scripted("a");
        a.failure = new GatewayError(Kind.UPSTREAM_FAILED, "down", null, null, 502);
        Deployment d = new Deployment("a/m", a, "m", 1, BreakerConfig.DEFAULT, clock);
        ResilientProvider provider = new ResilientProvider(new DeploymentGroup("m", List.of(d), null), List.of(),
                n -> null, RetryPolicy.of(slow), Duration.ofMinutes(10));
        EventStream stream = provider.stream(request("m"));
        CountDownLatch done = new CountDownLatch(1);
        AtomicBoolean failed = new AtomicBoolean();
        Thread.ofVirtual().start(() -> {
            try {
                StreamEvent e = stream.next();
                failed.set(e != null);
            } catch (GatewayError e) {
                failed.set(true);
            } finally {
                done.countDown();
            }
        });
        for (int i = 0; i < 1000 && a.calls.get() < 1; i++) {
            Thread.sleep(5);
        }
        stream.close();
        done.await();
        assertThat(failed).isTrue();
        assertThat(a.calls.get()).isEqualTo(1);
        assertThat(d.inFlight()).isZero();
    }

    @Test
    void anInterruptFromTheCallerAbandonsACallWithoutRetryFallbackOrBlame() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        Provider generating = new Provider() {
            @Override
            public String name() {
                return "a";
            }

            @Override
            public EventStream stream(ChatRequest request) {
                throw new UnsupportedOperationException();
            }

            @Override
            public ChatResponse complete(ChatRequest request) {
                calls.incrementAndGet();
                entered.countDown();
                try {
                    Thread.sleep(Duration.ofMinutes(1));
                    throw new AssertionError("not interrupted");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt(); // as HttpUpstream does once it aborted the request
                    throw new GatewayError(Kind.UPSTREAM_FAILED, "the call to provider 'a' was interrupted");
                }
            }
        };
        BreakerConfig touchy = new BreakerConfig(1, 100, 100, Duration.ofSeconds(30));
        Deployment d = new Deployment("a/m", generating, "m", 1, touchy, clock);
        Scripted fallback = new Scripted("b");
        Deployment other = new Deployment("b/m", fallback, "m", 1, touchy, clock);
        ResilientProvider provider = new ResilientProvider(new DeploymentGroup("m", List.of(d), null), List.of("other"),
                n -> new DeploymentGroup(n, List.of(other), null), RetryPolicy.of(ResilienceConfig.DEFAULT),
                Duration.ofMinutes(10));
        java.util.concurrent.CompletableFuture<CallInterrupt> interrupt = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.CompletableFuture<Throwable> outcome = new java.util.concurrent.CompletableFuture<>();
        AtomicBoolean flagLeft = new AtomicBoolean();
        Thread.ofVirtual().start(() -> {
            Throwable thrown = null;
            try (CallInterrupt mine = CallInterrupt.forThisThread()) {
                interrupt.complete(mine);
                provider.complete(request("m"));
            } catch (RuntimeException e) {
                thrown = e;
            }
            flagLeft.set(Thread.currentThread().isInterrupted());
            outcome.complete(thrown);
        });
        entered.await();
        interrupt.get().interrupt();

        assertThat(outcome.get()).isInstanceOf(GatewayError.class);
        assertThat(flagLeft).as("the interrupt does not outlive the call").isFalse();
        assertThat(calls.get()).as("no retry").isEqualTo(1);
        assertThat(fallback.calls.get()).as("no fallback").isZero();
        assertThat(d.inFlight()).isZero();
        assertThat(d.state()).as("leaving is not the deployment's failure").isEqualTo("CLOSED");
    }
}
