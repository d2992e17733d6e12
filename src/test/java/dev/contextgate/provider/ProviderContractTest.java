package dev.contextgate.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.contextgate.chat.ChatRequest;
import dev.contextgate.chat.ChatResponse;
import dev.contextgate.chat.Content;
import dev.contextgate.chat.GatewayError;
import dev.contextgate.chat.GatewayError.Kind;
import dev.contextgate.chat.Message;
import dev.contextgate.chat.ResponseAssembler;
import dev.contextgate.chat.StopReason;
import dev.contextgate.chat.StreamEvent;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every wire adapter must do, run against a real local HTTP server that answers with the provider's
 * documented wire format. Each adapter's test supplies the canned bodies and adds its own header checks.
 */
public abstract class ProviderContractTest {

    protected static final String SECRET = "sk-test-SECRET-123";
    protected final FakeUpstream fake = FakeUpstream.start();

    /** The adapter under test pointed at {@code baseUrl}, written as its SDK would take it. */
    protected abstract Provider provider(String baseUrl, String apiKey, HttpUpstream.Settings settings);

    /** The base URL the adapter should be given for the fake, as the provider's SDK takes it. */
    protected abstract String baseUrlFor(String fakeUrl);

    /** The path the adapter posts chat calls to. */
    protected abstract String chatPath();

    /** A documented complete answer whose text is {@link #expectedText()}. */
    protected abstract String documentedResponse();

    protected abstract String expectedText();

    protected abstract int expectedInputTokens();

    protected abstract int expectedOutputTokens();

    /** A documented stream whose text adds up to {@link #expectedStreamText()}. */
    protected abstract String documentedStream();

    protected abstract String expectedStreamText();

    /** The first part of {@link #documentedStream()}: up to the first text delta, and no further. */
    protected abstract String streamHead();

    /** A documented 429 body. */
    protected abstract String rateLimitBody();

    @AfterEach
    void stopFake() {
        fake.close();
    }

    protected Provider provider() {
        return provider(baseUrlFor(fake.url()), SECRET, HttpUpstream.Settings.defaults(Duration.ofSeconds(10)));
    }

    protected static ChatRequest request(String model) {
        return ChatRequest.simple(model, List.of(Message.user("Hello")), dev.contextgate.chat.Dialect.OPENAI);
    }

    protected abstract String model();

    @Test
    void completeDecodesTheDocumentedResponse() throws Exception {
        fake.enqueue(FakeUpstream.json(200, documentedResponse()));
        ChatResponse r = provider().complete(request(model()));
        assertThat(r.content()).containsExactly(new Content.Text(expectedText()));
        assertThat(r.stopReason()).isEqualTo(StopReason.END_TURN);
        assertThat(r.usage().inputTokens()).isEqualTo(expectedInputTokens());
        assertThat(r.usage().outputTokens()).isEqualTo(expectedOutputTokens());
        FakeUpstream.Recorded sent = fake.takeRequest();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo(chatPath());
        assertThat(sent.body()).contains("\"" + model() + "\"").contains("Hello").doesNotContain("\"stream\":true");
        assertThat(sent.header("content-type")).isEqualTo("application/json");
    }

    @Test
    void streamDecodesTheDocumentedStream() throws Exception {
        fake.enqueue(FakeUpstream.sse(documentedStream()));
        ResponseAssembler assembler = new ResponseAssembler();
        try (EventStream s = provider().stream(request(model()))) {
            StreamEvent e;
            while ((e = s.next()) != null) {
                assembler.accept(e);
            }
        }
        assertThat(assembler.complete()).isTrue();
        assertThat(assembler.response().content()).containsExactly(new Content.Text(expectedStreamText()));
        assertThat(assembler.response().stopReason()).isEqualTo(StopReason.END_TURN);
        FakeUpstream.Recorded sent = fake.takeRequest();
        assertThat(sent.path()).isEqualTo(chatPath());
        assertThat(sent.body()).contains("\"stream\":true");
        assertThat(sent.header("accept")).isEqualTo("text/event-stream");
    }

    @Test
    void rateLimitIsRateLimitedWithRetryAfter() {
        fake.enqueue(FakeUpstream.json(429, rateLimitBody(), "retry-after", "20"));
        assertThatThrownBy(() -> provider().complete(request(model())))
                .isInstanceOfSatisfying(GatewayError.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
                    assertThat(e.retryAfterSeconds()).isEqualTo(20);
                });
    }

    @Test
    void streamRefusedBeforeItBeginsThrowsFromStream() {
        fake.enqueue(FakeUpstream.json(429, rateLimitBody(), "retry-after-ms", "2500"));
        assertThatThrownBy(() -> provider().stream(request(model())))
                .isInstanceOfSatisfying(GatewayError.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
                    assertThat(e.retryAfterSeconds()).isEqualTo(3);
                });
    }

    @Test
    void streamCutBeforeItsEndFails() {
        fake.enqueue(FakeUpstream.sse(streamHead()));
        try (EventStream s = provider().stream(request(model()))) {
            assertThatThrownBy(() -> {
                while (s.next() != null) {
                    // drain until the cut
                }
            }).isInstanceOfSatisfying(GatewayError.class, e -> {
                assertThat(e.kind()).isEqualTo(Kind.UPSTREAM_FAILED);
                assertThat(e.getMessage()).contains("ended before it was complete");
            });
        }
    }

    @Test
    void closingMidStreamClosesTheConnection() throws Exception {
        fake.enqueue(FakeUpstream.sseForever(streamHead()));
        EventStream s = provider().stream(request(model()));
        StreamEvent e;
        do {
            e = s.next();
        } while (!(e instanceof StreamEvent.TextDelta));
        s.close();
        assertThat(fake.awaitDisconnect(Duration.ofSeconds(10))).isTrue();
    }

    @Test
    void idleStreamTimesOut() {
        fake.enqueue(FakeUpstream.sseThenStall(streamHead()));
        HttpUpstream.Settings quick = new HttpUpstream.Settings(8, Duration.ofSeconds(1), Duration.ofMillis(300),
                Duration.ofSeconds(10));
        try (EventStream s = provider(baseUrlFor(fake.url()), SECRET, quick).stream(request(model()))) {
            assertThatThrownBy(() -> {
                while (s.next() != null) {
                    // drain until the stall
                }
            }).isInstanceOfSatisfying(GatewayError.class, err -> assertThat(err.kind()).isEqualTo(Kind.TIMEOUT));
        }
    }

    @Test
    void unreachableProviderIsNamedWithoutTheKey() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Provider dead = provider(baseUrlFor("http://127.0.0.1:" + port), SECRET,
                HttpUpstream.Settings.defaults(Duration.ofSeconds(5)));
        assertThatThrownBy(() -> dead.complete(request(model())))
                .isInstanceOfSatisfying(GatewayError.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.UPSTREAM_FAILED);
                    assertThat(e.getMessage()).contains("could not reach provider '" + dead.name() + "'")
                            .contains("127.0.0.1:" + port).doesNotContain(SECRET);
                });
    }
}
