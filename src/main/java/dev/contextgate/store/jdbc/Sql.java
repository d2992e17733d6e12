package dev.contextgate.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/** One connection as a piece of {@link SqlWork} sees it: statements come compiled once per connection. */
public final class Sql {

    private final Connection connection;
    private final StatementCache statements;

    Sql(Connection connection, StatementCache statements) {
        this.connection = connection;
        this.statements = statements;
    }

    /**
     * The bare connection, for what runs once (schema changes). Its transaction is the database's:
     * do not commit, roll back or close it.
     */
    public Connection connection() {
        return connection;
    }

    /**
     * This connection's statement for the SQL text, compiled on its first use; close it
     * (try-with-resources) to give it back. Preparing the same text again before that fails, since
     * both uses would share one statement. Each distinct text takes a cache slot, so build texts from
     * constants, never from values: those go in parameters.
     */
    public CachedStatement prepare(String sql) throws SQLException {
        return statements.borrow(sql);
    }
}
