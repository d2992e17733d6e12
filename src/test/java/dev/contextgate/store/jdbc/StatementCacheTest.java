package dev.contextgate.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatementCacheTest {

    private static final String INSERT = "INSERT INTO items (id, n) VALUES (?, ?)";

    @TempDir
    Path dir;

    private Connection connection;
    private StatementCache cache;
    private Sql sql;

    @BeforeEach
    void open() throws SQLException {
        connection = connect();
        try (Statement st = connection.createStatement()) {
            st.execute("PRAGMA journal_mode=WAL");
            st.execute("CREATE TABLE items (id TEXT PRIMARY KEY, n INTEGER NOT NULL)");
        }
        cache = new StatementCache(connection, 8);
        sql = cache.sql();
    }

    @AfterEach
    void close() throws SQLException {
        cache.close();
        connection.close();
    }

    @Test
    void theSameTextGivesTheSameCompiledStatement() throws SQLException {
        CachedStatement first = givenBack("SELECT 1");
        assertThat(givenBack("SELECT 1")).isSameAs(first);
        assertThat(givenBack("SELECT 2")).isNotSameAs(first);
        assertThat(cache.size()).isEqualTo(2);
        assertThat(first.isClosed()).isFalse();
    }

    @Test
    void parametersOfOneUseDoNotReachTheNext() throws SQLException {
        try (CachedStatement s = sql.prepare("SELECT ?")) {
            s.setString(1, "first use");
            assertThat(single(s)).isEqualTo("first use");
        }
        try (CachedStatement s = sql.prepare("SELECT ?")) {
            // Nothing bound this time: SQL NULL, not the last use's value.
            assertThat(single(s)).isNull();
        }
    }

    @Test
    void aBatchNotExecutedIsDroppedWhenTheStatementIsGivenBack() throws SQLException {
        try (CachedStatement s = sql.prepare(INSERT)) {
            s.setString(1, "abandoned");
            s.setInt(2, 1);
            s.addBatch();
        }
        try (CachedStatement s = sql.prepare(INSERT)) {
            s.setString(1, "kept");
            s.setInt(2, 2);
            s.addBatch();
            assertThat(s.executeBatch()).containsExactly(1);
        }
        assertThat(ids()).containsExactly("kept");
    }

    @Test
    void givingAStatementBackClosesItsRowsSoNewCommitsAreSeen() throws SQLException {
        insert("a", 1);
        insert("b", 2);
        try (CachedStatement s = sql.prepare("SELECT id FROM items")) {
            ResultSet rows = s.executeQuery();
            assertThat(rows.next()).isTrue(); // read part of the rows, then give the statement back
        }
        try (Connection other = connect(); Statement st = other.createStatement()) {
            st.execute("INSERT INTO items (id, n) VALUES ('c', 3)");
        }
        assertThat(ids()).containsExactly("a", "b", "c");
    }

    @Test
    void aFailedStatementServesTheNextUse() throws SQLException {
        insert("a", 1);
        CachedStatement failed;
        try (CachedStatement s = sql.prepare(INSERT)) {
            failed = s;
            s.setString(1, "a");
            s.setInt(2, 2);
            assertThatThrownBy(s::executeUpdate).isInstanceOf(SQLException.class).hasMessageContaining("UNIQUE");
        }
        try (CachedStatement s = sql.prepare(INSERT)) {
            assertThat(s).isSameAs(failed);
            s.setString(1, "b");
            s.setInt(2, 2);
            s.addBatch();
            s.setString(1, "a");
            s.addBatch();
            assertThatThrownBy(s::executeBatch).isInstanceOf(SQLException.class).hasMessageContaining("UNIQUE");
        }
        insert("c", 3);
        assertThat(ids()).containsExactly("a", "b", "c"); // no transaction here: "b" went in before "a" failed
    }

    @Test
    void pastItsCapacityTheLeastRecentlyUsedStatementIsClosed() throws SQLException {
        try (StatementCache small = new StatementCache(connection, 2)) {
            CachedStatement one = givenBack(small, "SELECT 1");
            CachedStatement two = givenBack(small, "SELECT 2");
            givenBack(small, "SELECT 1"); // now "SELECT 2" is the least recently used
            CachedStatement three = givenBack(small, "SELECT 3");

            assertThat(two.isClosed()).isTrue();
            assertThat(one.isClosed()).isFalse();
            assertThat(three.isClosed()).isFalse();
            assertThat(small.size()).isEqualTo(2);
            assertThat(givenBack(small, "SELECT 1")).isSameAs(one);
            assertThat(givenBack(small, "SELECT 2")).isNotSameAs(two);
        }
    }

    @Test
    void aStatementInUseIsNeverEvicted() throws SQLException {
        try (StatementCache tiny = new StatementCache(connection, 1)) {
            try (CachedStatement outer = tiny.sql().prepare("SELECT ?");
                    CachedStatement inner = tiny.sql().prepare("SELECT 2")) {
                outer.setString(1, "still bound");
                assertThat(inner.isClosed()).isFalse();
                assertThat(single(outer)).isEqualTo("still bound");
                assertThat(tiny.size()).isEqualTo(2);
            }
            givenBack(tiny, "SELECT 3");
            assertThat(tiny.size()).isEqualTo(1);
        }
    }

    @Test
    void preparingATextStillInUseFails() throws SQLException {
        try (CachedStatement outer = sql.prepare("SELECT 1")) {
            assertThatThrownBy(() -> sql.prepare("SELECT 1")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("still in use");
            assertThat(single(outer)).isEqualTo("1");
        }
        assertThat(givenBack("SELECT 1").isClosed()).isFalse();
    }

    @Test
    void aStatementGivenBackCannotBeUsed() throws SQLException {
        CachedStatement s = givenBack("SELECT ?");
        assertThatThrownBy(() -> s.setString(1, "late")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("given back");
    }

    @Test
    void closingTheCacheClosesEveryStatementButNotTheConnection() throws SQLException {
        CachedStatement one = givenBack("SELECT 1");
        CachedStatement two = givenBack("SELECT 2");
        cache.close();
        assertThat(one.isClosed()).isTrue();
        assertThat(two.isClosed()).isTrue();
        assertThat(cache.size()).isZero();
        assertThat(connection.isClosed()).isFalse();
    }

    private CachedStatement givenBack(String text) throws SQLException {
        return givenBack(cache, text);
    }

    private static CachedStatement givenBack(StatementCache statements, String text) throws SQLException {
        try (CachedStatement s = statements.sql().prepare(text)) {
            return s;
        }
    }

    private static String single(CachedStatement s) throws SQLException {
        try (ResultSet rs = s.executeQuery()) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    private void insert(String id, int n) throws SQLException {
        try (CachedStatement s = sql.prepare(INSERT)) {
            s.setString(1, id);
            s.setInt(2, n);
            s.executeUpdate();
        }
    }

    private List<String> ids() throws SQLException {
        List<String> out = new ArrayList<>();
        try (CachedStatement s = sql.prepare("SELECT id FROM items ORDER BY id"); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("cache.db"));
    }
}
