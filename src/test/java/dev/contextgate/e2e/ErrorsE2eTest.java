package dev.contextgate.e2e;

import static dev.contextgate.e2e.E2eGateway.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.anthropic.client.AnthropicClient;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.openai.client.OpenAIClient;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kind of failure reaching each SDK as that SDK's own exception, with the status its dialect uses. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ErrorsE2eTest {

    static final int MAX_BODY = 64 * 1024;

    private final E2eGateway gw = E2eGateway.withUpstreams(List.of(), MAX_BODY);
    private final OpenAIClient openAi = gw.openAiClient();
    private final AnthropicClient anthropic = gw.anthropicClient();

    @BeforeEach
    void reset() {
        gw.resetUpstreams();
    }

    @AfterAll
    void stop() {
        gw.close();
    }

    /** What each SDK should raise for one failure: its exception class and status. */
    enum Seen {
        INVALID(com.openai.errors.BadRequestException.class, 400,
                com.anthropic.errors.BadRequestException.class, 400, "invalid_request_error"),
        AUTHENTICATION(com.openai.errors.UnauthorizedException.class, 401,
                com.anthropic.errors.UnauthorizedException.class, 401, "authentication_error"),
        PERMISSION(com.openai.errors.PermissionDeniedException.class, 403,
                com.anthropic.errors.PermissionDeniedException.class, 403, "permission_error"),
        NOT_FOUND(com.openai.errors.NotFoundException.class, 404,
                com.anthropic.errors.NotFoundException.class, 404, "not_found_error"),
        TOO_LARGE(com.openai.errors.UnexpectedStatusCodeException.class, 413,
                com.anthropic.errors.ContentTooLargeException.class, 413, "request_too_large"),
        RATE_LIMITED(com.openai.errors.RateLimitException.class, 429,
                com.anthropic.errors.RateLimitException.class, 429, "rate_limit_error"),
        UPSTREAM_FAILED(com.openai.errors.InternalServerException.class, 502,
                com.anthropic.errors.InternalServerException.class, 500, "api_error"),
        OVERLOADED(com.openai.errors.InternalServerException.class, 503,
                com.anthropic.errors.OverloadedException.class, 529, "overloaded_error");

        final Class<? extends OpenAIServiceException> openAi;
        final int openAiStatus;
        final Class<? extends AnthropicServiceException> anthropic;
        final int anthropicStatus;
        final String anthropicType;

        Seen(Class<? extends OpenAIServiceException> openAi, int openAiStatus,
                Class<? extends AnthropicServiceException> anthropic, int anthropicStatus, String anthropicType) {
            this.openAi = openAi;
            this.openAiStatus = openAiStatus;
            this.anthropic = anthropic;
            this.anthropicStatus = anthropicStatus;
            this.anthropicType = anthropicType;
        }
    }

    /** An upstream failure: the status and, for an Anthropic upstream, its error type (null: not JSON). */
    record UpstreamFailure(int status, String anthropicType, String openAiType, Seen seen) {}

    private static final List<UpstreamFailure> FAILURES = List.of(
            new UpstreamFailure(400, "invalid_request_error", "invalid_request_error", Seen.INVALID),
            new UpstreamFailure(401, "authentication_error", "invalid_request_error", Seen.AUTHENTICATION),
            new UpstreamFailure(403, "permission_error", "invalid_request_error", Seen.PERMISSION),
            new UpstreamFailure(404, "not_found_error", "invalid_request_error", Seen.NOT_FOUND),
            new UpstreamFailure(413, "request_too_large", "invalid_request_error", Seen.TOO_LARGE),
            new UpstreamFailure(429, "rate_limit_error", "rate_limit_exceeded", Seen.RATE_LIMITED),
            new UpstreamFailure(500, "api_error", "server_error", Seen.UPSTREAM_FAILED),
            // A 503 comes from a proxy or load balancer in front of the API, as plain text.
            new UpstreamFailure(503, null, null, Seen.OVERLOADED),
            new UpstreamFailure(529, "overloaded_error", null, Seen.OVERLOADED));

    static Stream<Arguments> upstreamFailures() {
        List<Arguments> all = new ArrayList<>();
        for (UpstreamFailure f : FAILURES) {
            for (String sdk : List.of("openai-sdk", "anthropic-sdk")) {
                all.add(Arguments.of(sdk, "anthropic-upstream", f.status(), f));
                if (f.status() != 529) { // 529 is Anthropic's own status
                    all.add(Arguments.of(sdk, "openai-upstream", f.status(), f));
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} <- {1} {2}")
    @MethodSource("upstreamFailures")
    void upstreamErrorReachesTheSdkAsItsOwnException(String sdk, String upstream, int status, UpstreamFailure f) {
        boolean anthropicUpstream = upstream.startsWith("anthropic");
        String message = "boom " + status;
        String body = anthropicUpstream
                ? (f.anthropicType() == null ? null
                        : "{\"type\":\"error\",\"error\":{\"type\":\"" + f.anthropicType() + "\",\"message\":\"" + message + "\"}}")
                : (f.openAiType() == null ? null
                        : "{\"error\":{\"message\":\"" + message + "\",\"type\":\"" + f.openAiType() + "\",\"param\":null,\"code\":null}}");
        E2eUpstream.Reply reply = body == null
                ? E2eUpstream.text(status, "upstream connect error or disconnect/reset before headers")
                : status == 429 ? E2eUpstream.json(status, body, "retry-after", "7") : E2eUpstream.json(status, body);
        (anthropicUpstream ? gw.anthropic : gw.openai).enqueue(reply);
        String model = anthropicUpstream ? "claude-sonnet-4-5" : "gpt-4o-mini";

        if (sdk.startsWith("openai")) {
            Throwable thrown = catchThrowable(() -> openAi.chat().completions().create(openAiAsk(model)));
            assertThat(thrown).isInstanceOf(f.seen().openAi);
            OpenAIServiceException e = (OpenAIServiceException) thrown;
            assertThat(e.statusCode()).isEqualTo(f.seen().openAiStatus);
            if (body != null) {
                assertThat(e.getMessage()).contains(message);
            }
            if (status == 429) {
                assertThat(e.headers().values("Retry-After")).containsExactly("7");
            }
        } else {
            Throwable thrown = catchThrowable(() -> anthropic.messages().create(anthropicAsk(model)));
            assertThat(thrown).isInstanceOf(f.seen().anthropic);
            AnthropicServiceException e = (AnthropicServiceException) thrown;
            assertThat(e.statusCode()).isEqualTo(f.seen().anthropicStatus);
            assertThat(e.body().toString()).contains(f.seen().anthropicType);
            if (body != null) {
                assertThat(e.getMessage()).contains(message);
            }
            if (status == 429) {
                assertThat(e.headers().values("retry-after")).containsExactly("7");
            }
        }
        assertThat((anthropicUpstream ? gw.anthropic : gw.openai).received()).hasSize(1);
    }

    @Test
    void aStreamThatFailsBeforeItsFirstEventGetsAStatusInEachSdk() {
        gw.anthropic.enqueue(E2eUpstream.json(529,
                "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"));
        gw.openai.enqueue(E2eUpstream.json(429,
                "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"param\":null,\"code\":\"rate_limit_exceeded\"}}",
                "retry-after", "3"));

        Throwable fromOpenAi = catchThrowable(() -> Sdk.openAiStream(openAi, openAiAsk("claude-sonnet-4-5")));
        Throwable fromAnthropic = catchThrowable(() -> Sdk.anthropicStream(anthropic, anthropicAsk("gpt-4o-mini")));

        assertThat(fromOpenAi).isInstanceOf(com.openai.errors.InternalServerException.class);
        assertThat(((OpenAIServiceException) fromOpenAi).statusCode()).isEqualTo(503);
        assertThat(fromAnthropic).isInstanceOf(com.anthropic.errors.RateLimitException.class);
        assertThat(((AnthropicServiceException) fromAnthropic).headers().values("retry-after")).containsExactly("3");
    }

    // ---- failures the gateway finds itself, without calling anyone ----

    @Test
    void anUnknownModelIsNotFoundInBothSdksAndCallsNoUpstream() {
        Throwable fromOpenAi = catchThrowable(() -> openAi.chat().completions().create(openAiAsk("mystery-model-1")));
        Throwable fromAnthropic = catchThrowable(() -> anthropic.messages().create(anthropicAsk("mystery-model-1")));
        Throwable streamed = catchThrowable(() -> Sdk.anthropicStream(anthropic, anthropicAsk("mystery-model-1")));

        assertThat(fromOpenAi).isInstanceOf(com.openai.errors.NotFoundException.class).hasMessageContaining("mystery-model-1");
        assertThat(((OpenAIServiceException) fromOpenAi).code()).hasValue("model_not_found");
        assertThat(fromAnthropic).isInstanceOf(com.anthropic.errors.NotFoundException.class)
                .hasMessageContaining("mystery-model-1");
        assertThat(streamed).isInstanceOf(com.anthropic.errors.NotFoundException.class);
        assertThat(gw.anthropic.received()).isEmpty();
        assertThat(gw.openai.received()).isEmpty();
    }

    @Test
    void wrongTypesFromAnSdkAreBadRequestsInBoth() {
        Throwable fromOpenAi = catchThrowable(() -> openAi.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("gpt-4o-mini").addUserMessage("Hello")
                .putAdditionalBodyProperty("temperature", com.openai.core.JsonValue.from("hot")).build()));
        Throwable fromAnthropic = catchThrowable(() -> anthropic.messages().create(MessageCreateParams.builder()
                .model("claude-sonnet-4-5").maxTokens(100).addUserMessage("Hello")
                .putAdditionalBodyProperty("temperature", com.anthropic.core.JsonValue.from("hot")).build()));

        // An I/O error here (a broken pipe) was a connection pooled after aBodyOverTheLimitIsTooLargeInBothSdks's 413,
        // which had not said Connection: close; see ServerBasicsTest. The cause chain says why, should it recur.
        assertThat(fromOpenAi).as("causes: %s", causes(fromOpenAi))
                .isInstanceOf(com.openai.errors.BadRequestException.class).hasMessageContaining("temperature");
        assertThat(fromAnthropic).as("causes: %s", causes(fromAnthropic))
                .isInstanceOf(com.anthropic.errors.BadRequestException.class).hasMessageContaining("temperature");
        assertThat(gw.anthropic.received()).isEmpty();
        assertThat(gw.openai.received()).isEmpty();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("malformedBodies")
    void aMalformedBodyIsABadRequestInTheEndpointsDialect(String path, String body) throws Exception {
        try (java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1).build()) {
            java.net.http.HttpResponse<String> r = http.send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(gw.url() + path))
                    .header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());

            assertThat(r.statusCode()).isEqualTo(400);
            com.fasterxml.jackson.databind.JsonNode error = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
            assertThat(error.at("/error/type").asText()).isEqualTo("invalid_request_error");
            assertThat(error.at("/error/message").asText()).isNotBlank();
            if (path.equals("/v1/messages")) {
                assertThat(error.path("type").asText()).isEqualTo("error");
            }
        }
        assertThat(gw.anthropic.received()).isEmpty();
        assertThat(gw.openai.received()).isEmpty();
    }

    static Stream<Arguments> malformedBodies() {
        return Stream.of(
                Arguments.of("/v1/chat/completions", "{\"model\":"),
                Arguments.of("/v1/chat/completions", "{\"model\":\"gpt-4o-mini\",\"messages\":\"hello\"}"),
                Arguments.of("/v1/chat/completions", "[1,2,3]"),
                Arguments.of("/v1/messages", "{\"model\":"),
                Arguments.of("/v1/messages",
                        "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":\"lots\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"),
                Arguments.of("/v1/messages", "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":10}"));
    }

    @Test
    void aBodyOverTheLimitIsTooLargeInBothSdks() {
        String big = "word ".repeat(MAX_BODY / 5 + 1000);

        Throwable fromOpenAi = catchThrowable(() -> openAi.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("gpt-4o-mini").addUserMessage(big).build()));
        Throwable fromAnthropic = catchThrowable(() -> anthropic.messages().create(MessageCreateParams.builder()
                .model("claude-sonnet-4-5").maxTokens(100).addUserMessage(big).build()));

        assertThat(fromOpenAi).isInstanceOf(com.openai.errors.UnexpectedStatusCodeException.class);
        assertThat(((OpenAIServiceException) fromOpenAi).statusCode()).isEqualTo(413);
        assertThat(fromAnthropic).isInstanceOf(com.anthropic.errors.ContentTooLargeException.class);
        assertThat(((AnthropicServiceException) fromAnthropic).statusCode()).isEqualTo(413);
        assertThat(gw.anthropic.received()).isEmpty();
        assertThat(gw.openai.received()).isEmpty();
    }

    // ---- failures in the middle of a stream ----

    static Stream<Arguments> cutStreams() {
        return Stream.of(
                Arguments.of("openai-sdk", "openai/stream_cut.sse", "gpt-4o-mini"),
                Arguments.of("openai-sdk", "anthropic/stream_cut.sse", "claude-sonnet-4-5"),
                Arguments.of("openai-sdk", "anthropic/stream_overloaded.sse", "claude-sonnet-4-5"),
                Arguments.of("anthropic-sdk", "anthropic/stream_cut.sse", "claude-sonnet-4-5"),
                Arguments.of("anthropic-sdk", "anthropic/stream_overloaded.sse", "claude-sonnet-4-5"),
                Arguments.of("anthropic-sdk", "openai/stream_cut.sse", "gpt-4o-mini"));
    }

    @ParameterizedTest(name = "{0} <- {1}")
    @MethodSource("cutStreams")
    void aStreamThatBreaksMidwayRaisesInTheSdkAfterWhatCameBefore(String sdk, String fixture, String model) {
        (model.startsWith("claude") ? gw.anthropic : gw.openai).enqueue(E2eUpstream.sse(fixture(fixture)));
        StringBuilder text = new StringBuilder();

        Throwable thrown;
        if (sdk.startsWith("openai")) {
            thrown = catchThrowable(() -> {
                try (com.openai.core.http.StreamResponse<ChatCompletionChunk> s =
                        openAi.chat().completions().createStreaming(openAiAsk(model))) {
                    s.stream().forEach(chunk -> chunk.choices().forEach(
                            c -> c.delta().content().ifPresent(text::append)));
                }
            });
            assertThat(thrown).isInstanceOf(com.openai.errors.OpenAIException.class);
        } else {
            thrown = catchThrowable(() -> {
                try (com.anthropic.core.http.StreamResponse<RawMessageStreamEvent> s =
                        anthropic.messages().createStreaming(anthropicAsk(model))) {
                    s.stream().forEach(event -> event.contentBlockDelta().flatMap(d -> d.delta().text())
                            .ifPresent(t -> text.append(t.text())));
                }
            });
            assertThat(thrown).isInstanceOf(com.anthropic.errors.AnthropicException.class);
        }
        assertThat(text.toString()).isEqualTo("Hello! How");
        assertThat(thrown.getMessage()).containsAnyOf("ended before it was complete", "Overloaded");
    }

    // ---- helpers ----

    private static ChatCompletionCreateParams openAiAsk(String model) {
        return ChatCompletionCreateParams.builder().model(model).addUserMessage("Hello").build();
    }

    private static MessageCreateParams anthropicAsk(String model) {
        return MessageCreateParams.builder().model(model).maxTokens(100).addUserMessage("Hello").build();
    }

    private static String causes(Throwable failure) {
        StringBuilder chain = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            chain.append(chain.isEmpty() ? "" : " <- ").append(t);
        }
        return chain.toString();
    }
}
