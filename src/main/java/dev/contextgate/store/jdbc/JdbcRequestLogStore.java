package dev.contextgate.store.jdbc;

import dev.contextgate.observe.RequestLogEntry;
import dev.contextgate.observe.RequestLogStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The request log in the context store's database: the same file and the same {@link Database}, so
 * its batches join the writer's grouped commits. It never closes the database; the context store does.
 */
public final class JdbcRequestLogStore implements RequestLogStore {

    private static final String COLUMNS = "seq, created_at, request_id, owner, route, dialect, requested_model, model, "
            + "provider, status, error_kind, input_tokens, output_tokens, latency_ms, overhead_ms, streamed, context_id, "
            + "request_body, response_body";

    private final Database db;

    public JdbcRequestLogStore(Database db) {
        this.db = db;
    }

    @Override
    public void insert(List<RequestLogEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        db.write(sql -> {
            try (CachedStatement ps = sql.prepare("INSERT INTO request_log ("
                    + COLUMNS.substring("seq, ".length()) + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (RequestLogEntry e : entries) {
                    int i = 1;
                    ps.setLong(i++, e.time().toEpochMilli());
                    ps.setString(i++, e.requestId());
                    ps.setString(i++, e.owner());
                    ps.setString(i++, e.route());
                    ps.setString(i++, e.dialect());
                    ps.setString(i++, e.requestedModel());
                    ps.setString(i++, e.model());
                    ps.setString(i++, e.provider());
                    ps.setInt(i++, e.status());
                    ps.setString(i++, e.errorKind());
                    ps.setInt(i++, e.inputTokens());
                    ps.setInt(i++, e.outputTokens());
                    ps.setDouble(i++, e.latencyMs());
                    ps.setDouble(i++, e.overheadMs());
                    ps.setInt(i++, e.streamed() ? 1 : 0);
                    ps.setString(i++, e.contextId());
                    text(ps, i++, e.requestBody());
                    text(ps, i, e.responseBody());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    @Override
    public List<RequestLogEntry> find(Query q) {
        // One text per combination of filters (up to 64), each cached; most callers use a few, and the
        // cache's bound closes the rarely used ones.
        StringBuilder query = new StringBuilder("SELECT " + COLUMNS + " FROM request_log WHERE owner = ?");
        List<Object> args = new ArrayList<>();
        args.add(q.owner());
        if (q.afterSeq() > 0) {
            query.append(" AND seq < ?");
            args.add(q.afterSeq());
        }
        if (q.model() != null) {
            query.append(" AND (requested_model = ? OR model = ?)");
            args.add(q.model());
            args.add(q.model());
        }
        if (q.statusMin() != null) {
            query.append(" AND status BETWEEN ? AND ?");
            args.add(q.statusMin());
            args.add(q.statusMax());
        }
        if (q.since() != null) {
            query.append(" AND created_at >= ?");
            args.add(q.since().toEpochMilli());
        }
        if (q.until() != null) {
            query.append(" AND created_at < ?");
            args.add(q.until().toEpochMilli());
        }
        if (q.contextId() != null) {
            query.append(" AND context_id = ?");
            args.add(q.contextId());
        }
        query.append(" ORDER BY seq DESC LIMIT ?");
        args.add(q.limit());
        return db.read(sql -> {
            try (CachedStatement ps = sql.prepare(query.toString())) {
                for (int i = 0; i < args.size(); i++) {
                    ps.setObject(i + 1, args.get(i));
                }
                List<RequestLogEntry> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(read(rs));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public int deleteBefore(Instant cutoff) {
        return db.write(sql -> {
            try (CachedStatement ps = sql.prepare("DELETE FROM request_log WHERE created_at < ?")) {
                ps.setLong(1, cutoff.toEpochMilli());
                return ps.executeUpdate();
            }
        });
    }

    private static void text(CachedStatement ps, int index, String value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.VARCHAR);
        } else {
            ps.setString(index, value);
        }
    }

    private static RequestLogEntry read(ResultSet rs) throws SQLException {
        return new RequestLogEntry(rs.getLong("seq"), Instant.ofEpochMilli(rs.getLong("created_at")),
                rs.getString("request_id"), rs.getString("owner"), rs.getString("route"), rs.getString("dialect"),
                rs.getString("requested_model"), rs.getString("model"), rs.getString("provider"), rs.getInt("status"),
                rs.getString("error_kind"), rs.getInt("input_tokens"), rs.getInt("output_tokens"),
                rs.getDouble("latency_ms"), rs.getDouble("overhead_ms"), rs.getInt("streamed") != 0,
                rs.getString("context_id"), rs.getString("request_body"), rs.getString("response_body"));
    }
}
