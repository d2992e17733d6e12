package dev.contextgate.store.jdbc;

import dev.contextgate.chat.GatewayError;
import dev.contextgate.context.CanonicalJson;
import dev.contextgate.context.ContextInfo;
import dev.contextgate.context.ContextPatch;
import dev.contextgate.context.ContextStore;
import dev.contextgate.context.ContextSummary;
import dev.contextgate.context.MessageIds;
import dev.contextgate.context.NewMessage;
import dev.contextgate.context.StoredMessage;
import java.sql.ResultSet;
import java.sql.SQLException;
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


    private final Database db;
    private final Clock clock;
    private final MessageIds ids = new MessageIds();

    public JdbcContextStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public ContextInfo create(ContextInfo c) {
        return db.write(sql -> {
            if (Rows.find(sql, c.id()).isPresent()) {
                throw GatewayError.invalid("id", "a context with id \"" + c.id() + "\" already exists");
            }
            Rows.insert(sql, c);
            return c;
        });
    }

    @Override
    public Optional<ContextInfo> get(String id) {
        return db.read(sql -> Rows.find(sql, id));
    }

    @Override
    public ContextInfo getOrCreate(String id, String owner) {
        Optional<ContextInfo> existing = get(id);
        if (existing.isPresent()) {
            return existing.get();
        }
        return db.write(sql -> {
            Optional<ContextInfo> raced = Rows.find(sql, id);
            if (raced.isPresent()) {
                return raced.get();
            }
            Instant now = now();
            ContextInfo fresh = new ContextInfo(id, owner, now, now, null, List.of(), Map.of(), null, 0, 0, null);
            Rows.insert(sql, fresh);
            return fresh;
        });
    }

    @Override
    public Optional<ContextInfo> update(String id, ContextPatch patch) {
        return db.write(sql -> {
            Optional<ContextInfo> found = Rows.find(sql, id);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            ContextInfo old = found.get();
            ContextInfo changed = patch.applyTo(old, now());
            try (CachedStatement ps = sql.prepare("UPDATE contexts SET updated_at = ?, system_prompt = ?, "
                    + "pins = ?, metadata = ?, max_tokens = ?, summarize = ? WHERE id = ?")) {
                ps.setLong(1, changed.updatedAt().toEpochMilli());
                ps.setString(2, changed.system());
                ps.setString(3, Rows.toJson(changed.pins()));
                ps.setString(4, Rows.toJson(changed.metadata()));
                Rows.setInteger(ps, 5, changed.maxTokens());
                ps.setString(6, Rows.policyJson(changed.summarize()));
                ps.setString(7, id);
                ps.executeUpdate();
            }
            return Optional.of(changed);
        });
    }

    @Override
    public boolean delete(String id) {
        return db.write(sql -> {
            try (CachedStatement m = sql.prepare("DELETE FROM messages WHERE context_id = ?");
                    CachedStatement c = sql.prepare("DELETE FROM contexts WHERE id = ?")) {
                m.setString(1, id);
                m.executeUpdate();
                c.setString(1, id);
                return c.executeUpdate() > 0;
            }
        });
    }

    @Override
    public List<ContextInfo> list(String owner, int limit, String afterId) {
        return db.read(sql -> {
            Optional<ContextInfo> after = afterId == null ? Optional.empty() : Rows.find(sql, afterId);
            // Two texts, so both stay cached.
            String query = "SELECT " + Rows.CONTEXT_COLUMNS + " FROM contexts WHERE owner = ?"
                    + (after.isPresent() ? " AND (created_at < ? OR (created_at = ? AND id < ?))" : "")
                    + " ORDER BY created_at DESC, id DESC LIMIT ?";
            try (CachedStatement ps = sql.prepare(query)) {
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
                        out.add(Rows.readContext(rs));
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
        return db.read(sql -> {
            Long afterSeq = afterId == null ? null : Rows.seqOf(sql, contextId, afterId);
            // Four texts, so all stay cached.
            String query = "SELECT " + Rows.MESSAGE_COLUMNS + " FROM messages WHERE context_id = ?"
                    + (afterSeq == null ? "" : newestFirst ? " AND seq < ?" : " AND seq > ?")
                    + " ORDER BY seq " + (newestFirst ? "DESC" : "ASC") + " LIMIT ?";
            try (CachedStatement ps = sql.prepare(query)) {
                int i = 1;
                ps.setString(i++, contextId);
                if (afterSeq != null) {
                    ps.setLong(i++, afterSeq);
                }
                ps.setInt(i, limit);
                List<StoredMessage> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(Rows.readMessage(rs));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public List<StoredMessage> append(String contextId, List<NewMessage> messages) {
        return db.write(sql -> {
            long seq;
            try (CachedStatement ps = sql.prepare("SELECT next_seq FROM contexts WHERE id = ?")) {
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
            try (CachedStatement ps = sql.prepare(Rows.INSERT_MESSAGE)) {
                for (NewMessage m : messages) {
                    StoredMessage s = new StoredMessage(ids.next(), seq++, m.message(), m.model(), now, m.tokens());
                    ps.setString(1, contextId);
                    Rows.bindMessage(ps, s);
                    ps.addBatch();
                    stored.add(s);
                    tokens += m.tokens();
                }
                ps.executeBatch();
            }
            try (CachedStatement ps = sql.prepare("UPDATE contexts SET next_seq = ?, updated_at = ?, "
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
        return db.write(sql -> {
            Optional<StoredMessage> old = Rows.findMessage(sql, contextId, messageId);
            if (old.isEmpty()) {
                return Optional.empty();
            }
            StoredMessage s = new StoredMessage(messageId, old.get().seq(), replacement.message(),
                    replacement.model() == null ? old.get().model() : replacement.model(),
                    old.get().createdAt(), replacement.tokens());
            try (CachedStatement ps = sql.prepare(
                    "UPDATE messages SET role = ?, content = ?, model = ?, tokens = ? WHERE context_id = ? AND id = ?")) {
                ps.setString(1, s.message().role().name().toLowerCase(Locale.ROOT));
                ps.setString(2, CanonicalJson.contentToText(s.message().content()));
                ps.setString(3, s.model());
                ps.setInt(4, s.tokens());
                ps.setString(5, contextId);
                ps.setString(6, messageId);
                ps.executeUpdate();
            }
            adjustCounts(sql, contextId, 0, s.tokens() - old.get().tokens());
            return Optional.of(s);
        });
    }

    @Override
    public List<StoredMessage> removeMessages(String contextId, Collection<String> messageIds) {
        return db.write(sql -> {
            List<StoredMessage> removed = new ArrayList<>();
            // RETURNING (SQLite 3.35+, PostgreSQL) finds and deletes a message in one step; rows hold the
            // values from before the delete. An id not found, or already removed by this call, returns nothing.
            try (CachedStatement ps = sql.prepare("DELETE FROM messages WHERE context_id = ? AND id = ? RETURNING "
                    + Rows.MESSAGE_COLUMNS)) {
                for (String id : messageIds) {
                    ps.setString(1, contextId);
                    ps.setString(2, id);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            removed.add(Rows.readMessage(rs));
                        }
                    }
                }
            }
            long tokens = removed.stream().mapToLong(StoredMessage::tokens).sum();
            adjustCounts(sql, contextId, -removed.size(), -tokens);
            return removed;
        });
    }

    @Override
    public void restore(ContextInfo context, List<StoredMessage> messages) {
        db.write(sql -> {
            if (Rows.find(sql, context.id()).isPresent()) {
                throw GatewayError.invalid("id", "a context with id \"" + context.id() + "\" already exists");
            }
            Rows.insert(sql, context);
            long nextSeq = 1;
            try (CachedStatement ps = sql.prepare(Rows.INSERT_MESSAGE)) {
                for (StoredMessage m : messages) {
                    ps.setString(1, context.id());
                    Rows.bindMessage(ps, m);
                    ps.addBatch();
                    nextSeq = Math.max(nextSeq, m.seq() + 1);
                }
                ps.executeBatch();
            }
            try (CachedStatement ps = sql.prepare("UPDATE contexts SET next_seq = ? WHERE id = ?")) {
                ps.setLong(1, nextSeq);
                ps.setString(2, context.id());
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public ContextSummary summary(String contextId) {
        return db.read(sql -> {
            try (CachedStatement ps = sql.prepare(
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
        return db.write(sql -> {
            try (CachedStatement ps = sql.prepare("UPDATE contexts SET summary = ?, summary_through = ?, "
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
    public Size size() {
        return db.read(sql -> {
            try (CachedStatement ps = sql.prepare(
                    "SELECT COUNT(*), COALESCE(SUM(message_count), 0) FROM contexts");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Size(rs.getLong(1), rs.getLong(2));
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

    private void adjustCounts(Sql sql, String contextId, int messages, long tokens) throws SQLException {
        try (CachedStatement ps = sql.prepare("UPDATE contexts SET message_count = message_count + ?, "
                + "token_count = token_count + ?, updated_at = ? WHERE id = ?")) {
            ps.setInt(1, messages);
            ps.setLong(2, tokens);
            ps.setLong(3, clock.millis());
            ps.setString(4, contextId);
            ps.executeUpdate();
        }
    }

    /** Stores keep milliseconds; so does every instant they hand out. */
    private Instant now() {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }
}
