package dev.contextgate.observe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.contextgate.chat.GatewayError;
import dev.contextgate.dialect.Json;
import dev.contextgate.server.Exchange;
import dev.contextgate.server.RouteTable;
import dev.contextgate.server.Routes;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code GET /v1/logs}: the caller's own request log rows, newest first, in OpenAI's list shape.
 * Filters {@code model}, {@code status} ({@code 429} or {@code 4xx}), {@code since}/{@code until}
 * (epoch seconds or ISO-8601), {@code context_id}; pages with {@code limit} and {@code after}.
 */
public final class RequestLogRoutes implements Routes {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;
    private static final Pattern STATUS = Pattern.compile("[1-5]([0-9]{2}|xx)");

    private final RequestLogStore store;

    public RequestLogRoutes(RequestLogStore store) {
        this.store = store;
    }

    @Override
    public void register(RouteTable table) {
        table.add("GET", "/v1/logs", exchange -> exchange.respondJson(200, list(exchange)));
    }

    private byte[] list(Exchange exchange) {
        Map<String, String> q = exchange.query();
        int limit = limit(q.get("limit"));
        String after = blankToNull(q.get("after"));
        long afterSeq = 0;
        if (after != null) {
            try {
                afterSeq = Long.parseLong(after.startsWith("log_") ? after.substring(4) : after);
            } catch (NumberFormatException e) {
                throw GatewayError.invalid("after", "after '" + after + "' is not a log id (log_N, from a previous page)");
            }
        }
        Integer statusMin = null;
        Integer statusMax = null;
        String status = blankToNull(q.get("status"));
        if (status != null) {
            if (!STATUS.matcher(status).matches()) {
                throw GatewayError.invalid("status", "status '" + status + "' is not an HTTP status (429) or a class (4xx)");
            }
            if (status.endsWith("xx")) {
                statusMin = (status.charAt(0) - '0') * 100;
                statusMax = statusMin + 99;
            } else {
                statusMin = Integer.parseInt(status);
                statusMax = statusMin;
            }
        }
        // One more than asked: whether there is another page.
        List<RequestLogEntry> rows = store.find(new RequestLogStore.Query(exchange.owner(), blankToNull(q.get("model")),
                statusMin, statusMax, time(q.get("since"), "since"), time(q.get("until"), "until"),
                blankToNull(q.get("context_id")), limit + 1, afterSeq));
        boolean hasMore = rows.size() > limit;
        List<RequestLogEntry> page = hasMore ? rows.subList(0, limit) : rows;
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("object", "list");
        ArrayNode data = body.putArray("data");
        page.forEach(e -> data.add(json(e)));
        body.put("first_id", page.isEmpty() ? null : page.get(0).id());
        body.put("last_id", page.isEmpty() ? null : page.get(page.size() - 1).id());
        body.put("has_more", hasMore);
        try {
            return Json.MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode json(RequestLogEntry e) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("id", e.id());
        o.put("object", "request_log");
        o.put("created_at", e.time().getEpochSecond());
        o.put("time", e.time().toString());
        o.put("request_id", e.requestId());
        o.put("key", e.owner().isEmpty() ? null : e.owner());
        o.put("route", e.route());
        o.put("dialect", e.dialect());
        o.put("requested_model", e.requestedModel());
        o.put("model", e.model());
        o.put("provider", e.provider());
        o.put("status", e.status());
        o.put("error_kind", e.errorKind());
        o.put("input_tokens", e.inputTokens());
        o.put("output_tokens", e.outputTokens());
        o.put("latency_ms", Math.round(e.latencyMs() * 100) / 100.0);
        o.put("overhead_ms", Math.round(e.overheadMs() * 100) / 100.0);
        o.put("streamed", e.streamed());
        o.put("context_id", e.contextId());
        if (e.requestBody() != null) {
            o.put("request_body", e.requestBody());
        }
        if (e.responseBody() != null) {
            o.put("response_body", e.responseBody());
        }
        return o;
    }

    private static int limit(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(text.strip());
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw GatewayError.invalid("limit", "limit '" + text + "' must be a whole number from 1 to " + MAX_LIMIT);
    }

    /** Epoch seconds, or an ISO-8601 instant ({@code 2025-01-31T12:00:00Z}, offsets allowed). */
    static Instant time(String text, String name) {
        String t = blankToNull(text);
        if (t == null) {
            return null;
        }
        try {
            return Instant.ofEpochSecond(Long.parseLong(t));
        } catch (NumberFormatException e) {
            // not seconds; try ISO-8601
        }
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            throw GatewayError.invalid(name, name + " '" + t + "' is neither epoch seconds nor an ISO-8601 time"
                    + " such as 2025-01-31T12:00:00Z");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
