package dev.contextgate.store;

import dev.contextgate.config.StoreConfig;
import dev.contextgate.context.ContextStore;
import dev.contextgate.store.memory.MemoryContextStore;
import dev.contextgate.store.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Clock;

/** Opens the store a {@code store.url} names: {@code sqlite:PATH} or {@code memory:}. */
public final class Stores {

    /** Messages kept in memory over all cached contexts: a few hundred MB at most for long messages. */
    static final long CACHED_MESSAGES = 100_000;

    private Stores() {}

    public static ContextStore open(StoreConfig config, Clock clock) {
        String url = config.url();
        if (url.equals("memory:")) {
            return new MemoryContextStore(clock);
        }
        if (url.startsWith("sqlite:")) {
            // This process is the file's only writer, so recent contexts can be served from memory.
            return new CachingContextStore(SqliteStore.open(Path.of(url.substring("sqlite:".length())), clock),
                    CACHED_MESSAGES);
        }
        throw new IllegalArgumentException("store.url must be sqlite:PATH or memory:, not " + url);
    }
}
