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
        return new JdbcContextStore(database(file), clock);
    }

    /** The file's database, migrated; whoever opens it closes it (a {@link JdbcContextStore} over it does). */
    public static SqliteDatabase database(Path file) {
        return SqliteDatabase.open(file, sql -> Schema.migrate(sql.connection(), SqliteDatabase.DIALECT));
    }
}
