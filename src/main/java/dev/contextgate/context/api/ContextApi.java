package dev.contextgate.context.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.contextgate.chat.GatewayError;
import dev.contextgate.chat.Message;
import dev.contextgate.context.CanonicalJson;
import dev.contextgate.context.ContextInfo;
import dev.contextgate.context.ContextLocks;
import dev.contextgate.context.ContextPatch;
import dev.contextgate.context.ContextService;
import dev.contextgate.context.ContextStore;
import dev.contextgate.context.NewMessage;
import dev.contextgate.context.StoredMessage;
import dev.contextgate.context.TokenEstimator;
import dev.contextgate.dialect.Json;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The context API of DESIGN.md, free of HTTP. Contexts of another owner look exactly like missing
 * ones (404), so a key cannot even learn which ids others use.
 */
public final class ContextApi {

    static final String JSON = "application/json";
    private static final int DEFAULT_LIMIT = 20;
    private static final int MAX_LIMIT = 100;

    private final ContextService service;
    private final ContextStore store;
    private final TokenEstimator tokens;
    private final Clock clock;
    private final MessagesApi messages;
    private final SecureRandom random = new SecureRandom();

    public ContextApi(ContextService service, TokenEstimator tokens, WindowPreview preview, Clock clock) {
        this.service = service;
        this.store = service.store();
        this.tokens = tokens;
        this.clock = clock;
        this.messages = new MessagesApi(this, service, tokens, preview);
    }

    /** Shows what the next call to a model would send; the server supplies routing. */
    @FunctionalInterface
    public interface WindowPreview {
        ContextService.Window preview(ContextInfo context, String model);
    }

    public ApiExchange.Reply handle(ApiExchange x) {
        String[] parts = x.path().isEmpty() || x.path().equals("/") ? new String[0] : x.path().substring(1).split("/", -1);
        if (parts.length == 0) {
            return switch (x.method()) {
                case "POST" -> create(x);
                case "GET" -> list(x);
                default -> throw notAllowed(x);
            };
        }
        if (parts.length == 1 && parts[0].equals("import") && x.method().equals("POST")) {
            return messages.importLines(x);
        }
        String id = ContextService.checkId(parts[0]);
        if (parts.length == 1) {
            return switch (x.method()) {
                case "GET" -> ok(ContextJson.context(owned(id, x.owner())));
                case "PATCH" -> patch(id, x);
                case "DELETE" -> delete(id, x);
                default -> throw notAllowed(x);
            };
        }
        return messages.handle(id, parts, x);
    }

    /** {@code POST /context/update} with {@code {"context_id","messages"}}: append, creating the context. */
    public ApiExchange.Reply legacyUpdate(ApiExchange x) {
        ObjectNode body = ContextJson.object(x.body());
        String id = ContextService.checkId(ContextJson.text(body, "context_id", ""));
        ContextInfo context = store.getOrCreate(id, x.owner());
        if (!context.owner().equals(x.owner())) {
            throw missing(id);
        }
        List<StoredMessage> added = append(id, body.get("messages"));
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("context_id", id);
        out.put("appended", added.size());
        out.put("message_count", owned(id, x.owner()).messageCount());
        return ok(out);
    }

    /** {@code GET /context/retrieve?context_id=}: the context's messages, oldest first. */
    public ApiExchange.Reply legacyRetrieve(ApiExchange x) {
        String id = ContextService.checkId(x.query().get("context_id"));
        ContextInfo context = owned(id, x.owner());
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("context_id", id);
        out.put("system", context.system());
        ArrayNode list = out.putArray("messages");
        for (StoredMessage m : store.history(id)) {
            list.add(CanonicalJson.messageToJson(m));
        }
        return ok(out);
    }

    ContextInfo owned(String id, String owner) {
        return store.get(id).filter(c -> c.owner().equals(owner)).orElseThrow(() -> missing(id));
    }

    List<StoredMessage> append(String id, JsonNode list) {
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw GatewayError.invalid("messages", "messages is required: a non-empty list of {role, content}");
        }
        List<NewMessage> batch = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            Message m = CanonicalJson.messageFromJson(list.get(i), "messages[" + i + "]");
            batch.add(new NewMessage(m, list.get(i).path("model").asText(null), tokens.count(m)));
        }
        try (ContextLocks.Lease lease = service.lock(id)) {
            return store.append(id, batch);
        }
    }

    static GatewayError missing(String id) {
        return GatewayError.notFound("context \"" + id + "\" not found");
    }

    static GatewayError notAllowed(ApiExchange x) {
        return GatewayError.invalid(x.method() + " is not allowed on /v1/contexts" + x.path());
    }

    static int limit(Map<String, String> query) {
        String raw = query.get("limit");
        if (raw == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(raw);
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw GatewayError.invalid("limit", "limit must be a whole number from 1 to " + MAX_LIMIT + ", not \"" + raw + "\"");
    }

    static ApiExchange.Reply ok(JsonNode node) {
        return new ApiExchange.Reply(200, JSON, ContextJson.bytes(node));
    }

    private ApiExchange.Reply create(ApiExchange x) {
        ObjectNode body = ContextJson.object(x.body());
        ContextJson.onlyFields(body, "", "id", "system", "pins", "metadata", "max_tokens", "summarize");
        String id = ContextJson.optionalText(body, "id", "").map(ContextService::checkId)
                .orElseGet(() -> "ctx_" + HexFormat.of().formatHex(bytes12()));
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        ContextInfo created = store.create(new ContextInfo(id, x.owner(), now, now,
                ContextJson.optionalText(body, "system", "").orElse(null), ContextJson.pins(body.get("pins"), ""),
                ContextJson.metadata(body.get("metadata"), ""), ContextJson.optionalInt(body, "max_tokens", "").orElse(null),
                0, 0, ContextJson.summaryPolicy(body.get("summarize"), "")));
        return new ApiExchange.Reply(201, JSON, ContextJson.bytes(ContextJson.context(created)));
    }

    private byte[] bytes12() {
        byte[] b = new byte[12];
        random.nextBytes(b);
        return b;
    }

    private ApiExchange.Reply list(ApiExchange x) {
        int limit = limit(x.query());
        String after = x.query().get("after");
        List<ContextInfo> page = store.list(x.owner(), limit + 1, after);
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("object", "list");
        ArrayNode data = out.putArray("data");
        page.stream().limit(limit).forEach(c -> data.add(ContextJson.context(c)));
        out.put("has_more", page.size() > limit);
        out.put("first_id", page.isEmpty() ? null : page.getFirst().id());
        out.put("last_id", page.isEmpty() ? null : page.get(Math.min(limit, page.size()) - 1).id());
        return ok(out);
    }

    private ApiExchange.Reply patch(String id, ApiExchange x) {
        owned(id, x.owner());
        ObjectNode body = ContextJson.object(x.body());
        ContextJson.onlyFields(body, "", "system", "pins", "metadata", "max_tokens", "summarize");
        ContextPatch patch = new ContextPatch(
                body.has("system") ? ContextJson.optionalText(body, "system", "") : null,
                body.has("pins") ? ContextJson.pins(body.get("pins"), "") : null,
                body.has("metadata") ? ContextJson.metadata(body.get("metadata"), "") : null,
                body.has("max_tokens") ? ContextJson.optionalInt(body, "max_tokens", "") : null,
                body.has("summarize") ? Optional.ofNullable(ContextJson.summaryPolicy(body.get("summarize"), "")) : null);
        Optional<ContextInfo> changed = store.update(id, patch);
        return ok(ContextJson.context(changed.orElseThrow(() -> missing(id))));
    }

    private ApiExchange.Reply delete(String id, ApiExchange x) {
        owned(id, x.owner());
        try (ContextLocks.Lease lease = service.lock(id)) {
            store.delete(id);
        }
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("id", id);
        out.put("object", "context.deleted");
        out.put("deleted", true);
        return ok(out);
    }
}
