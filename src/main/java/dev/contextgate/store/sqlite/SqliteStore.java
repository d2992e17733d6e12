package dev.contextgate.store.sqlite;

import dev.contextgate.context.ContextStore;
import dev.contextgate.store.jdbc.JdbcContextStore;
import dev.contextgate.store.jdbc.Schema;
import java.nio.file.Path;
import java.time.Clock;

/** Opens the default store: one SQLite file, migrated to the current schema before it serves. */
public final class SqliteStore {

    private SqliteStore() {}

    public static ContextStore open(Path file, Clock clock) {
        SqliteDatabase db = SqliteDatabase.open(file, conn -> Schema.migrate(conn, SqliteDatabase.DIALECT));
        return new JdbcContextStore(db, clock);
    }
}
