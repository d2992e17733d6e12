package dev.contextgate.store;

import dev.contextgate.config.StoreConfig;
import dev.contextgate.context.ContextStore;
import dev.contextgate.store.memory.MemoryContextStore;
import dev.contextgate.store.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Clock;

/** Opens the store a {@code store.url} names: {@code sqlite:PATH} or {@code memory:}. */
public final class Stores {

    private Stores() {}

    public static ContextStore open(StoreConfig config, Clock clock) {
        String url = config.url();
        if (url.equals("memory:")) {
            return new MemoryContextStore(clock);
        }
        if (url.startsWith("sqlite:")) {
            return SqliteStore.open(Path.of(url.substring("sqlite:".length())), clock);
        }
        throw new IllegalArgumentException("store.url must be sqlite:PATH or memory:, not " + url);
    }
}
