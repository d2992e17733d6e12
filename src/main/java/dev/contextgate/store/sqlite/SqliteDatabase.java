package dev.contextgate.store.sqlite;

import dev.contextgate.chat.GatewayError;
import dev.contextgate.store.jdbc.CachedStatement;
import dev.contextgate.store.jdbc.Database;
import dev.contextgate.store.jdbc.Sql;
import dev.contextgate.store.jdbc.SqlDialect;
import dev.contextgate.store.jdbc.SqlWork;
import dev.contextgate.store.jdbc.StatementCache;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded database. sqlite-jdbc's calls are {@code synchronized native}: a virtual thread inside
 * one would pin a carrier (there are two). So no virtual thread ever touches a connection: all writes
 * run on one platform thread that groups whatever is queued into a single commit, and reads run on
 * two platform threads with a connection each. Each connection keeps its compiled statements in its
 * own {@link StatementCache}, used only by that connection's thread. WAL with {@code synchronous=NORMAL}
 * keeps a commit through {@code kill -9} (not through power loss), at a fraction of a full sync's cost.
 */
public final class SqliteDatabase implements Database {

    private static final Logger log = LoggerFactory.getLogger(SqliteDatabase.class);
    private static final int READERS = 2;
    private static final int MAX_GROUP = 256;
    /** The store runs a few dozen distinct statements; room to spare keeps them all compiled. */
    private static final int STATEMENTS_PER_CONNECTION = 64;

    static final SqlDialect DIALECT = new SqlDialect() {
        @Override
        public String textType() {
            return "TEXT";
        }

        @Override
        public String identityKeyType() {
            return "INTEGER PRIMARY KEY"; // the rowid: numbered by SQLite, in insert order
        }

        @Override
        public List<String> connectionSetup() {
            return List.of("PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA busy_timeout=5000",
                    "PRAGMA foreign_keys=ON");
        }
    };

    private final Path file;
    private final BlockingQueue<Task<?>> writes = new LinkedBlockingQueue<>();
    private final BlockingQueue<Task<?>> reads = new ArrayBlockingQueue<>(4096);
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean closed;

    private SqliteDatabase(Path file) {
        this.file = file;
    }

    /** Opens (creating when needed) the database file; {@code setup} runs once on the writer before it serves. */
    public static SqliteDatabase open(Path file, SqlWork<?> setup) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot create the data directory for " + file + ": " + e.getMessage(), e);
        }
        SqliteDatabase db = new SqliteDatabase(file);
        try {
            Connection writer = db.connect();
            writer.setAutoCommit(false);
            StatementCache writerStatements = new StatementCache(writer, STATEMENTS_PER_CONNECTION);
            setup.run(writerStatements.sql());
            writer.commit();
            db.start("contextgate-sqlite-writer", () -> db.writeLoop(writer, writerStatements));
            for (int i = 0; i < READERS; i++) {
                Connection reader = db.connect();
                StatementCache readerStatements = new StatementCache(reader, STATEMENTS_PER_CONNECTION);
                db.start("contextgate-sqlite-reader-" + i, () -> db.readLoop(reader, readerStatements));
            }
        } catch (SQLException e) {
            db.close();
            throw new IllegalStateException("cannot open the SQLite store " + file + ": " + e.getMessage(), e);
        }
        return db;
    }

    @Override
    public <T> T read(SqlWork<T> work) {
        return submit(reads, work);
    }

    @Override
    public <T> T write(SqlWork<T> work) {
        return submit(writes, work);
    }

    @Override
    public SqlDialect dialect() {
        return DIALECT;
    }

    @Override
    public String describe() {
        return "sqlite:" + file;
    }

    @Override
    public void close() {
        closed = true;
        for (Thread t : threads) {
            t.interrupt();
        }
        for (Thread t : threads) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private <T> T submit(BlockingQueue<Task<?>> queue, SqlWork<T> work) {
        if (closed) {
            throw new IllegalStateException("the store is closed");
        }
        Task<T> task = new Task<>(work);
        try {
            queue.put(task);
            return task.result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the store", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof GatewayError g) {
                throw g;
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("store failure: " + cause.getMessage(), cause);
        }
    }

    private Connection connect() throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        try (Statement st = c.createStatement()) {
            for (String sql : DIALECT.connectionSetup()) {
                st.execute(sql);
            }
        }
        return c;
    }

    private void start(String name, Runnable loop) {
        Thread t = Thread.ofPlatform().name(name).daemon(true).start(loop);
        threads.add(t);
    }

    /** Takes all queued writes, runs each in its own savepoint, and commits them together. */
    private void writeLoop(Connection conn, StatementCache statements) {
        List<Task<?>> group = new ArrayList<>();
        try (conn; statements) {
            while (!closed) {
                Task<?> first = writes.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                writes.drainTo(group, MAX_GROUP - 1);
                List<Runnable> outcomes = new ArrayList<>(group.size());
                for (Task<?> task : group) {
                    outcomes.add(task.runInSavepoint(statements.sql()));
                }
                try {
                    conn.commit();
                    outcomes.forEach(Runnable::run);
                } catch (SQLException e) {
                    log.error("SQLite commit of {} writes failed", group.size(), e);
                    rollbackQuietly(conn);
                    for (Task<?> task : group) {
                        task.result.completeExceptionally(e);
                    }
                }
                group.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException e) {
            log.warn("closing the SQLite writer failed", e);
        } finally {
            failPending(writes);
        }
    }

    private void readLoop(Connection conn, StatementCache statements) {
        try (conn; statements) {
            while (!closed) {
                Task<?> task = reads.poll(1, TimeUnit.SECONDS);
                if (task != null) {
                    task.runAutoCommit(statements.sql());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException e) {
            log.warn("closing a SQLite reader failed", e);
        } finally {
            failPending(reads);
        }
    }

    private static void failPending(BlockingQueue<Task<?>> queue) {
        Task<?> t;
        while ((t = queue.poll()) != null) {
            t.result.completeExceptionally(new IllegalStateException("the store is closed"));
        }
    }

    private static void rollbackQuietly(Connection conn) {
        try {
            conn.rollback();
        } catch (SQLException e) {
            log.warn("SQLite rollback failed", e);
        }
    }

    private static final class Task<T> {
        final SqlWork<T> work;
        final CompletableFuture<T> result = new CompletableFuture<>();

        Task(SqlWork<T> work) {
            this.work = work;
        }

        /** Runs the work; its result is released only after the group commits, so callers never see uncommitted data. */
        Runnable runInSavepoint(Sql sql) {
            try {
                execute(sql, "SAVEPOINT task");
                try {
                    T value = work.run(sql);
                    execute(sql, "RELEASE SAVEPOINT task");
                    return () -> result.complete(value);
                } catch (Exception e) {
                    execute(sql, "ROLLBACK TO SAVEPOINT task");
                    execute(sql, "RELEASE SAVEPOINT task");
                    return () -> result.completeExceptionally(e);
                }
            } catch (SQLException e) {
                return () -> result.completeExceptionally(e);
            }
        }

        void runAutoCommit(Sql sql) {
            try {
                result.complete(work.run(sql));
            } catch (Exception e) {
                result.completeExceptionally(e);
            }
        }

        private static void execute(Sql sql, String text) throws SQLException {
            try (CachedStatement statement = sql.prepare(text)) {
                statement.executeUpdate();
            }
        }
    }
}
