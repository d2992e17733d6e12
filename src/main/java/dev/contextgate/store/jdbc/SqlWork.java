package dev.contextgate.store.jdbc;

import java.sql.SQLException;

/** A piece of work on one connection; it runs inside a transaction the database owns. */
@FunctionalInterface
public interface SqlWork<T> {
    T run(Sql sql) throws SQLException;
}
