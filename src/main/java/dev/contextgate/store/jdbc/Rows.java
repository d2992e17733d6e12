package dev.contextgate.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.contextgate.chat.GatewayError;
import dev.contextgate.chat.Message;
import dev.contextgate.chat.Role;
import dev.contextgate.context.CanonicalJson;
import dev.contextgate.context.ContextInfo;
import dev.contextgate.context.StoredMessage;
import dev.contextgate.context.SummaryPolicy;
import dev.contextgate.dialect.Json;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Rows to records and back: the column lists, reads, binds and the JSON kept in text columns. */
final class Rows {

    static final String CONTEXT_COLUMNS =
            "id, owner, created_at, updated_at, system_prompt, pins, metadata, max_tokens, message_count, token_count, summarize";
    static final String MESSAGE_COLUMNS = "id, seq, role, content, model, created_at, tokens";
    /** Binds the context id as 1 and the message with {@link #bindMessage}. */
    static final String INSERT_MESSAGE =
            "INSERT INTO messages (context_id, " + MESSAGE_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

    private Rows() {}

    static void insert(Sql sql, ContextInfo c) throws SQLException {
        try (CachedStatement ps = sql.prepare("INSERT INTO contexts (" + CONTEXT_COLUMNS
                + ", next_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)")) {
            ps.setString(1, c.id());
            ps.setString(2, c.owner());
            ps.setLong(3, c.createdAt().toEpochMilli());
            ps.setLong(4, c.updatedAt().toEpochMilli());
            ps.setString(5, c.system());
            ps.setString(6, toJson(c.pins()));
            ps.setString(7, toJson(c.metadata()));
            setInteger(ps, 8, c.maxTokens());
            ps.setInt(9, c.messageCount());
            ps.setLong(10, c.tokenCount());
            ps.setString(11, policyJson(c.summarize()));
            ps.executeUpdate();
        }
    }

    static Optional<ContextInfo> find(Sql sql, String id) throws SQLException {
        try (CachedStatement ps = sql.prepare("SELECT " + CONTEXT_COLUMNS + " FROM contexts WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(readContext(rs)) : Optional.empty();
            }
        }
    }

    static Optional<StoredMessage> findMessage(Sql sql, String contextId, String id) throws SQLException {
        try (CachedStatement ps = sql.prepare(
                "SELECT " + MESSAGE_COLUMNS + " FROM messages WHERE context_id = ? AND id = ?")) {
            ps.setString(1, contextId);
            ps.setString(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(readMessage(rs)) : Optional.empty();
            }
        }
    }

    static Long seqOf(Sql sql, String contextId, String messageId) throws SQLException {
        Optional<StoredMessage> m = findMessage(sql, contextId, messageId);
        if (m.isEmpty()) {
            throw GatewayError.invalid("after", "after: no message \"" + messageId + "\" in context \"" + contextId + "\"");
        }
        return m.get().seq();
    }

    static ContextInfo readContext(ResultSet rs) throws SQLException {
        int maxTokens = rs.getInt(8);
        Integer max = rs.wasNull() ? null : maxTokens;
        return new ContextInfo(rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)),
                Instant.ofEpochMilli(rs.getLong(4)), rs.getString(5),
                fromJson(rs.getString(6), new TypeReference<List<String>>() {}),
                fromJson(rs.getString(7), new TypeReference<Map<String, String>>() {}),
                max, rs.getInt(9), rs.getLong(10), policy(rs.getString(11)));
    }

    static StoredMessage readMessage(ResultSet rs) throws SQLException {
        Role role = Role.valueOf(rs.getString(3).toUpperCase(Locale.ROOT));
        return new StoredMessage(rs.getString(1), rs.getLong(2),
                new Message(role, CanonicalJson.contentFromText(rs.getString(4))),
                rs.getString(5), Instant.ofEpochMilli(rs.getLong(6)), rs.getInt(7));
    }

    static void bindMessage(CachedStatement ps, StoredMessage s) throws SQLException {
        ps.setString(2, s.id());
        ps.setLong(3, s.seq());
        ps.setString(4, s.message().role().name().toLowerCase(Locale.ROOT));
        ps.setString(5, CanonicalJson.contentToText(s.message().content()));
        ps.setString(6, s.model());
        ps.setLong(7, s.createdAt().toEpochMilli());
        ps.setInt(8, s.tokens());
    }

    static void setInteger(CachedStatement ps, int index, Integer value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.INTEGER);
        } else {
            ps.setInt(index, value);
        }
    }

    static String policyJson(SummaryPolicy policy) {
        return policy == null ? null : toJson(Map.of("model", policy.model(), "after_tokens", policy.afterTokens()));
    }

    static SummaryPolicy policy(String json) throws SQLException {
        if (json == null) {
            return null;
        }
        Map<String, Object> map = fromJson(json, new TypeReference<Map<String, Object>>() {});
        return new SummaryPolicy((String) map.get("model"), ((Number) map.get("after_tokens")).intValue());
    }

    static String toJson(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static <T> T fromJson(String json, TypeReference<T> type) throws SQLException {
        try {
            return Json.MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new SQLException("stored JSON is unreadable: " + e.getOriginalMessage(), e);
        }
    }
}
