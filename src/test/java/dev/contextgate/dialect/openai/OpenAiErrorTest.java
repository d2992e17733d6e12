package dev.contextgate.dialect.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.contextgate.chat.GatewayError;
import dev.contextgate.chat.GatewayError.Kind;
import dev.contextgate.dialect.ErrorResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpenAiErrorTest {

    private final OpenAiCodec codec = new OpenAiCodec();

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
        "INVALID_REQUEST, 400, invalid_request_error, null",
        "AUTHENTICATION, 401, invalid_request_error, invalid_api_key",
        "PERMISSION, 403, invalid_request_error, permission_denied",
        "NOT_FOUND, 404, invalid_request_error, model_not_found",
        "CONTEXT_LENGTH_EXCEEDED, 400, invalid_request_error, context_length_exceeded",
        "REQUEST_TOO_LARGE, 413, invalid_request_error, request_too_large",
        "RATE_LIMITED, 429, rate_limit_exceeded, rate_limit_exceeded",
        "OVERLOADED, 503, server_error, overloaded",
        "SATURATED, 503, server_error, overloaded",
        "UPSTREAM_FAILED, 502, server_error, upstream_error",
        "TIMEOUT, 504, server_error, timeout",
    })
    void everyKindHasItsStatusTypeAndCode(Kind kind, int status, String type, String code) {
        ErrorResponse response = codec.encodeError(new GatewayError(kind, "the model 'x' failed"));
        JsonNode error = Golden.tree(response.body()).path("error");

        assertThat(response.status()).isEqualTo(status);
        assertThat(error.path("message").asText()).isEqualTo("the model 'x' failed");
        assertThat(error.path("type").asText()).isEqualTo(type);
        assertThat(error.path("code").isNull() ? null : error.path("code").asText()).isEqualTo(code);
        assertThat(error.has("param")).isTrue();
        assertThat(response.headers()).isEmpty();
    }

    @Test
    void rateLimitCarriesRetryAfter() {
        ErrorResponse response = codec.encodeError(new GatewayError(Kind.RATE_LIMITED, "slow down", null, 7, 429));

        assertThat(response.headers()).isEqualTo(Map.of("Retry-After", "7"));
    }

    @Test
    void notFoundAboutAModelNamesTheModelParamAndOtherwiseNot() {
        JsonNode model = Golden.tree(codec.encodeError(GatewayError.notFound("The model 'gpt-9' does not exist")).body());
        JsonNode context = Golden.tree(codec.encodeError(
                new GatewayError(Kind.NOT_FOUND, "no context 'abc'", "context_id", null, 0)).body());

        assertThat(model.path("error").path("param").asText()).isEqualTo("model");
        assertThat(model.path("error").path("code").asText()).isEqualTo("model_not_found");
        assertThat(context.path("error").path("param").asText()).isEqualTo("context_id");
        assertThat(context.path("error").path("code").asText()).isEqualTo("not_found");
    }

    @ParameterizedTest
    @CsvSource({
        "400, invalid_request_error, null, INVALID_REQUEST",
        "400, invalid_request_error, context_length_exceeded, CONTEXT_LENGTH_EXCEEDED",
        "401, invalid_request_error, invalid_api_key, AUTHENTICATION",
        "403, invalid_request_error, null, PERMISSION",
        "404, invalid_request_error, model_not_found, NOT_FOUND",
        "408, server_error, null, TIMEOUT",
        "409, invalid_request_error, null, INVALID_REQUEST",
        "413, invalid_request_error, null, REQUEST_TOO_LARGE",
        "429, requests, rate_limit_exceeded, RATE_LIMITED",
        "500, server_error, null, UPSTREAM_FAILED",
        "502, server_error, null, UPSTREAM_FAILED",
        "503, server_error, null, OVERLOADED",
        "504, server_error, null, TIMEOUT",
    })
    void upstreamStatusesMapIntoTheTaxonomy(int status, String type, String code, Kind kind) {
        String body = "{\"error\":{\"message\":\"This went wrong.\",\"type\":\"" + type + "\",\"param\":null,"
                + "\"code\":" + (code.equals("null") ? "null" : "\"" + code + "\"") + "}}";

        GatewayError error = codec.decodeError(status, body.getBytes(StandardCharsets.UTF_8), 3);

        assertThat(error.kind()).isEqualTo(kind);
        assertThat(error.getMessage()).isEqualTo("upstream: This went wrong.");
        assertThat(error.upstreamStatus()).isEqualTo(status);
        assertThat(error.retryAfterSeconds()).isEqualTo(3);
    }

    @Test
    void unreadableUpstreamBodyIsQuotedShort() {
        String html = "<html>" + "x".repeat(500) + "</html>";

        GatewayError error = codec.decodeError(502, html.getBytes(StandardCharsets.UTF_8), null);

        assertThat(error.kind()).isEqualTo(Kind.UPSTREAM_FAILED);
        assertThat(error.getMessage()).isEqualTo("upstream returned HTTP 502: " + html.substring(0, 200));
        assertThat(error.retryAfterSeconds()).isNull();
    }

    @Test
    void streamErrorFrameHasTheErrorBodyAndNoDone() {
        byte[] frame = codec.streamEncoder("gpt-4o", false)
                .encodeError(new GatewayError(Kind.OVERLOADED, "busy"));
        String text = new String(frame, StandardCharsets.UTF_8);

        assertThat(text).startsWith("data: {").endsWith("}\n\n").doesNotContain("[DONE]");
        assertThat(Golden.tree(Golden.sseData(text).getFirst()).path("error").path("code").asText())
                .isEqualTo("overloaded");
    }
}
