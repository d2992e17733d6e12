package dev.contextgate.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.contextgate.context.ContextStore;
import dev.contextgate.context.StoredMessage;
import dev.contextgate.store.sqlite.SqliteStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A committed turn survives kill -9 of the process that wrote it. */
class SqliteCrashTest {

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedTurnSurvivesSigkill() throws Exception {
        Path db = dir.resolve("contextgate.db");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                CrashWriter.class.getName(), db.toString())
                .redirectErrorStream(true)
                .start();
        int lastAck = -1;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("ack ")) {
                    lastAck = Integer.parseInt(line.substring(4));
                    if (lastAck >= 200) {
                        break;
                    }
                }
            }
            // SIGKILL: no shutdown hook, no flush, no close.
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }
        assertThat(lastAck).as("child acknowledged turns").isGreaterThanOrEqualTo(200);

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                ResultSet rs = c.createStatement().executeQuery("PRAGMA integrity_check")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("ok");
        }
        try (ContextStore store = SqliteStore.open(db, Clock.systemUTC())) {
            List<StoredMessage> history = store.history("crash");
            assertThat(history.size()).isGreaterThanOrEqualTo(2 * (lastAck + 1));
            assertThat(history.size() % 2).as("no half turn").isZero();
            for (int i = 0; i <= lastAck; i++) {
                assertThat(history.get(2 * i).message().text()).isEqualTo("q" + i);
                assertThat(history.get(2 * i + 1).message().text()).isEqualTo("a" + i);
            }
            assertThat(store.get("crash").orElseThrow().messageCount()).isEqualTo(history.size());
        }
    }
}
