package dev.contextgate.store.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Versioned migrations: each entry moves the schema one version up and runs once, inside the
 * transaction that records it. Never edit a released entry; add one.
 */
public final class Schema {

    private Schema() {}

    static List<String> migrations(SqlDialect dialect) {
        String text = dialect.textType();
        return List.of(
                """
                CREATE TABLE contexts (
                  id VARCHAR(128) PRIMARY KEY,
                  owner VARCHAR(128) NOT NULL,
                  created_at BIGINT NOT NULL,
                  updated_at BIGINT NOT NULL,
                  system_prompt %1$s,
                  pins %1$s NOT NULL,
                  metadata %1$s NOT NULL,
                  max_tokens INTEGER,
                  message_count INTEGER NOT NULL,
                  token_count BIGINT NOT NULL,
                  next_seq BIGINT NOT NULL
                );
                CREATE INDEX contexts_by_owner ON contexts (owner, created_at, id);
                CREATE TABLE messages (
                  context_id VARCHAR(128) NOT NULL,
                  seq BIGINT NOT NULL,
                  id VARCHAR(64) NOT NULL UNIQUE,
                  role VARCHAR(16) NOT NULL,
                  content %1$s NOT NULL,
                  model VARCHAR(256),
                  created_at BIGINT NOT NULL,
                  tokens INTEGER NOT NULL,
                  PRIMARY KEY (context_id, seq)
                )
                """.formatted(text),
                """
                ALTER TABLE contexts ADD COLUMN summarize %1$s;
                ALTER TABLE contexts ADD COLUMN summary %1$s;
                ALTER TABLE contexts ADD COLUMN summary_through BIGINT NOT NULL DEFAULT 0;
                ALTER TABLE contexts ADD COLUMN summary_tokens INTEGER NOT NULL DEFAULT 0
                """.formatted(text),
                """
                CREATE TABLE request_log (
                  seq %2$s,
                  created_at BIGINT NOT NULL,
                  request_id VARCHAR(128) NOT NULL,
                  owner VARCHAR(128) NOT NULL,
                  route VARCHAR(64) NOT NULL,
                  dialect VARCHAR(16) NOT NULL,
                  requested_model VARCHAR(256),
                  model VARCHAR(256),
                  provider VARCHAR(128),
                  status INTEGER NOT NULL,
                  error_kind VARCHAR(64),
                  input_tokens INTEGER NOT NULL,
                  output_tokens INTEGER NOT NULL,
                  latency_ms DOUBLE PRECISION NOT NULL,
                  overhead_ms DOUBLE PRECISION NOT NULL,
                  streamed INTEGER NOT NULL,
                  context_id VARCHAR(128),
                  request_body %1$s,
                  response_body %1$s
                );
                CREATE INDEX request_log_by_owner ON request_log (owner, seq);
                CREATE INDEX request_log_by_time ON request_log (created_at)
                """.formatted(text, dialect.identityKeyType()));
    }

    /** Brings the schema to the newest version; returns the version it found. */
    public static int migrate(Connection connection, SqlDialect dialect) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
            int found = 0;
            try (ResultSet rs = st.executeQuery("SELECT MAX(version) FROM schema_version")) {
                if (rs.next()) {
                    found = rs.getInt(1);
                }
            }
            List<String> all = migrations(dialect);
            if (found > all.size()) {
                throw new SQLException("the database has schema version " + found
                        + " but this ContextGate knows only up to " + all.size() + ": upgrade ContextGate");
            }
            for (int v = found; v < all.size(); v++) {
                for (String sql : all.get(v).split(";\\s*\\n")) {
                    if (!sql.isBlank()) {
                        st.execute(sql);
                    }
                }
                st.execute("INSERT INTO schema_version (version) VALUES (" + (v + 1) + ")");
            }
            return found;
        }
    }
}
