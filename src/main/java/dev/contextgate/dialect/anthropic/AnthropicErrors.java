package dev.contextgate.dialect.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.contextgate.chat.GatewayError;
import dev.contextgate.chat.GatewayError.Kind;
import dev.contextgate.dialect.ErrorResponse;
import dev.contextgate.dialect.Json;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/** Errors in Anthropic's shape, both ways: {@code {"type":"error","error":{"type","message"}}}. */
final class AnthropicErrors {

    private AnthropicErrors() {}

    /** Status and error type a client sees for each kind (DESIGN.md, errors table). */
    static ErrorResponse encode(GatewayError error) {
        int status = status(error.kind());
        Map<String, String> headers = error.kind() == Kind.RATE_LIMITED && error.retryAfterSeconds() != null
                ? Map.of("retry-after", Integer.toString(error.retryAfterSeconds()))
                : Map.of();
        return new ErrorResponse(status, body(error), headers);
    }

    static int status(Kind kind) {
        return switch (kind) {
            case INVALID_REQUEST, CONTEXT_LENGTH_EXCEEDED -> 400;
            case AUTHENTICATION -> 401;
            case PERMISSION -> 403;
            case NOT_FOUND -> 404;
            case REQUEST_TOO_LARGE -> 413;
            case RATE_LIMITED -> 429;
            case OVERLOADED, SATURATED -> 529;
            case UPSTREAM_FAILED -> 500;
            case TIMEOUT -> 504;
        };
    }

    static String type(Kind kind) {
        return switch (kind) {
            case INVALID_REQUEST, CONTEXT_LENGTH_EXCEEDED -> "invalid_request_error";
            case AUTHENTICATION -> "authentication_error";
            case PERMISSION -> "permission_error";
            case NOT_FOUND -> "not_found_error";
            case REQUEST_TOO_LARGE -> "request_too_large";
            case RATE_LIMITED -> "rate_limit_error";
            case OVERLOADED, SATURATED -> "overloaded_error";
            case UPSTREAM_FAILED, TIMEOUT -> "api_error";
        };
    }

    static byte[] body(GatewayError error) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("type", "error");
        ObjectNode inner = root.putObject("error");
        inner.put("type", type(error.kind()));
        inner.put("message", error.getMessage());
        return bytes(root);
    }

    /** Maps an upstream error response, keeping its message, status and retry-after. */
    static GatewayError decode(int status, byte[] body, Integer retryAfterSeconds) {
        String type = null;
        String message = null;
        try {
            JsonNode root = Json.MAPPER.readTree(body == null ? new byte[0] : body);
            JsonNode error = root == null ? null : root.get("error");
            if (error != null && error.isObject()) {
                type = textOrNull(error.get("type"));
                message = textOrNull(error.get("message"));
            }
        } catch (java.io.IOException e) {
            // not JSON: fall through to the raw-body message
        }
        if (message == null) {
            String raw = body == null ? "" : new String(body, StandardCharsets.UTF_8);
            message = "upstream returned HTTP " + status + ": " + (raw.length() > 200 ? raw.substring(0, 200) : raw);
        }
        return new GatewayError(kind(type, status, message), message, null, retryAfterSeconds, status);
    }

    /** The kind for an upstream error type (may be null) and HTTP status (0 inside a stream). */
    static Kind kind(String type, int status, String message) {
        if (type != null) {
            switch (type) {
                case "invalid_request_error" -> {
                    return message != null && message.toLowerCase(Locale.ROOT).contains("prompt is too long")
                            ? Kind.CONTEXT_LENGTH_EXCEEDED
                            : Kind.INVALID_REQUEST;
                }
                case "authentication_error" -> {
                    return Kind.AUTHENTICATION;
                }
                case "permission_error" -> {
                    return Kind.PERMISSION;
                }
                case "not_found_error" -> {
                    return Kind.NOT_FOUND;
                }
                case "request_too_large" -> {
                    return Kind.REQUEST_TOO_LARGE;
                }
                case "rate_limit_error" -> {
                    return Kind.RATE_LIMITED;
                }
                case "overloaded_error" -> {
                    return Kind.OVERLOADED;
                }
                case "timeout_error" -> {
                    return Kind.TIMEOUT;
                }
                case "api_error" -> {
                    return Kind.UPSTREAM_FAILED;
                }
                default -> { }
            }
        }
        return switch (status) {
            case 400 -> Kind.INVALID_REQUEST;
            case 401 -> Kind.AUTHENTICATION;
            case 403 -> Kind.PERMISSION;
            case 404 -> Kind.NOT_FOUND;
            case 413 -> Kind.REQUEST_TOO_LARGE;
            case 429 -> Kind.RATE_LIMITED;
            // 503 without an Anthropic error type comes from a proxy or load balancer in front of the
            // API: overloaded, as the OpenAI codec reads it, so both dialects see one kind for one failure.
            case 503, 529 -> Kind.OVERLOADED;
            case 408, 504 -> Kind.TIMEOUT;
            default -> status >= 400 && status < 500 ? Kind.INVALID_REQUEST : Kind.UPSTREAM_FAILED;
        };
    }

    /** The first line of a parse failure's message, without Jackson's source excerpt. */
    static String shortReason(java.io.IOException e) {
        String m = e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        m = m == null ? e.getClass().getSimpleName() : m;
        for (String cut : new String[] {"\n", " (for ", " at [Source:", "[Source:"}) {
            int at = m.indexOf(cut);
            m = at < 0 ? m : m.substring(0, at);
        }
        return m.strip();
    }

    static String textOrNull(JsonNode node) {
        return node != null && node.isTextual() ? node.asText() : null;
    }

    static byte[] bytes(JsonNode node) {
        try {
            return Json.MAPPER.writeValueAsBytes(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }
}
