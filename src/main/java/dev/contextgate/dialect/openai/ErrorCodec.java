package dev.contextgate.dialect.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.contextgate.chat.GatewayError;
import dev.contextgate.chat.GatewayError.Kind;
import dev.contextgate.dialect.ErrorResponse;
import dev.contextgate.dialect.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * Errors in OpenAI's shape, {@code {"error":{"message","type","param","code"}}}, both ways.
 *
 * <p>Status, type and code by kind, following what api.openai.com itself sends:
 * <pre>
 * INVALID_REQUEST          400 invalid_request_error  code null
 * AUTHENTICATION           401 invalid_request_error  invalid_api_key
 * PERMISSION               403 invalid_request_error  permission_denied
 * NOT_FOUND                404 invalid_request_error  model_not_found, param "model" (a model), else not_found
 * CONTEXT_LENGTH_EXCEEDED  400 invalid_request_error  context_length_exceeded, param "messages"
 * REQUEST_TOO_LARGE        413 invalid_request_error  request_too_large
 * RATE_LIMITED             429 rate_limit_exceeded    rate_limit_exceeded, plus Retry-After when known
 * OVERLOADED, SATURATED    503 server_error           overloaded
 * UPSTREAM_FAILED          502 server_error           upstream_error
 * TIMEOUT                  504 server_error           timeout
 * </pre>
 * A NOT_FOUND without a param is taken to be about a model when its message mentions one: the router's
 * errors carry no param, and the context API's ids are created on first use.
 */
final class ErrorCodec {

    private ErrorCodec() {}

    static ErrorResponse encode(GatewayError error) {
        Map<String, String> headers = error.retryAfterSeconds() == null
                ? Map.of()
                : Map.of("Retry-After", Integer.toString(error.retryAfterSeconds()));
        return new ErrorResponse(status(error.kind()), body(error), headers);
    }

    static int status(Kind kind) {
        return switch (kind) {
            case INVALID_REQUEST, CONTEXT_LENGTH_EXCEEDED -> 400;
            case AUTHENTICATION -> 401;
            case PERMISSION -> 403;
            case NOT_FOUND -> 404;
            case REQUEST_TOO_LARGE -> 413;
            case RATE_LIMITED -> 429;
            case OVERLOADED, SATURATED -> 503;
            case UPSTREAM_FAILED -> 502;
            case TIMEOUT -> 504;
        };
    }

    static byte[] body(GatewayError error) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        writeError(root.putObject("error"), error);
        try {
            return Json.MAPPER.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write an OpenAI error", e);
        }
    }

    private static void writeError(ObjectNode node, GatewayError error) {
        String type;
        String code;
        String param = error.param();
        switch (error.kind()) {
            case INVALID_REQUEST -> {
                type = "invalid_request_error";
                code = null;
            }
            case AUTHENTICATION -> {
                type = "invalid_request_error";
                code = "invalid_api_key";
            }
            case PERMISSION -> {
                type = "invalid_request_error";
                code = "permission_denied";
            }
            case NOT_FOUND -> {
                type = "invalid_request_error";
                boolean aboutModel = "model".equals(param)
                        || (param == null && error.getMessage().toLowerCase(Locale.ROOT).contains("model"));
                code = aboutModel ? "model_not_found" : "not_found";
                param = aboutModel ? "model" : param;
            }
            case CONTEXT_LENGTH_EXCEEDED -> {
                type = "invalid_request_error";
                code = "context_length_exceeded";
                param = param == null ? "messages" : param;
            }
            case REQUEST_TOO_LARGE -> {
                type = "invalid_request_error";
                code = "request_too_large";
            }
            case RATE_LIMITED -> {
                type = "rate_limit_exceeded";
                code = "rate_limit_exceeded";
            }
            case OVERLOADED, SATURATED -> {
                type = "server_error";
                code = "overloaded";
            }
            case UPSTREAM_FAILED -> {
                type = "server_error";
                code = "upstream_error";
            }
            case TIMEOUT -> {
                type = "server_error";
                code = "timeout";
            }
            default -> throw new IllegalStateException();
        }
        node.put("message", error.getMessage());
        node.put("type", type);
        node.put("param", param);
        node.put("code", code);
    }

    // ---- provider side ----

    static GatewayError decode(int status, byte[] body, Integer retryAfterSeconds) {
        JsonNode error = errorObject(body);
        String message;
        String code = null;
        String param = null;
        if (error != null) {
            message = "upstream: " + error.path("message").asText("HTTP " + status);
            code = error.path("code").isValueNode() ? error.path("code").asText(null) : null;
            param = error.path("param").isTextual() ? error.path("param").asText() : null;
        } else {
            message = "upstream returned HTTP " + status + ": " + preview(body);
        }
        Kind kind = switch (status) {
            case 400 -> "context_length_exceeded".equals(code) ? Kind.CONTEXT_LENGTH_EXCEEDED : Kind.INVALID_REQUEST;
            case 401 -> Kind.AUTHENTICATION;
            case 403 -> Kind.PERMISSION;
            case 404 -> Kind.NOT_FOUND;
            case 413 -> Kind.REQUEST_TOO_LARGE;
            case 429 -> Kind.RATE_LIMITED;
            case 503 -> Kind.OVERLOADED;
            case 408, 504 -> Kind.TIMEOUT;
            default -> status >= 500 ? Kind.UPSTREAM_FAILED : Kind.INVALID_REQUEST;
        };
        return new GatewayError(kind, message, param, retryAfterSeconds, status);
    }

    /** An {@code error} object sent inside a stream, mapped by its type and code (there is no status). */
    static GatewayError decodeStreamError(JsonNode error) {
        String message = "upstream: " + error.path("message").asText("the stream failed");
        String type = error.path("type").asText("");
        String code = error.path("code").isValueNode() ? error.path("code").asText("") : "";
        Kind kind;
        if (code.equals("context_length_exceeded")) {
            kind = Kind.CONTEXT_LENGTH_EXCEEDED;
        } else if (code.equals("rate_limit_exceeded") || type.equals("rate_limit_exceeded")
                || type.equals("rate_limit_error")) {
            kind = Kind.RATE_LIMITED;
        } else if (code.equals("overloaded") || type.equals("overloaded_error")) {
            kind = Kind.OVERLOADED;
        } else if (type.equals("invalid_request_error")) {
            kind = Kind.INVALID_REQUEST;
        } else {
            kind = Kind.UPSTREAM_FAILED;
        }
        return new GatewayError(kind, message, error.path("param").isTextual() ? error.path("param").asText() : null,
                null, 0);
    }

    /** {@code {"error":{...}}}, or a bare {@code {"message":...}} some compatible servers send. */
    private static JsonNode errorObject(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            JsonNode root = Json.MAPPER.readTree(body);
            if (root == null || !root.isObject()) {
                return null;
            }
            JsonNode error = root.get("error");
            if (error != null && error.isObject() && error.path("message").isTextual()) {
                return error;
            }
            if (error != null && error.isTextual()) {
                return Json.MAPPER.createObjectNode().put("message", error.asText());
            }
            return root.path("message").isTextual() ? root : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The first 200 characters of a body, for messages about bodies we could not read. */
    static String preview(byte[] body) {
        if (body == null) {
            return "";
        }
        String text = new String(body, StandardCharsets.UTF_8).strip();
        return text.length() <= 200 ? text : text.substring(0, 200);
    }
}
