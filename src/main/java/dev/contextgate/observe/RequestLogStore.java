package dev.contextgate.observe;

import java.time.Instant;
import java.util.List;

/**
 * Where request log rows live: the context store's database (same file, same writer), or memory.
 * Thread-safe. Only the request log's writer inserts; the log API reads.
 */
public interface RequestLogStore {

    /** Stores the rows in one transaction, in order; their {@code seq} is the store's. */
    void insert(List<RequestLogEntry> entries);

    /** One owner's rows matching the query, newest first. */
    List<RequestLogEntry> find(Query query);

    /** Deletes rows older than {@code cutoff}; returns how many. */
    int deleteBefore(Instant cutoff);

    /**
     * What {@code GET /v1/logs} asks for. Null filters match everything.
     *
     * @param model matches the requested or the answering model
     * @param statusMin inclusive; with {@code statusMax} one status ({@code 429}) or a class ({@code 4xx})
     * @param afterSeq only rows older than this one (the page cursor); 0 for the newest
     */
    record Query(String owner, String model, Integer statusMin, Integer statusMax, Instant since, Instant until,
            String contextId, int limit, long afterSeq) {}

    /** True when the row matches every filter of the query (owner included), cursor and limit aside. */
    static boolean matches(RequestLogEntry e, Query q) {
        return e.owner().equals(q.owner())
                && (q.model() == null || q.model().equals(e.requestedModel()) || q.model().equals(e.model()))
                && (q.statusMin() == null || e.status() >= q.statusMin() && e.status() <= q.statusMax())
                && (q.since() == null || !e.time().isBefore(q.since()))
                && (q.until() == null || e.time().isBefore(q.until()))
                && (q.contextId() == null || q.contextId().equals(e.contextId()))
                && (q.afterSeq() <= 0 || e.seq() < q.afterSeq());
    }
}
