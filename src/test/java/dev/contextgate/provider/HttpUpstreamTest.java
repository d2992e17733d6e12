package dev.contextgate.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.contextgate.chat.GatewayError;
import dev.contextgate.chat.GatewayError.Kind;
import dev.contextgate.chat.StreamEvent;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpUpstreamTest {

    private final FakeUpstream fake = FakeUpstream.start();

    @AfterEach
    void stop() {
        fake.close();
    }

    private HttpUpstream upstream(HttpUpstream.Settings settings) {
        return new HttpUpstream("fake", fake.url() + "/", new TestCodec(), settings);
    }

    private HttpUpstream upstream() {
        return upstream(HttpUpstream.Settings.defaults(Duration.ofSeconds(10)));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void postSendsBodyAndHeadersAndReturnsTheBody() throws Exception {
        fake.enqueue(FakeUpstream.json(200, "hello"));
        byte[] answer = upstream().post("/chat", Map.of("X-Test", "1", "Host", "evil", "Content-Length", "9"),
                bytes("{\"q\":1}"));
        assertThat(new String(answer, StandardCharsets.UTF_8)).isEqualTo("hello");
        FakeUpstream.Recorded r = fake.takeRequest();
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/chat");
        assertThat(r.body()).isEqualTo("{\"q\":1}");
        assertThat(r.header("x-test")).isEqualTo("1");
        assertThat(r.header("content-type")).isEqualTo("application/json");
        assertThat(r.header("host")).doesNotContain("evil");
    }

    @Test
    void errorStatusGoesThroughTheCodecWithRetryAfter() {
        fake.enqueue(FakeUpstream.json(429, "slow down", "Retry-After", "7"));
        assertThatThrownBy(() -> upstream().post("/chat", Map.of(), bytes("{}")))
                .isInstanceOfSatisfying(GatewayError.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
                    assertThat(e.retryAfterSeconds()).isEqualTo(7);
                    assertThat(e.upstreamStatus()).isEqualTo(429);
                    assertThat(e.getMessage()).isEqualTo("slow down");
                });
    }

    @Test
    void retryAfterMsWinsAndIsRoundedUp() {
        fake.enqueue(FakeUpstream.json(429, "x", "retry-after-ms", "1500", "Retry-After", "30"));
        assertThatThrownBy(() -> upstream().stream("/chat", Map.of(), bytes("{}")))
                .isInstanceOfSatisfying(GatewayError.class, e -> assertThat(e.retryAfterSeconds()).isEqualTo(2));
    }

    @Test
    void retryAfterAsHttpDate() {
        String in90 = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now().plusSeconds(90));
        Integer seconds = HttpUpstream.retryAfterSeconds(HttpFields.build().put("Retry-After", in90)::get);
        assertThat(seconds).isBetween(85, 90);
        assertThat(HttpUpstream.retryAfterSeconds(HttpFields.build()::get)).isNull();
        assertThat(HttpUpstream.retryAfterSeconds(HttpFields.build().put("retry-after", "soon")::get)).isNull();
    }

    @Test
    void connectionRefusedNamesTheProviderAndUrl() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        HttpUpstream dead = new HttpUpstream("local", "http://127.0.0.1:" + port + "/v1", new TestCodec(),
                HttpUpstream.Settings.defaults(Duration.ofSeconds(5)));
        assertThatThrownBy(() -> dead.post("/chat", Map.of("Authorization", "Bearer sk-secret"), bytes("{}")))
                .isInstanceOfSatisfying(GatewayError.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.UPSTREAM_FAILED);
                    assertThat(e.getMessage()).startsWith("could not reach provider 'local' at http://127.0.0.1:"
                            + port + "/v1: ");
                    assertThat(e.getMessage()).doesNotContain("sk-secret");
                });
    }

    @Test
    void unknownHostIsUnreachable() {
        HttpUpstream nowhere = new HttpUpstream("far", "http://no-such-host.invalid", new TestCodec(),
                HttpUpstream.Settings.defaults(Duration.ofSeconds(5)));
        assertThatThrownBy(() -> nowhere.post("/chat", Map.of(), bytes("{}")))
                .isInstanceOfSatisfying(GatewayError.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.UPSTREAM_FAILED);
                    assertThat(e.getMessage()).startsWith("could not reach provider 'far' at http://no-such-host.invalid");
                });
    }

    @Test
    void streamYieldsDecodedEventsThenNull() {
        fake.enqueue(FakeUpstream.sse("data: Hel\n\n: comment\n\ndata: lo\n\ndata: [DONE]\n\n"));
        List<StreamEvent> events = new ArrayList<>();
        try (EventStream s = upstream().stream("/chat", Map.of(), bytes("{}"))) {
            StreamEvent e;
            while ((e = s.next()) != null) {
                events.add(e);
            }
            assertThat(s.next()).isNull();
        }
        assertThat(events).containsExactly(new StreamEvent.TextDelta(0, "Hel"), new StreamEvent.TextDelta(0, "lo"),
                new StreamEvent.Stop());
    }

    @Test
    void streamAcceptsEventStream() throws Exception {
        fake.enqueue(FakeUpstream.sse("data: [DONE]\n\n"));
        try (EventStream s = upstream().stream("/chat", Map.of(), bytes("{}"))) {
            assertThat(s.next()).isEqualTo(new StreamEvent.Stop());
        }
        assertThat(fake.takeRequest().header("accept")).isEqualTo("text/event-stream");
    }

    @Test
    void jsonAnswerToAStreamedCallBecomesEvents() {
        fake.enqueue(FakeUpstream.json(200, "whole"));
        List<StreamEvent> events = new ArrayList<>();
        try (EventStream s = upstream().stream("/chat", Map.of(), bytes("{}"))) {
            StreamEvent e;
            while ((e = s.next()) != null) {
                events.add(e);
            }
        }
        assertThat(events).contains(new StreamEvent.TextDelta(0, "whole")).last().isEqualTo(new StreamEvent.Stop());
    }

    @Test
    void streamCutBeforeItsEndIsAnError() {
        fake.enqueue(FakeUpstream.sse("data: partial\n\n"));
        try (EventStream s = upstream().stream("/chat", Map.of(), bytes("{}"))) {
            assertThat(s.next()).isEqualTo(new StreamEvent.TextDelta(0, "partial"));
            assertThatThrownBy(s::next).isInstanceOfSatisfying(GatewayError.class, e -> {
                assertThat(e.kind()).isEqualTo(Kind.UPSTREAM_FAILED);
                assertThat(e.getMessage()).isEqualTo("the upstream stream from 'fake' ended before it was complete");
            });
        }
    }

    @Test
    void errorEventInTheStreamIsThrown() {
        fake.enqueue(FakeUpstream.sse("data: a\n\nevent: error\ndata: busy\n\n"));
        try (EventStream s = upstream().stream("/chat", Map.of(), bytes("{}"))) {
            s.next();
            assertThatThrownBy(s::next).isInstanceOfSatisfying(GatewayError.class,
                    e -> assertThat(e.kind()).isEqualTo(Kind.OVERLOADED));
        }
    }

    @Test
    void closingMidStreamDropsTheConnection() throws Exception {
        fake.enqueue(FakeUpstream.sseForever("data: first\n\n"));
        EventStream s = upstream().stream("/chat", Map.of(), bytes("{}"));
        assertThat(s.next()).isEqualTo(new StreamEvent.TextDelta(0, "first"));
        s.close();
        assertThat(fake.awaitDisconnect(Duration.ofSeconds(10))).isTrue();
        assertThat(s.next()).isNull();
    }

    @Test
    void closingFromAnotherThreadUnblocksAWaitingReader() throws Exception {
        fake.enqueue(FakeUpstream.sseThenStall("data: first\n\n"));
        EventStream s = upstream().stream("/chat", Map.of(), bytes("{}"));
        assertThat(s.next()).isEqualTo(new StreamEvent.TextDelta(0, "first"));
        Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            s.close();
        });
        assertThat(s.next()).isNull();
    }

    @Test
    void silentStreamTimesOut() {
        fake.enqueue(FakeUpstream.sseThenStall("data: first\n\n"));
        HttpUpstream.Settings quick = new HttpUpstream.Settings(4, Duration.ofSeconds(1), Duration.ofMillis(300),
                Duration.ofSeconds(10));
        try (EventStream s = upstream(quick).stream("/chat", Map.of(), bytes("{}"))) {
            assertThat(s.next()).isEqualTo(new StreamEvent.TextDelta(0, "first"));
            assertThatThrownBy(s::next).isInstanceOfSatisfying(GatewayError.class, e -> {
                assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
                assertThat(e.getMessage()).contains("'fake'");
            });
        }
    }

    @Test
    void noResponseHeadersWithinTheCallTimeoutIsATimeout() {
        fake.enqueue((exchange, f) -> {
            try {
                Thread.sleep(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        HttpUpstream quick = upstream(new HttpUpstream.Settings(4, Duration.ofSeconds(1), Duration.ofSeconds(30),
                Duration.ofMillis(300)));
        assertThatThrownBy(() -> quick.post("/chat", Map.of(), bytes("{}")))
                .isInstanceOfSatisfying(GatewayError.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
                    assertThat(e.getMessage()).contains("'fake'");
                });
    }

    @Test
    void permitsBoundCallsInFlight() {
        HttpUpstream one = upstream(new HttpUpstream.Settings(1, Duration.ofMillis(200), Duration.ofSeconds(30),
                Duration.ofSeconds(10)));
        fake.enqueue(FakeUpstream.sseThenStall("data: first\n\n"));
        EventStream held = one.stream("/chat", Map.of(), bytes("{}"));
        assertThat(held.next()).isEqualTo(new StreamEvent.TextDelta(0, "first"));

        assertThatThrownBy(() -> one.post("/chat", Map.of(), bytes("{}")))
                .isInstanceOfSatisfying(GatewayError.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.SATURATED);
                    assertThat(e.getMessage()).contains("'fake'").contains("saturated").contains("max_in_flight")
                            .contains("0.2 s");
                });
        assertThat(fake.requestCount()).isEqualTo(1);

        held.close();
        fake.enqueue(FakeUpstream.json(200, "ok"));
        assertThat(new String(one.post("/chat", Map.of(), bytes("{}")), StandardCharsets.UTF_8)).isEqualTo("ok");
    }

    @Test
    void aZeroPermitWaitRefusesAtOnce() {
        HttpUpstream one = upstream(new HttpUpstream.Settings(1, Duration.ZERO, Duration.ofSeconds(30),
                Duration.ofSeconds(10)));
        fake.enqueue(FakeUpstream.sseThenStall("data: first\n\n"));
        try (EventStream held = one.stream("/chat", Map.of(), bytes("{}"))) {
            assertThat(held.next()).isEqualTo(new StreamEvent.TextDelta(0, "first"));
            long from = System.nanoTime();
            assertThatThrownBy(() -> one.post("/chat", Map.of(), bytes("{}")))
                    .isInstanceOfSatisfying(GatewayError.class, e -> {
                        assertThat(e.kind()).isEqualTo(Kind.SATURATED);
                        assertThat(e.getMessage()).contains("max_in_flight_wait_seconds is 0");
                    });
            assertThat(Duration.ofNanos(System.nanoTime() - from)).isLessThan(Duration.ofSeconds(3));
        }
        assertThat(fake.requestCount()).isEqualTo(1);
    }

    /** What CallPlan asks for after a refusal: no wait, however long the provider's, but a free permit is taken. */
    @Test
    void aCallThatWaitedBeforeTakesOnlyAPermitFreeAtOnce() {
        HttpUpstream one = upstream(new HttpUpstream.Settings(1, Duration.ofSeconds(30), Duration.ofSeconds(30),
                Duration.ofSeconds(10)));
        fake.enqueue(FakeUpstream.sseThenStall("data: first\n\n"));
        EventStream held = one.stream("/chat", Map.of(), bytes("{}"));
        assertThat(held.next()).isEqualTo(new StreamEvent.TextDelta(0, "first"));

        try (PermitWait noWait = PermitWait.noneForThisThread()) {
            long from = System.nanoTime();
            assertThatThrownBy(() -> one.post("/chat", Map.of(), bytes("{}")))
                    .isInstanceOfSatisfying(GatewayError.class, e -> {
                        assertThat(e.kind()).isEqualTo(Kind.SATURATED);
                        assertThat(e.getMessage()).contains("'fake'").contains("already waited 30 s");
                    });
            assertThat(Duration.ofNanos(System.nanoTime() - from)).as("not the 30 s wait")
                    .isLessThan(Duration.ofSeconds(3));
            assertThat(fake.requestCount()).isEqualTo(1);

            held.close();
            fake.enqueue(FakeUpstream.json(200, "ok"));
            assertThat(new String(one.post("/chat", Map.of(), bytes("{}")), StandardCharsets.UTF_8)).isEqualTo("ok");
        }
        assertThat(PermitWait.waived()).as("closed with its attempt").isFalse();
    }

    @Test
    void permitIsReturnedAfterAnError() {
        HttpUpstream one = upstream(new HttpUpstream.Settings(1, Duration.ofMillis(200), Duration.ofSeconds(30),
                Duration.ofSeconds(10)));
        fake.enqueue(FakeUpstream.json(500, "boom"));
        fake.enqueue(FakeUpstream.json(500, "boom"));
        fake.enqueue(FakeUpstream.json(200, "ok"));
        assertThatThrownBy(() -> one.post("/x", Map.of(), bytes("{}"))).isInstanceOf(GatewayError.class);
        assertThatThrownBy(() -> one.stream("/x", Map.of(), bytes("{}"))).isInstanceOf(GatewayError.class);
        assertThat(one.post("/x", Map.of(), bytes("{}"))).isEqualTo(bytes("ok"));
    }
}
