package dev.contextgate.dialect;

import java.util.Map;

/** An error as a dialect renders it: HTTP status, JSON body and headers such as {@code Retry-After}. */
public record ErrorResponse(int status, byte[] body, Map<String, String> headers) {
    public ErrorResponse {
        headers = Map.copyOf(headers);
    }
}
