package dev.contextgate.context.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.contextgate.chat.GatewayError;
import dev.contextgate.context.ContextInfo;
import dev.contextgate.context.SummaryPolicy;
import dev.contextgate.dialect.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The context object's JSON and the checks on what callers send to the context API. */
final class ContextJson {

    private ContextJson() {}

    static ObjectNode context(ContextInfo c) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("id", c.id());
        node.put("object", "context");
        node.put("created_at", c.createdAt().getEpochSecond());
        node.put("updated_at", c.updatedAt().getEpochSecond());
        node.put("system", c.system());
        ArrayNode pins = node.putArray("pins");
        c.pins().forEach(pins::add);
        ObjectNode metadata = node.putObject("metadata");
        c.metadata().forEach(metadata::put);
        if (c.maxTokens() == null) {
            node.putNull("max_tokens");
        } else {
            node.put("max_tokens", c.maxTokens());
        }
        node.put("message_count", c.messageCount());
        node.put("token_count", c.tokenCount());
        if (c.summarize() == null) {
            node.putNull("summarize");
        } else {
            node.putObject("summarize").put("model", c.summarize().model()).put("after_tokens", c.summarize().afterTokens());
        }
        return node;
    }

    /** The exact form export writes: times in milliseconds and the owner, so import loses nothing. */
    static ObjectNode exactContext(ContextInfo c) {
        ObjectNode node = context(c);
        node.put("created_at_ms", c.createdAt().toEpochMilli());
        node.put("updated_at_ms", c.updatedAt().toEpochMilli());
        return node;
    }

    static ContextInfo fromExact(JsonNode node, String owner, String path) {
        String id = text(node, "id", path);
        Instant created = Instant.ofEpochMilli(node.path("created_at_ms").asLong(node.path("created_at").asLong() * 1000));
        Instant updated = Instant.ofEpochMilli(node.path("updated_at_ms").asLong(node.path("updated_at").asLong() * 1000));
        return new ContextInfo(id, owner, created, updated, optionalText(node, "system", path).orElse(null),
                pins(node.get("pins"), path), metadata(node.get("metadata"), path),
                optionalInt(node, "max_tokens", path).orElse(null),
                node.path("message_count").asInt(), node.path("token_count").asLong(),
                summaryPolicy(node.get("summarize"), path));
    }

    static ObjectNode object(byte[] body) {
        if (body == null || body.length == 0) {
            return Json.MAPPER.createObjectNode();
        }
        JsonNode node = parse(body);
        if (!node.isObject()) {
            throw GatewayError.invalid("The request body must be a JSON object");
        }
        return (ObjectNode) node;
    }

    static JsonNode parse(byte[] body) {
        try {
            return Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw GatewayError.invalid("The request body is not valid JSON: " + e.getOriginalMessage()
                    + " at line " + e.getLocation().getLineNr() + " column " + e.getLocation().getColumnNr());
        } catch (java.io.IOException e) {
            throw GatewayError.invalid("The request body could not be read: " + e.getMessage());
        }
    }

    static byte[] bytes(JsonNode node) {
        try {
            return Json.MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static void onlyFields(JsonNode node, String path, String... allowed) {
        List<String> known = List.of(allowed);
        for (var it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!known.contains(name)) {
                throw GatewayError.invalid(name, (path.isEmpty() ? "" : path + ".") + name
                        + " is not a field here: use " + String.join(", ", known));
            }
        }
    }

    static String text(JsonNode node, String field, String path) {
        return optionalText(node, field, path).orElseThrow(
                () -> GatewayError.invalid(field, where(path, field) + " is required and must be a string"));
    }

    static Optional<String> optionalText(JsonNode node, String field, String path) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isTextual()) {
            throw GatewayError.invalid(field, where(path, field) + " must be a string");
        }
        return Optional.of(v.asText());
    }

    static Optional<Integer> optionalInt(JsonNode node, String field, String path) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 0) {
            throw GatewayError.invalid(field, where(path, field) + " must be a whole number of 0 or more");
        }
        return Optional.of(v.asInt());
    }

    static SummaryPolicy summaryPolicy(JsonNode v, String path) {
        if (v == null || v.isNull()) {
            return null;
        }
        String where = where(path, "summarize");
        if (!v.isObject() || !v.path("model").isTextual() || !v.path("after_tokens").canConvertToInt()
                || v.path("after_tokens").asInt() < 1) {
            throw GatewayError.invalid("summarize", where
                    + " must be {\"model\": \"MODEL\", \"after_tokens\": N} with N of 1 or more, or null");
        }
        return new SummaryPolicy(v.get("model").asText(), v.get("after_tokens").asInt());
    }

    static List<String> pins(JsonNode v, String path) {
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw GatewayError.invalid("pins", where(path, "pins") + " must be a list of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode p : v) {
            if (!p.isTextual()) {
                throw GatewayError.invalid("pins", where(path, "pins") + " must be a list of strings");
            }
            out.add(p.asText());
        }
        return out;
    }

    static Map<String, String> metadata(JsonNode v, String path) {
        if (v == null || v.isNull()) {
            return Map.of();
        }
        if (!v.isObject()) {
            throw GatewayError.invalid("metadata", where(path, "metadata") + " must be an object of string values");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (var it = v.fields(); it.hasNext(); ) {
            var e = it.next();
            if (!e.getValue().isTextual()) {
                throw GatewayError.invalid("metadata", where(path, "metadata." + e.getKey()) + " must be a string");
            }
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    private static String where(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }
}
