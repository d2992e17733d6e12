package dev.contextgate.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.contextgate.store.sqlite.SqliteDatabase;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Statement reuse through the SQLite database's own threads, savepoints and group commits. */
class SqliteStatementReuseTest {

    private static final String INSERT = "INSERT INTO items (id) VALUES (?)";

    @TempDir
    Path dir;

    private SqliteDatabase db;

    @BeforeEach
    void open() {
        db = SqliteDatabase.open(dir.resolve("reuse.db"), sql -> {
            try (Statement st = sql.connection().createStatement()) {
                st.execute("CREATE TABLE items (id TEXT PRIMARY KEY)");
            }
            return null;
        });
    }

    @AfterEach
    void close() {
        db.close();
    }

    /** What a piece of work saw; asserted outside it, since an assertion error would end the writer thread. */
    private record Used(CachedStatement statement, String value) {}

    @Test
    void aLaterWriteGetsTheSameStatementWithNothingBound() {
        Used first = db.write(sql -> {
            try (CachedStatement s = sql.prepare("SELECT ?")) {
                s.setString(1, "first write");
                return new Used(s, single(s));
            }
        });
        Used second = db.write(sql -> {
            try (CachedStatement s = sql.prepare("SELECT ?")) {
                return new Used(s, single(s));
            }
        });
        assertThat(first.value()).isEqualTo("first write");
        assertThat(second.statement()).isSameAs(first.statement());
        assertThat(second.value()).isNull();
    }

    @Test
    void aConstraintViolationLeavesTheStatementUsable() {
        CachedStatement first = insert("a");
        assertThatThrownBy(() -> insert("a")).hasMessageContaining("UNIQUE");
        assertThat(insert("b")).isSameAs(first);
        assertThat(db.read(SqliteStatementReuseTest::ids)).containsExactly("a", "b");
    }

    @Test
    void closingTheDatabaseClosesTheStatementsOfEveryConnection() throws SQLException {
        CachedStatement written = insert("a");
        Used read = db.read(sql -> {
            try (CachedStatement s = sql.prepare("SELECT COUNT(*) FROM items")) {
                return new Used(s, single(s));
            }
        });
        assertThat(read.value()).isEqualTo("1");
        assertThat(written.isClosed()).isFalse();
        assertThat(read.statement().isClosed()).isFalse();

        db.close();

        assertThat(written.isClosed()).isTrue();
        assertThat(read.statement().isClosed()).isTrue();
    }

    private CachedStatement insert(String id) {
        return db.write(sql -> {
            try (CachedStatement s = sql.prepare(INSERT)) {
                s.setString(1, id);
                s.executeUpdate();
                return s;
            }
        });
    }

    private static String single(CachedStatement s) throws SQLException {
        try (ResultSet rs = s.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("no row");
            }
            return rs.getString(1);
        }
    }

    private static List<String> ids(Sql sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (CachedStatement s = sql.prepare("SELECT id FROM items ORDER BY id"); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
