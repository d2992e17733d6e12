package dev.contextgate.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.LinkedHashMap;

/**
 * One connection's prepared statements, each compiled once and reused by its SQL text: compiling is
 * most of the cost of a short statement. Past {@code capacity} texts the least recently used
 * statement that is not in use is closed. Whoever owns the connection owns its cache: it hands
 * {@link #sql()} to work and closes the cache before the connection. Not thread-safe: only the
 * thread using the connection may use it.
 */
public final class StatementCache implements AutoCloseable {

    private final Connection connection;
    private final int capacity;
    private final LinkedHashMap<String, CachedStatement> byText; // access order: least recently used first
    private final Sql sql;

    public StatementCache(Connection connection, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, not " + capacity);
        }
        this.connection = connection;
        this.capacity = capacity;
        this.byText = new LinkedHashMap<>(capacity * 2, 0.75f, true);
        this.sql = new Sql(connection, this);
    }

    /** The connection as work sees it. */
    public Sql sql() {
        return sql;
    }

    CachedStatement borrow(String text) throws SQLException {
        CachedStatement statement = byText.get(text);
        if (statement == null) {
            makeRoom();
            statement = new CachedStatement(text, connection.prepareStatement(text));
            byText.put(text, statement);
        }
        statement.borrow();
        return statement;
    }

    int size() {
        return byText.size();
    }

    /**
     * Closes least recently used statements until one more fits. Statements in use are skipped: closing
     * one would pull it from under its borrower (the cache then runs over capacity until they are back).
     */
    private void makeRoom() throws SQLException {
        Iterator<CachedStatement> leastRecentFirst = byText.values().iterator();
        while (byText.size() >= capacity && leastRecentFirst.hasNext()) {
            CachedStatement statement = leastRecentFirst.next();
            if (!statement.isBorrowed()) {
                leastRecentFirst.remove();
                statement.discard();
            }
        }
    }

    /** Closes every statement; the connection stays open. */
    @Override
    public void close() throws SQLException {
        SQLException failure = null;
        for (CachedStatement statement : byText.values()) {
            try {
                statement.discard();
            } catch (SQLException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        byText.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
