package dev.contextgate.context.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.contextgate.chat.Content;
import dev.contextgate.chat.GatewayError;
import dev.contextgate.chat.Message;
import dev.contextgate.chat.Role;
import dev.contextgate.context.CanonicalJson;
import dev.contextgate.context.ContextInfo;
import dev.contextgate.context.ContextLocks;
import dev.contextgate.context.ContextService;
import dev.contextgate.context.ContextStore;
import dev.contextgate.context.ContextSummary;
import dev.contextgate.context.NewMessage;
import dev.contextgate.context.StoredMessage;
import dev.contextgate.context.TokenEstimator;
import dev.contextgate.context.WindowFitter;
import dev.contextgate.dialect.Json;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The calls below one context: messages, prune, window, export and import. */
final class MessagesApi {

    private final ContextApi contexts;
    private final ContextService service;
    private final ContextStore store;
    private final TokenEstimator tokens;
    private final ContextApi.WindowPreview preview;

    MessagesApi(ContextApi contexts, ContextService service, TokenEstimator tokens, ContextApi.WindowPreview preview) {
        this.contexts = contexts;
        this.service = service;
        this.store = service.store();
        this.tokens = tokens;
        this.preview = preview;
    }

    ApiExchange.Reply handle(String id, String[] parts, ApiExchange x) {
        ContextInfo context = contexts.owned(id, x.owner());
        String what = parts[1];
        String key = x.method() + " " + what + (parts.length > 2 ? "/{mid}" : "");
        if (parts.length > 3) {
            throw GatewayError.notFound("no such path: /v1/contexts" + x.path());
        }
        return switch (key) {
            case "GET messages" -> list(id, x);
            case "POST messages" -> append(id, x);
            case "PATCH messages/{mid}" -> edit(id, parts[2], x);
            case "DELETE messages/{mid}" -> remove(id, parts[2]);
            case "POST prune" -> prune(id, x);
            case "GET window" -> window(context, x);
            case "GET export" -> export(context);
            default -> throw GatewayError.notFound("no such call: " + x.method() + " /v1/contexts" + x.path());
        };
    }

    ApiExchange.Reply importLines(ApiExchange x) {
        String text = new String(x.body(), StandardCharsets.UTF_8);
        String[] lines = text.split("\r?\n");
        List<String> imported = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            String path = "line " + (i + 1);
            JsonNode line = ContextJson.parse(lines[i].getBytes(StandardCharsets.UTF_8));
            JsonNode ctx = line.get("context");
            JsonNode msgs = line.get("messages");
            if (ctx == null || !ctx.isObject() || msgs == null || !msgs.isArray()) {
                throw GatewayError.invalid(path + ": each line must be {\"context\": {...}, \"messages\": [...]}, as export writes");
            }
            ContextInfo info = ContextJson.fromExact(ctx, x.owner(), path + ".context");
            ContextService.checkId(info.id());
            List<StoredMessage> messages = new ArrayList<>(msgs.size());
            for (int m = 0; m < msgs.size(); m++) {
                JsonNode node = msgs.get(m);
                String mpath = path + ".messages[" + m + "]";
                Message message = CanonicalJson.messageFromJson(node, mpath);
                messages.add(new StoredMessage(ContextJson.text(node, "id", mpath), node.path("seq").asLong(m + 1L),
                        message, node.path("model").asText(null),
                        Instant.ofEpochMilli(node.path("created_at_ms").asLong(node.path("created_at").asLong() * 1000)),
                        node.has("tokens") ? node.get("tokens").asInt() : tokens.count(message)));
            }
            store.restore(info, messages);
            JsonNode summary = line.get("summary");
            if (summary != null && summary.isObject()) {
                store.saveSummary(info.id(), 0, new ContextSummary(ContextJson.text(summary, "text", path + ".summary"),
                        summary.path("through_seq").asLong(), summary.path("tokens").asInt()));
            }
            imported.add(info.id());
        }
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("object", "list");
        ArrayNode data = out.putArray("data");
        imported.forEach(id -> data.add(ContextJson.context(store.get(id).orElseThrow())));
        return new ApiExchange.Reply(201, ContextApi.JSON, ContextJson.bytes(out));
    }

    private ApiExchange.Reply list(String id, ApiExchange x) {
        int limit = ContextApi.limit(x.query());
        String order = x.query().getOrDefault("order", "asc");
        if (!order.equals("asc") && !order.equals("desc")) {
            throw GatewayError.invalid("order", "order must be \"asc\" or \"desc\", not \"" + order + "\"");
        }
        List<StoredMessage> page = store.messages(id, limit + 1, x.query().get("after"), order.equals("desc"));
        return ContextApi.ok(page(page, limit));
    }

    private ApiExchange.Reply append(String id, ApiExchange x) {
        ObjectNode body = ContextJson.object(x.body());
        ContextJson.onlyFields(body, "", "messages");
        List<StoredMessage> added = contexts.append(id, body.get("messages"));
        return new ApiExchange.Reply(201, ContextApi.JSON, ContextJson.bytes(page(added, added.size())));
    }

    private ApiExchange.Reply edit(String id, String messageId, ApiExchange x) {
        ObjectNode body = ContextJson.object(x.body());
        ContextJson.onlyFields(body, "", "role", "content", "model");
        try (ContextLocks.Lease lease = service.lock(id)) {
            StoredMessage old = find(id, messageId);
            ObjectNode merged = body.deepCopy();
            if (!merged.has("role")) {
                merged.put("role", old.message().role() == Role.USER ? "user" : "assistant");
            }
            Message m = CanonicalJson.messageFromJson(merged, "body");
            StoredMessage changed = store.replaceMessage(id, messageId,
                    new NewMessage(m, body.path("model").asText(null), tokens.count(m))).orElseThrow();
            return ContextApi.ok(CanonicalJson.messageToJson(changed));
        }
    }

    /** Removes a message; a tool call and its result go together, so removing one removes its partner. */
    private ApiExchange.Reply remove(String id, String messageId) {
        try (ContextLocks.Lease lease = service.lock(id)) {
            StoredMessage target = find(id, messageId);
            Set<String> toolIds = toolIds(target.message());
            Set<String> ids = new LinkedHashSet<>();
            ids.add(messageId);
            if (!toolIds.isEmpty()) {
                for (StoredMessage m : store.history(id)) {
                    if (!java.util.Collections.disjoint(toolIds(m.message()), toolIds)) {
                        ids.add(m.id());
                    }
                }
            }
            return ContextApi.ok(removed(store.removeMessages(id, ids), id));
        }
    }

    private ApiExchange.Reply prune(String id, ApiExchange x) {
        ObjectNode body = ContextJson.object(x.body());
        ContextJson.onlyFields(body, "", "keep_last", "before", "max_tokens");
        if (body.size() != 1) {
            throw GatewayError.invalid("prune takes exactly one of keep_last, before, max_tokens");
        }
        try (ContextLocks.Lease lease = service.lock(id)) {
            List<StoredMessage> history = store.history(id);
            int cut; // history[0, cut) goes, moved back to a turn's start so no tool call loses its result
            if (body.has("keep_last")) {
                int keep = ContextJson.optionalInt(body, "keep_last", "").orElseThrow();
                cut = turnStartAtOrBefore(history, Math.max(0, history.size() - keep));
            } else if (body.has("before")) {
                String before = ContextJson.text(body, "before", "");
                int at = indexOf(history, before);
                if (at < 0) {
                    throw GatewayError.invalid("before", "before: no message \"" + before + "\" in context \"" + id + "\"");
                }
                cut = turnStartAtOrBefore(history, at);
            } else {
                int max = ContextJson.optionalInt(body, "max_tokens", "").orElseThrow();
                cut = WindowFitter.fit(history, 0, max).dropped().size();
            }
            List<String> ids = history.subList(0, cut).stream().map(StoredMessage::id).toList();
            return ContextApi.ok(removed(store.removeMessages(id, ids), id));
        }
    }

    private ApiExchange.Reply window(ContextInfo context, ApiExchange x) {
        String model = x.query().get("model");
        if (model == null || model.isBlank()) {
            throw GatewayError.invalid("model", "model is required: /v1/contexts/{id}/window?model=MODEL");
        }
        ContextService.Window w = preview.preview(context, model);
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("object", "context.window");
        out.put("context_id", context.id());
        out.put("model", model);
        out.put("system", w.system());
        ArrayNode list = out.putArray("messages");
        w.kept().forEach(m -> list.add(CanonicalJson.messageToJson(m)));
        out.put("tokens", w.tokens());
        out.put("budget", w.budget());
        out.put("context_window", w.limits().contextWindow());
        out.put("max_output_tokens", w.limits().maxOutputTokens());
        ArrayNode dropped = out.putArray("left_out");
        w.dropped().forEach(m -> dropped.add(m.id()));
        out.put("left_out_count", w.dropped().size());
        return ContextApi.ok(out);
    }

    private ApiExchange.Reply export(ContextInfo context) {
        ObjectNode line = Json.MAPPER.createObjectNode();
        line.set("context", ContextJson.exactContext(context));
        ArrayNode list = line.putArray("messages");
        for (StoredMessage m : store.history(context.id())) {
            ObjectNode node = CanonicalJson.messageToJson(m);
            node.put("seq", m.seq());
            node.put("created_at_ms", m.createdAt().toEpochMilli());
            list.add(node);
        }
        ContextSummary summary = store.summary(context.id());
        if (!summary.isEmpty()) {
            line.putObject("summary").put("text", summary.text()).put("through_seq", summary.throughSeq())
                    .put("tokens", summary.tokens());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ContextJson.bytes(line));
        out.write('\n');
        return new ApiExchange.Reply(200, "application/x-ndjson", out.toByteArray());
    }

    private StoredMessage find(String id, String messageId) {
        return store.history(id).stream().filter(m -> m.id().equals(messageId)).findFirst()
                .orElseThrow(() -> GatewayError.notFound("message \"" + messageId + "\" not found in context \"" + id + "\""));
    }

    private ObjectNode removed(List<StoredMessage> removed, String id) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("object", "list");
        ArrayNode ids = out.putArray("removed");
        removed.forEach(m -> ids.add(m.id()));
        out.put("removed_count", removed.size());
        out.set("context", ContextJson.context(store.get(id).orElseThrow()));
        return out;
    }

    private static ObjectNode page(List<StoredMessage> page, int limit) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("object", "list");
        ArrayNode data = out.putArray("data");
        List<StoredMessage> shown = page.subList(0, Math.min(limit, page.size()));
        shown.forEach(m -> data.add(CanonicalJson.messageToJson(m)));
        out.put("has_more", page.size() > limit);
        out.put("first_id", shown.isEmpty() ? null : shown.getFirst().id());
        out.put("last_id", shown.isEmpty() ? null : shown.getLast().id());
        return out;
    }

    private static Set<String> toolIds(Message m) {
        Set<String> ids = new LinkedHashSet<>();
        for (Content c : m.content()) {
            switch (c) {
                case Content.ToolUse u -> ids.add(u.id());
                case Content.ToolResult r -> ids.add(r.toolUseId());
                default -> { }
            }
        }
        return ids;
    }

    private static int indexOf(List<StoredMessage> history, String id) {
        for (int i = 0; i < history.size(); i++) {
            if (history.get(i).id().equals(id)) {
                return i;
            }
        }
        return -1;
    }

    private static int turnStartAtOrBefore(List<StoredMessage> history, int index) {
        int start = 0;
        int seen = 0;
        for (List<StoredMessage> turn : WindowFitter.turns(history)) {
            if (seen > index) {
                break;
            }
            start = seen;
            seen += turn.size();
        }
        return index >= history.size() ? history.size() : start;
    }
}
