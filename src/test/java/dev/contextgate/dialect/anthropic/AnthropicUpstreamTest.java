package dev.contextgate.dialect.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.contextgate.chat.ChatRequest;
import dev.contextgate.chat.Content;
import dev.contextgate.chat.Dialect;
import dev.contextgate.chat.GatewayError;
import dev.contextgate.chat.GatewayError.Kind;
import dev.contextgate.chat.Message;
import dev.contextgate.chat.Passthrough;
import dev.contextgate.chat.Reasoning;
import dev.contextgate.chat.Role;
import dev.contextgate.chat.StopReason;
import dev.contextgate.chat.StreamEvent;
import dev.contextgate.chat.ToolChoice;
import dev.contextgate.chat.Usage;
import dev.contextgate.dialect.ErrorResponse;
import dev.contextgate.dialect.StreamDecoder;
import dev.contextgate.provider.ModelRouter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The provider side's decisions, the error tables and the stream edge cases. */
class AnthropicUpstreamTest {

    private final AnthropicCodec codec = new AnthropicCodec();

    private static ChatRequest request(List<Message> messages, Double temperature, Integer maxTokens, Reasoning reasoning,
            ToolChoice choice, Passthrough passthrough) {
        return new ChatRequest("claude-sonnet-4-5", null, null, messages, maxTokens, temperature, null, null, null, null,
                choice, reasoning, false, false, "ctx-9", passthrough);
    }

    private JsonNode upstream(ChatRequest r) {
        return Golden.tree(codec.encodeRequest(r));
    }

    @Test
    void unsignedThinkingIsDroppedAndSameRoleMessagesMerge() {
        List<Message> messages = List.of(Message.user("Hi"), Message.user("there"),
                new Message(Role.ASSISTANT, List.of(new Content.Thinking("from gpt", null))),
                new Message(Role.ASSISTANT, List.of(new Content.Thinking("signed", "sig"), new Content.RedactedThinking("R"),
                        new Content.Thinking("unsigned", null), new Content.Text("Hello"))));

        JsonNode body = upstream(request(messages, null, null, null, null, Passthrough.none(Dialect.OPENAI)));

        assertThat(body.get("messages")).isEqualTo(Golden.tree(("[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Hi\"},"
                + "{\"type\":\"text\",\"text\":\"there\"}]},{\"role\":\"assistant\",\"content\":[{\"type\":\"thinking\",\"thinking\":"
                + "\"signed\",\"signature\":\"sig\"},{\"type\":\"redacted_thinking\",\"data\":\"R\"},{\"type\":\"text\",\"text\":\"Hello\"}]}]")
                .getBytes()));
        assertThat(body.get("max_tokens").asInt()).isEqualTo(4096);
        assertThat(body.has("context_id")).isFalse();
    }

    @Test
    void temperatureAboveOneIsClampedAndOthersKept() {
        assertThat(upstream(request(List.of(Message.user("x")), 1.7, 100, null, null, Passthrough.none(Dialect.OPENAI)))
                .get("temperature").asDouble()).isEqualTo(1.0);
        assertThat(upstream(request(List.of(Message.user("x")), 0.3, 100, null, null, Passthrough.none(Dialect.OPENAI)))
                .get("temperature").asDouble()).isEqualTo(0.3);
    }

    @Test
    void thinkingBudgetRaisesMaxTokensAndEffortMapsToABudget() {
        JsonNode budget = upstream(request(List.of(Message.user("x")), null, 1000, new Reasoning(2048, null), null,
                Passthrough.none(Dialect.ANTHROPIC)));
        assertThat(budget.get("max_tokens").asInt()).isEqualTo(2048 + 4096);
        assertThat(budget.get("thinking")).isEqualTo(Golden.tree("{\"type\":\"enabled\",\"budget_tokens\":2048}".getBytes()));

        JsonNode high = upstream(request(List.of(Message.user("x")), null, 32000, new Reasoning(null, "high"), null,
                Passthrough.none(Dialect.OPENAI)));
        assertThat(high.path("thinking").path("budget_tokens").asInt()).isEqualTo(16384);
        assertThat(high.get("max_tokens").asInt()).isEqualTo(32000);
        assertThat(upstream(request(List.of(Message.user("x")), null, null, new Reasoning(null, "minimal"), null,
                Passthrough.none(Dialect.OPENAI))).has("thinking")).isFalse();
    }

    @Test
    void toolIdsAreSanitizedTheSameWayOnBothSides() {
        List<Message> messages = List.of(Message.user("weather?"),
                new Message(Role.ASSISTANT, List.of(new Content.ToolUse("call:abc.1/2", "get_weather", "{\"city\":\"Paris\"}"))),
                new Message(Role.USER, List.of(new Content.ToolResult("call:abc.1/2", List.of(new Content.Text("9C")), false))));

        JsonNode body = upstream(request(messages, null, null, null, new ToolChoice.None(), Passthrough.none(Dialect.OPENAI)));

        assertThat(body.at("/messages/1/content/0/id").asText()).isEqualTo("call_abc_1_2");
        assertThat(body.at("/messages/2/content/0/tool_use_id").asText()).isEqualTo("call_abc_1_2");
        assertThat(body.at("/messages/1/content/0/input/city").asText()).isEqualTo("Paris");
        assertThat(body.get("tool_choice")).isEqualTo(Golden.tree("{\"type\":\"none\"}".getBytes()));
    }

    @Test
    void passthroughFieldsOnlyReachAnAnthropicUpstreamFromAnAnthropicCaller() {
        Map<String, String> fields = Map.of("metadata", "{\"user_id\":\"u\"}");
        assertThat(upstream(request(List.of(Message.user("x")), null, null, null, null,
                new Passthrough(Dialect.ANTHROPIC, fields, Map.of()))).path("metadata").path("user_id").asText()).isEqualTo("u");
        assertThat(upstream(request(List.of(Message.user("x")), null, null, null, null,
                new Passthrough(Dialect.OPENAI, fields, Map.of()))).has("metadata")).isFalse();
    }

    @ParameterizedTest
    @CsvSource({
        "INVALID_REQUEST, 400, invalid_request_error",
        "CONTEXT_LENGTH_EXCEEDED, 400, invalid_request_error",
        "AUTHENTICATION, 401, authentication_error",
        "PERMISSION, 403, permission_error",
        "NOT_FOUND, 404, not_found_error",
        "REQUEST_TOO_LARGE, 413, request_too_large",
        "RATE_LIMITED, 429, rate_limit_error",
        "OVERLOADED, 529, overloaded_error",
        "SATURATED, 529, overloaded_error",
        "UPSTREAM_FAILED, 500, api_error",
        "TIMEOUT, 504, api_error",
    })
    void everyErrorKindHasItsStatusAndType(Kind kind, int status, String type) {
        ErrorResponse r = codec.encodeError(new GatewayError(kind, "what went wrong", null, 7, 0));

        assertThat(r.status()).isEqualTo(status);
        JsonNode body = Golden.tree(r.body());
        assertThat(body.path("type").asText()).isEqualTo("error");
        assertThat(body.at("/error/type").asText()).isEqualTo(type);
        assertThat(body.at("/error/message").asText()).isEqualTo("what went wrong");
        assertThat(r.headers()).isEqualTo(kind == Kind.RATE_LIMITED ? Map.of("retry-after", "7") : Map.of());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "400|invalid_request_error|max_tokens: Field required|INVALID_REQUEST",
        "400|invalid_request_error|prompt is too long: 208000 tokens > 200000 maximum|CONTEXT_LENGTH_EXCEEDED",
        "401|authentication_error|invalid x-api-key|AUTHENTICATION",
        "403|permission_error|no access|PERMISSION",
        "404|not_found_error|model: claude-x|NOT_FOUND",
        "413|request_too_large|Request exceeds the maximum allowed number of bytes.|REQUEST_TOO_LARGE",
        "429|rate_limit_error|Number of request tokens has exceeded your rate limit|RATE_LIMITED",
        "529|overloaded_error|Overloaded|OVERLOADED",
        "500|api_error|Internal server error|UPSTREAM_FAILED",
        "504|timeout_error|Request timed out|TIMEOUT",
        "408|unknown_error|late|TIMEOUT",
        "502|unknown_error|bad gateway|UPSTREAM_FAILED",
        "422|unknown_error|odd|INVALID_REQUEST",
    })
    void upstreamErrorsMapIntoTheTaxonomy(int status, String type, String message, Kind kind) {
        byte[] body = ("{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\"" + message + "\"}}")
                .getBytes(StandardCharsets.UTF_8);

        GatewayError e = codec.decodeError(status, body, 12);

        assertThat(e.kind()).isEqualTo(kind);
        assertThat(e.getMessage()).isEqualTo(message);
        assertThat(e.upstreamStatus()).isEqualTo(status);
        assertThat(e.retryAfterSeconds()).isEqualTo(12);
    }

    @Test
    void unparseableUpstreamErrorKeepsTheStatusAndTheStartOfTheBody() {
        GatewayError e = codec.decodeError(502, ("<html>" + "x".repeat(500)).getBytes(), null);

        assertThat(e.kind()).isEqualTo(Kind.UPSTREAM_FAILED);
        assertThat(e.getMessage()).isEqualTo("upstream returned HTTP 502: <html>" + "x".repeat(194));
    }

    @Test
    void streamErrorEventThrowsTheMappedError() {
        StreamDecoder decoder = codec.streamDecoder();
        GatewayError e = catchThrowableOfType(GatewayError.class, () -> decoder.decode("error",
                "{\"type\": \"error\", \"error\": {\"type\": \"overloaded_error\", \"message\": \"Overloaded\"}}"
                        .getBytes(StandardCharsets.UTF_8)));
        assertThat(e.kind()).isEqualTo(Kind.OVERLOADED);
        assertThat(e.getMessage()).isEqualTo("Overloaded");

        GatewayError bad = catchThrowableOfType(GatewayError.class, () -> codec.streamDecoder().decode("message_start",
                "{oops".getBytes(StandardCharsets.UTF_8)));
        assertThat(bad.kind()).isEqualTo(Kind.UPSTREAM_FAILED);
    }

    @Test
    void streamEncoderReportsLateInputTokensAndErrors() {
        var encoder = codec.streamEncoder("gpt-4o", true);
        String start = new String(encoder.encode(new StreamEvent.Start("chatcmpl-1", "gpt-4o-2024", Usage.ZERO)), StandardCharsets.UTF_8);
        String delta = new String(encoder.encode(new StreamEvent.Delta(StopReason.CONTENT_FILTER, null,
                new Usage(1200, 30, 1000, 0, 0))), StandardCharsets.UTF_8);
        String error = new String(encoder.encodeError(new GatewayError(Kind.OVERLOADED, "busy")), StandardCharsets.UTF_8);

        assertThat(start).startsWith("event: message_start\ndata: ").contains("\"id\":\"msg_chatcmpl-1\"")
                .contains("\"model\":\"gpt-4o\"").endsWith("event: ping\ndata: {\"type\":\"ping\"}\n\n");
        assertThat(Golden.tree(Golden.frames(delta).get(0).data().getBytes())).isEqualTo(Golden.tree(("{\"type\":\"message_delta\","
                + "\"delta\":{\"stop_reason\":\"refusal\",\"stop_sequence\":null},\"usage\":{\"input_tokens\":200,"
                + "\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":1000,\"output_tokens\":30}}").getBytes()));
        assertThat(error).isEqualTo("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
                + "\"message\":\"busy\"}}\n\n");
    }

    @Test
    void modelListHasAnthropicsShape() {
        JsonNode list = Golden.tree(AnthropicCodec.encodeModelList(List.of(new ModelRouter.ModelInfo("local-claude-proxy", "contextgate"),
                new ModelRouter.ModelInfo("claude-sonnet-4-5", "anthropic"))));

        assertThat(list.at("/data/0/type").asText()).isEqualTo("model");
        assertThat(list.at("/data/1/id").asText()).isEqualTo("claude-sonnet-4-5");
        assertThat(list.at("/data/1/display_name").asText()).isEqualTo("claude-sonnet-4-5");
        assertThat(list.at("/data/1/created_at").asText()).isNotEmpty();
        assertThat(list.get("has_more").asBoolean()).isFalse();
        assertThat(list.get("first_id").asText()).isEqualTo("local-claude-proxy");
        assertThat(list.get("last_id").asText()).isEqualTo("claude-sonnet-4-5");
    }

    @Test
    void responseIdGetsTheMessagePrefixAndInputExcludesCache() {
        var response = new dev.contextgate.chat.ChatResponse("chatcmpl-9", "gpt-4o", List.of(new Content.Text("ok")),
                StopReason.MAX_TOKENS, null, new Usage(50, 5, 80, 0, 0));

        JsonNode body = Golden.tree(codec.encodeResponse(response, "gpt-4o"));

        assertThat(body.get("id").asText()).isEqualTo("msg_chatcmpl-9");
        assertThat(body.get("stop_reason").asText()).isEqualTo("max_tokens");
        assertThat(body.at("/usage/input_tokens").asInt()).isZero();
        assertThat(body.at("/usage/cache_read_input_tokens").asInt()).isEqualTo(80);
    }
}
