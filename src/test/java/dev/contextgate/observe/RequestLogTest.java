package dev.contextgate.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.contextgate.config.LogsConfig;
import dev.contextgate.store.jdbc.JdbcRequestLogStore;
import dev.contextgate.store.memory.MemoryRequestLogStore;
import dev.contextgate.store.sqlite.SqliteDatabase;
import dev.contextgate.store.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RequestLogTest {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path dir;

    private static RequestLogEntry row(Instant time, String owner) {
        return new RequestLogEntry(0, time, "req_1", owner, "/v1/messages", "anthropic", "m", "m", "simulated", 200,
                null, 1, 2, 3.0, 1.0, false, null, "{\"secret\":1}", "{}");
    }

    @Test
    void aFullQueueDropsAndCountsInsteadOfBlocking() {
        RequestLog log = new RequestLog(new MemoryRequestLogStore(), LogsConfig.DEFAULT, CLOCK, 2); // no writer

        assertThat(log.offer(row(NOW, "a"))).isTrue();
        assertThat(log.offer(row(NOW, "a"))).isTrue();
        assertThat(log.offer(row(NOW, "a"))).isFalse();
        assertThat(log.offer(row(NOW, "a"))).isFalse();

        assertThat(log.depth()).isEqualTo(2);
        assertThat(log.dropped()).isEqualTo(2);
    }

    @Test
    void aStuckStoreNeverBlocksOffers() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        MemoryRequestLogStore memory = new MemoryRequestLogStore();
        RequestLogStore stuck = new RequestLogStore() {
            @Override
            public void insert(List<RequestLogEntry> entries) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                memory.insert(entries);
            }

            @Override
            public List<RequestLogEntry> find(Query query) {
                return memory.find(query);
            }

            @Override
            public int deleteBefore(Instant cutoff) {
                return 0;
            }
        };
        RequestLog log = new RequestLog(stuck, LogsConfig.DEFAULT, CLOCK, 3).start();
        int accepted = 0;
        for (int i = 0; i < 20; i++) {
            accepted += log.offer(row(NOW, "a")) ? 1 : 0;
        }
        assertThat(log.dropped()).isEqualTo(20 - accepted).isPositive();
        release.countDown();
        log.close();
        assertThat(memory.find(query("a"))).hasSize(accepted);
    }

    @Test
    void bodiesAreDroppedUnlessEnabled() {
        MemoryRequestLogStore store = new MemoryRequestLogStore();
        RequestLog log = new RequestLog(store, LogsConfig.DEFAULT, CLOCK, 10);
        log.offer(row(NOW, "a"));
        log.close();
        assertThat(store.find(query("a"))).singleElement().satisfies(e -> {
            assertThat(e.requestBody()).isNull();
            assertThat(e.responseBody()).isNull();
        });
    }

    @Test
    void retentionDeletesRowsOlderThanTheConfiguredDaysInMemory() {
        retention(new MemoryRequestLogStore());
    }

    @Test
    void retentionAndQueriesInSqlite() {
        SqliteDatabase db = SqliteStore.database(dir.resolve("contextgate.db"));
        try {
            JdbcRequestLogStore store = new JdbcRequestLogStore(db);
            retention(store);
            store.insert(List.of(row(NOW, "b"), row(NOW.minusSeconds(5), "b")));
            List<RequestLogEntry> rows = store.find(query("b"));
            assertThat(rows).hasSize(2);
            assertThat(rows.get(0).seq()).isGreaterThan(rows.get(1).seq());
            assertThat(store.find(new RequestLogStore.Query("b", null, null, null, null, null, null, 10,
                    rows.get(0).seq()))).containsExactly(rows.get(1));
            assertThat(store.find(query("nobody"))).isEmpty();
        } finally {
            db.close();
        }
    }

    private static void retention(RequestLogStore store) {
        store.insert(List.of(row(NOW.minus(Duration.ofDays(8)), "a"), row(NOW.minus(Duration.ofDays(6)), "a"),
                row(NOW, "a")));
        RequestLog log = new RequestLog(store, new LogsConfig(false, 7), CLOCK, 10);

        assertThat(log.retain()).isEqualTo(1);

        assertThat(store.find(query("a"))).extracting(RequestLogEntry::time)
                .containsExactly(NOW, NOW.minus(Duration.ofDays(6)));
    }

    private static RequestLogStore.Query query(String owner) {
        return new RequestLogStore.Query(owner, null, null, null, null, null, null, 100, 0);
    }
}
