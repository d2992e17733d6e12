package dev.contextgate.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.contextgate.context.ContextStore;
import dev.contextgate.store.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cache in front of SQLite passes the same contract, and what it serves matches the file. */
class CachingContextStoreTest extends ContextStoreContract {

    @TempDir
    Path dir;

    @Override
    ContextStore open() {
        return new CachingContextStore(SqliteStore.open(dir.resolve("contextgate.db"), Clock.systemUTC()), 10_000);
    }

    @Test
    void theCachedCopyAgreesWithTheFileAfterEveryKindOfWrite() {
        store.getOrCreate("c", "app");
        assertThat(store.history("c")).isEmpty();
        var added = store.append("c", List.of(user("a", 1), user("b", 2), user("c", 3)));
        store.removeMessages("c", List.of(added.get(1).id()));
        store.replaceMessage("c", added.get(2).id(), user("C", 4));
        store.append("c", List.of(user("d", 5)));
        var cached = store.history("c");
        var cachedInfo = store.get("c").orElseThrow();
        store.close();
        try (ContextStore file = SqliteStore.open(dir.resolve("contextgate.db"), Clock.systemUTC())) {
            assertThat(file.history("c")).isEqualTo(cached);
            assertThat(file.get("c")).contains(cachedInfo);
        }
        store = open();
    }
}
