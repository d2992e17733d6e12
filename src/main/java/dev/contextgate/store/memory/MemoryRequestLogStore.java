package dev.contextgate.store.memory;

import dev.contextgate.observe.RequestLogEntry;
import dev.contextgate.observe.RequestLogStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The request log for {@code store.url: memory:}: gone at exit, like the contexts. */
public final class MemoryRequestLogStore implements RequestLogStore {

    private final List<RequestLogEntry> rows = new ArrayList<>();
    private long nextSeq = 1;

    @Override
    public synchronized void insert(List<RequestLogEntry> entries) {
        for (RequestLogEntry e : entries) {
            rows.add(e.withSeq(nextSeq++));
        }
    }

    @Override
    public synchronized List<RequestLogEntry> find(Query query) {
        List<RequestLogEntry> out = new ArrayList<>();
        for (int i = rows.size() - 1; i >= 0 && out.size() < query.limit(); i--) {
            RequestLogEntry e = rows.get(i);
            if (RequestLogStore.matches(e, query)) {
                out.add(e);
            }
        }
        return out;
    }

    @Override
    public synchronized int deleteBefore(Instant cutoff) {
        int before = rows.size();
        rows.removeIf(e -> e.time().isBefore(cutoff));
        return before - rows.size();
    }
}
