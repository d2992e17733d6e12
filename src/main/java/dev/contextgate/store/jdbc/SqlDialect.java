package dev.contextgate.store.jdbc;

/**
 * The few places where SQL differs between the embedded and a server database. Everything else in
 * the JDBC store is standard SQL.
 */
public interface SqlDialect {

    /** The type of a long text column. */
    String textType();

    /** The type of a 64-bit key the database numbers itself, in insert order. */
    String identityKeyType();

    /** Statements run once per new connection (pragmas, session settings). */
    java.util.List<String> connectionSetup();
}
