package dev.contextgate.store.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A compiled statement borrowed from its connection's {@link StatementCache}; close it
 * (try-with-resources) to give it back. Giving it back resets it for the next borrower: its result
 * set is closed (SQLite keeps a read snapshot while one is open), its parameters and batch cleared.
 * The statement itself stays compiled: only the cache closes it, so work has no way to.
 */
public final class CachedStatement implements AutoCloseable {

    private final String sql;
    private final PreparedStatement statement;
    private ResultSet results;
    private boolean batched; // so an unbatched statement skips clearBatch()
    private boolean borrowed;

    CachedStatement(String sql, PreparedStatement statement) {
        this.sql = sql;
        this.statement = statement;
    }

    public void setString(int index, String value) throws SQLException {
        requireBorrowed();
        statement.setString(index, value);
    }

    public void setInt(int index, int value) throws SQLException {
        requireBorrowed();
        statement.setInt(index, value);
    }

    public void setLong(int index, long value) throws SQLException {
        requireBorrowed();
        statement.setLong(index, value);
    }

    public void setDouble(int index, double value) throws SQLException {
        requireBorrowed();
        statement.setDouble(index, value);
    }

    /** @param sqlType a {@link java.sql.Types} constant */
    public void setNull(int index, int sqlType) throws SQLException {
        requireBorrowed();
        statement.setNull(index, sqlType);
    }

    public void setObject(int index, Object value) throws SQLException {
        requireBorrowed();
        statement.setObject(index, value);
    }

    public void addBatch() throws SQLException {
        requireBorrowed();
        batched = true;
        statement.addBatch();
    }

    public int[] executeBatch() throws SQLException {
        requireBorrowed();
        return statement.executeBatch();
    }

    public int executeUpdate() throws SQLException {
        requireBorrowed();
        return statement.executeUpdate();
    }

    /** The rows; closing them early is fine, and giving the statement back closes them anyway. */
    public ResultSet executeQuery() throws SQLException {
        requireBorrowed();
        results = statement.executeQuery();
        return results;
    }

    /** Gives the statement back to its cache, reset; it stays compiled. */
    @Override
    public void close() throws SQLException {
        if (!borrowed) {
            return;
        }
        borrowed = false;
        ResultSet open = results;
        results = null;
        try {
            if (open != null) {
                open.close();
            }
        } finally {
            statement.clearParameters();
            if (batched) {
                batched = false;
                statement.clearBatch();
            }
        }
    }

    void borrow() {
        if (borrowed) {
            throw new IllegalStateException("the statement \"" + sql + "\" is still in use on this connection: "
                    + "close it before preparing the same SQL again");
        }
        borrowed = true;
    }

    boolean isBorrowed() {
        return borrowed;
    }

    boolean isClosed() throws SQLException {
        return statement.isClosed();
    }

    /** Closes the compiled statement for good; only its cache calls this. */
    void discard() throws SQLException {
        borrowed = false;
        batched = false;
        results = null;
        statement.close();
    }

    private void requireBorrowed() {
        if (!borrowed) {
            throw new IllegalStateException("the statement \"" + sql + "\" was given back; prepare it again");
        }
    }
}
