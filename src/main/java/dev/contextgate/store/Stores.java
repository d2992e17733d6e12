package dev.contextgate.store;

import dev.contextgate.config.StoreConfig;
import dev.contextgate.context.ContextStore;
import dev.contextgate.observe.RequestLogStore;
import dev.contextgate.store.jdbc.Database;
import dev.contextgate.store.jdbc.JdbcContextStore;
import dev.contextgate.store.jdbc.JdbcRequestLogStore;
import dev.contextgate.store.memory.MemoryContextStore;
import dev.contextgate.store.memory.MemoryRequestLogStore;
import dev.contextgate.store.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Clock;

/** Opens the store a {@code store.url} names: {@code sqlite:PATH} or {@code memory:}. */
public final class Stores {

    /** Messages kept in memory over all cached contexts: a few hundred MB at most for long messages. */
    static final long CACHED_MESSAGES = 100_000;

    private Stores() {}

    /**
     * The contexts and the request log, on one database (one file, one writer). Closing the context
     * store closes the database; close it after the request log has stopped writing.
     */
    public record Opened(ContextStore contexts, RequestLogStore requestLog) {}

    public static ContextStore open(StoreConfig config, Clock clock) {
        return openAll(config, clock).contexts();
    }

    public static Opened openAll(StoreConfig config, Clock clock) {
        String url = config.url();
        if (url.equals("memory:")) {
            return new Opened(new MemoryContextStore(clock), new MemoryRequestLogStore());
        }
        if (url.startsWith("sqlite:")) {
            Database db = SqliteStore.database(Path.of(url.substring("sqlite:".length())));
            // This process is the file's only writer, so recent contexts can be served from memory.
            return new Opened(new CachingContextStore(new JdbcContextStore(db, clock), CACHED_MESSAGES),
                    new JdbcRequestLogStore(db));
        }
        throw new IllegalArgumentException("store.url must be sqlite:PATH or memory:, not " + url);
    }
}
