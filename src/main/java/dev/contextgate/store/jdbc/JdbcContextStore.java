package dev.contextgate.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.contextgate.chat.GatewayError;
import dev.contextgate.chat.Message;
import dev.contextgate.chat.Role;
import dev.contextgate.context.CanonicalJson;
import dev.contextgate.context.ContextInfo;
import dev.contextgate.context.ContextPatch;
import dev.contextgate.context.ContextStore;
import dev.contextgate.context.ContextSummary;
import dev.contextgate.context.SummaryPolicy;
import dev.contextgate.context.MessageIds;
import dev.contextgate.context.NewMessage;
import dev.contextgate.context.StoredMessage;
import dev.contextgate.dialect.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The context store on any JDBC database, in standard SQL; threads and transactions are the {@link Database}'s. */
public final class JdbcContextStore implements ContextStore {

    private static final String CONTEXT_COLUMNS =
            "id, owner, created_at, updated_at, system_prompt, pins, metadata, max_tokens, message_count, token_count, summarize";
    private static final String MESSAGE_COLUMNS = "id, seq, role, content, model, created_at, tokens";

    private final Database db;
    private final Clock clock;
    private final MessageIds ids = new MessageIds();

    public JdbcContextStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public ContextInfo create(ContextInfo c) {
        return db.write(conn -> {
            if (find(conn, c.id()).isPresent()) {
                throw GatewayError.invalid("id", "a context with id \"" + c.id() + "\" already exists");
            }
            insert(conn, c);
            return c;
        });
    }

    @Override
    public Optional<ContextInfo> get(String id) {
        return db.read(conn -> find(conn, id));
    }

    @Override
    public ContextInfo getOrCreate(String id, String owner) {
        Optional<ContextInfo> existing = get(id);
        if (existing.isPresent()) {
            return existing.get();
        }
        return db.write(conn -> {
            Optional<ContextInfo> raced = find(conn, id);
            if (raced.isPresent()) {
                return raced.get();
            }
            Instant now = now();
            ContextInfo fresh = new ContextInfo(id, owner, now, now, null, List.of(), Map.of(), null, 0, 0, null);
            insert(conn, fresh);
            return fresh;
        });
    }

    @Override
    public Optional<ContextInfo> update(String id, ContextPatch patch) {
        return db.write(conn -> {
            Optional<ContextInfo> found = find(conn, id);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            ContextInfo old = found.get();
            ContextInfo changed = new ContextInfo(id, old.owner(), old.createdAt(), now(),
                    patch.system() == null ? old.system() : patch.system().orElse(null),
                    patch.pins() == null ? old.pins() : patch.pins(),
                    patch.metadata() == null ? old.metadata() : patch.metadata(),
                    patch.maxTokens() == null ? old.maxTokens() : patch.maxTokens().orElse(null),
                    old.messageCount(), old.tokenCount(),
                    patch.summarize() == null ? old.summarize() : patch.summarize().orElse(null));
            try (PreparedStatement ps = conn.prepareStatement("UPDATE contexts SET updated_at = ?, system_prompt = ?, "
                    + "pins = ?, metadata = ?, max_tokens = ?, summarize = ? WHERE id = ?")) {
                ps.setLong(1, changed.updatedAt().toEpochMilli());
                ps.setString(2, changed.system());
                ps.setString(3, toJson(changed.pins()));
                ps.setString(4, toJson(changed.metadata()));
                setInteger(ps, 5, changed.maxTokens());
                ps.setString(6, policyJson(changed.summarize()));
                ps.setString(7, id);
                ps.executeUpdate();
            }
            return Optional.of(changed);
        });
    }

    @Override
    public boolean delete(String id) {
        return db.write(conn -> {
            try (PreparedStatement m = conn.prepareStatement("DELETE FROM messages WHERE context_id = ?");
                    PreparedStatement c = conn.prepareStatement("DELETE FROM contexts WHERE id = ?")) {
                m.setString(1, id);
                m.executeUpdate();
                c.setString(1, id);
                return c.executeUpdate() > 0;
            }
        });
    }

    @Override
    public List<ContextInfo> list(String owner, int limit, String afterId) {
        return db.read(conn -> {
            String sql = "SELECT " + CONTEXT_COLUMNS + " FROM contexts WHERE owner = ?";
            Optional<ContextInfo> after = afterId == null ? Optional.empty() : find(conn, afterId);
            if (after.isPresent()) {
                sql += " AND (created_at < ? OR (created_at = ? AND id < ?))";
            }
            sql += " ORDER BY created_at DESC, id DESC LIMIT ?";
            try (PreparedStatement ps = conn.prepareStatement(sql)) {
                int i = 1;
                ps.setString(i++, owner);
                if (after.isPresent()) {
                    long t = after.get().createdAt().toEpochMilli();
                    ps.setLong(i++, t);
                    ps.setLong(i++, t);
                    ps.setString(i++, afterId);
                }
                ps.setInt(i, limit);
                List<ContextInfo> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(readContext(rs));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public List<StoredMessage> history(String contextId) {
        return messages(contextId, Integer.MAX_VALUE, null, false);
    }

    @Override
    public List<StoredMessage> messages(String contextId, int limit, String afterId, boolean newestFirst) {
        return db.read(conn -> {
            Long afterSeq = afterId == null ? null : seqOf(conn, contextId, afterId);
            String sql = "SELECT " + MESSAGE_COLUMNS + " FROM messages WHERE context_id = ?"
                    + (afterSeq == null ? "" : newestFirst ? " AND seq < ?" : " AND seq > ?")
                    + " ORDER BY seq " + (newestFirst ? "DESC" : "ASC") + " LIMIT ?";
            try (PreparedStatement ps = conn.prepareStatement(sql)) {
                int i = 1;
                ps.setString(i++, contextId);
                if (afterSeq != null) {
                    ps.setLong(i++, afterSeq);
                }
                ps.setInt(i, limit);
                List<StoredMessage> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(readMessage(rs));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public List<StoredMessage> append(String contextId, List<NewMessage> messages) {
        return db.write(conn -> {
            long seq;
            try (PreparedStatement ps = conn.prepareStatement("SELECT next_seq FROM contexts WHERE id = ?")) {
                ps.setString(1, contextId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw GatewayError.notFound("context \"" + contextId + "\" does not exist");
                    }
                    seq = rs.getLong(1);
                }
            }
            Instant now = now();
            List<StoredMessage> stored = new ArrayList<>(messages.size());
            long tokens = 0;
            try (PreparedStatement ps = conn.prepareStatement("INSERT INTO messages (context_id, " + MESSAGE_COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (NewMessage m : messages) {
                    StoredMessage s = new StoredMessage(ids.next(), seq++, m.message(), m.model(), now, m.tokens());
                    ps.setString(1, contextId);
                    bindMessage(ps, s);
                    ps.addBatch();
                    stored.add(s);
                    tokens += m.tokens();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = conn.prepareStatement("UPDATE contexts SET next_seq = ?, updated_at = ?, "
                    + "message_count = message_count + ?, token_count = token_count + ? WHERE id = ?")) {
                ps.setLong(1, seq);
                ps.setLong(2, now.toEpochMilli());
                ps.setInt(3, messages.size());
                ps.setLong(4, tokens);
                ps.setString(5, contextId);
                ps.executeUpdate();
            }
            return stored;
        });
    }

    @Override
    public Optional<StoredMessage> replaceMessage(String contextId, String messageId, NewMessage replacement) {
        return db.write(conn -> {
            Optional<StoredMessage> old = findMessage(conn, contextId, messageId);
            if (old.isEmpty()) {
                return Optional.empty();
            }
            StoredMessage s = new StoredMessage(messageId, old.get().seq(), replacement.message(),
                    replacement.model() == null ? old.get().model() : replacement.model(),
                    old.get().createdAt(), replacement.tokens());
            try (PreparedStatement ps = conn.prepareStatement(
                    "UPDATE messages SET role = ?, content = ?, model = ?, tokens = ? WHERE context_id = ? AND id = ?")) {
                ps.setString(1, s.message().role().name().toLowerCase(Locale.ROOT));
                ps.setString(2, CanonicalJson.contentToText(s.message().content()));
                ps.setString(3, s.model());
                ps.setInt(4, s.tokens());
                ps.setString(5, contextId);
                ps.setString(6, messageId);
                ps.executeUpdate();
            }
            adjustCounts(conn, contextId, 0, s.tokens() - old.get().tokens());
            return Optional.of(s);
        });
    }

    @Override
    public List<StoredMessage> removeMessages(String contextId, Collection<String> messageIds) {
        return db.write(conn -> {
            List<StoredMessage> removed = new ArrayList<>();
            try (PreparedStatement ps = conn.prepareStatement("DELETE FROM messages WHERE context_id = ? AND id = ?")) {
                for (String id : messageIds) {
                    Optional<StoredMessage> m = findMessage(conn, contextId, id);
                    if (m.isPresent()) {
                        ps.setString(1, contextId);
                        ps.setString(2, id);
                        ps.executeUpdate();
                        removed.add(m.get());
                    }
                }
            }
            long tokens = removed.stream().mapToLong(StoredMessage::tokens).sum();
            adjustCounts(conn, contextId, -removed.size(), -tokens);
            return removed;
        });
    }

    @Override
    public void restore(ContextInfo context, List<StoredMessage> messages) {
        db.write(conn -> {
            if (find(conn, context.id()).isPresent()) {
                throw GatewayError.invalid("id", "a context with id \"" + context.id() + "\" already exists");
            }
            insert(conn, context);
            long nextSeq = 1;
            try (PreparedStatement ps = conn.prepareStatement("INSERT INTO messages (context_id, " + MESSAGE_COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (StoredMessage m : messages) {
                    ps.setString(1, context.id());
                    bindMessage(ps, m);
                    ps.addBatch();
                    nextSeq = Math.max(nextSeq, m.seq() + 1);
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = conn.prepareStatement("UPDATE contexts SET next_seq = ? WHERE id = ?")) {
                ps.setLong(1, nextSeq);
                ps.setString(2, context.id());
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public ContextSummary summary(String contextId) {
        return db.read(conn -> {
            try (PreparedStatement ps = conn.prepareStatement(
                    "SELECT summary, summary_through, summary_tokens FROM contexts WHERE id = ?")) {
                ps.setString(1, contextId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next() || rs.getLong(2) == 0) {
                        return ContextSummary.NONE;
                    }
                    return new ContextSummary(rs.getString(1), rs.getLong(2), rs.getInt(3));
                }
            }
        });
    }

    @Override
    public boolean saveSummary(String contextId, long expectedThroughSeq, ContextSummary summary) {
        return db.write(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("UPDATE contexts SET summary = ?, summary_through = ?, "
                    + "summary_tokens = ? WHERE id = ? AND summary_through = ?")) {
                ps.setString(1, summary.text());
                ps.setLong(2, summary.throughSeq());
                ps.setInt(3, summary.tokens());
                ps.setString(4, contextId);
                ps.setLong(5, expectedThroughSeq);
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public String describe() {
        return db.describe();
    }

    @Override
    public void close() {
        db.close();
    }

    private void adjustCounts(Connection conn, String contextId, int messages, long tokens) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("UPDATE contexts SET message_count = message_count + ?, "
                + "token_count = token_count + ?, updated_at = ? WHERE id = ?")) {
            ps.setInt(1, messages);
            ps.setLong(2, tokens);
            ps.setLong(3, clock.millis());
            ps.setString(4, contextId);
            ps.executeUpdate();
        }
    }

    private static void insert(Connection conn, ContextInfo c) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO contexts (" + CONTEXT_COLUMNS
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

    private static Optional<ContextInfo> find(Connection conn, String id) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT " + CONTEXT_COLUMNS + " FROM contexts WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(readContext(rs)) : Optional.empty();
            }
        }
    }

    private static Optional<StoredMessage> findMessage(Connection conn, String contextId, String id) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT " + MESSAGE_COLUMNS + " FROM messages WHERE context_id = ? AND id = ?")) {
            ps.setString(1, contextId);
            ps.setString(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(readMessage(rs)) : Optional.empty();
            }
        }
    }

    private static Long seqOf(Connection conn, String contextId, String messageId) throws SQLException {
        Optional<StoredMessage> m = findMessage(conn, contextId, messageId);
        if (m.isEmpty()) {
            throw GatewayError.invalid("after", "after: no message \"" + messageId + "\" in context \"" + contextId + "\"");
        }
        return m.get().seq();
    }

    private static ContextInfo readContext(ResultSet rs) throws SQLException {
        int maxTokens = rs.getInt(8);
        Integer max = rs.wasNull() ? null : maxTokens;
        return new ContextInfo(rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)),
                Instant.ofEpochMilli(rs.getLong(4)), rs.getString(5),
                fromJson(rs.getString(6), new TypeReference<List<String>>() {}),
                fromJson(rs.getString(7), new TypeReference<Map<String, String>>() {}),
                max, rs.getInt(9), rs.getLong(10), policy(rs.getString(11)));
    }

    private static StoredMessage readMessage(ResultSet rs) throws SQLException {
        Role role = Role.valueOf(rs.getString(3).toUpperCase(Locale.ROOT));
        return new StoredMessage(rs.getString(1), rs.getLong(2),
                new Message(role, CanonicalJson.contentFromText(rs.getString(4))),
                rs.getString(5), Instant.ofEpochMilli(rs.getLong(6)), rs.getInt(7));
    }

    private static void bindMessage(PreparedStatement ps, StoredMessage s) throws SQLException {
        ps.setString(2, s.id());
        ps.setLong(3, s.seq());
        ps.setString(4, s.message().role().name().toLowerCase(Locale.ROOT));
        ps.setString(5, CanonicalJson.contentToText(s.message().content()));
        ps.setString(6, s.model());
        ps.setLong(7, s.createdAt().toEpochMilli());
        ps.setInt(8, s.tokens());
    }

    private static void setInteger(PreparedStatement ps, int index, Integer value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.INTEGER);
        } else {
            ps.setInt(index, value);
        }
    }

    private static String policyJson(SummaryPolicy policy) {
        return policy == null ? null : toJson(Map.of("model", policy.model(), "after_tokens", policy.afterTokens()));
    }

    private static SummaryPolicy policy(String json) throws SQLException {
        if (json == null) {
            return null;
        }
        Map<String, Object> map = fromJson(json, new TypeReference<Map<String, Object>>() {});
        return new SummaryPolicy((String) map.get("model"), ((Number) map.get("after_tokens")).intValue());
    }

    private static String toJson(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T fromJson(String json, TypeReference<T> type) throws SQLException {
        try {
            return Json.MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new SQLException("stored JSON is unreadable: " + e.getOriginalMessage(), e);
        }
    }

    /** Stores keep milliseconds; so does every instant they hand out. */
    private Instant now() {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }
}
