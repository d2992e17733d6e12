package dev.contextgate.store.jdbc;

/**
 * How SQL work reaches connections. Each implementation decides threads and transactions: the
 * embedded SQLite one runs all writes on one platform thread and groups them into shared commits;
 * a server database would use a pool. Work must be short: it holds a connection while it runs.
 */
public interface Database extends AutoCloseable {

    /** Runs read-only work and returns its result. */
    <T> T read(SqlWork<T> work);

    /** Runs work in a transaction that has committed durably when this returns. */
    <T> T write(SqlWork<T> work);

    SqlDialect dialect();

    String describe();

    @Override
    void close();
}
