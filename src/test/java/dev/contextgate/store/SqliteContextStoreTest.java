package dev.contextgate.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.contextgate.context.ContextStore;
import dev.contextgate.store.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteContextStoreTest extends ContextStoreContract {

    @TempDir
    Path dir;

    @Override
    ContextStore open() {
        return SqliteStore.open(dir.resolve("contextgate.db"), Clock.systemUTC());
    }

    @Test
    void dataSurvivesReopeningTheFile() {
        store.getOrCreate("c", "app");
        store.append("c", List.of(user("kept", 2)));
        store.close();
        store = open();
        assertThat(store.history("c")).extracting(m -> m.message().text()).containsExactly("kept");
        assertThat(store.get("c").orElseThrow().owner()).isEqualTo("app");
    }
}
