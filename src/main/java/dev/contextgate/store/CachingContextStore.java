package dev.contextgate.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.contextgate.context.ContextInfo;
import dev.contextgate.context.ContextPatch;
import dev.contextgate.context.ContextStore;
import dev.contextgate.context.ContextSummary;
import dev.contextgate.context.NewMessage;
import dev.contextgate.context.StoredMessage;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Keeps recently used contexts (settings, history, summary) in memory in front of a durable store,
 * so that attaching a context costs no database read and no JSON parsing. Every write goes to the
 * durable store first and then to the cached copy, under a lock striped by context id that loads also
 * take, so a load can never put back data older than a write. Only for a store this process alone
 * writes: several gateways sharing one database must not use it.
 */
public final class CachingContextStore implements ContextStore {

    private static final int STRIPES = 64;

    /** One context as cached; immutable, replaced whole on every change. */
    private record Snapshot(ContextInfo info, List<StoredMessage> history, ContextSummary summary) {}

    private final ContextStore durable;
    private final Cache<String, Snapshot> cache;
    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

    /** @param maxMessages how many messages, over all cached contexts, the cache may hold */
    public CachingContextStore(ContextStore durable, long maxMessages) {
        this.durable = durable;
        this.cache = Caffeine.newBuilder()
                .maximumWeight(maxMessages)
                .weigher((String id, Snapshot s) -> 1 + s.history().size())
                .build();
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    @Override
    public ContextInfo create(ContextInfo context) {
        return locked(context.id(), () -> durable.create(context));
    }

    @Override
    public Optional<ContextInfo> get(String id) {
        Snapshot s = snapshot(id);
        return s == null ? Optional.empty() : Optional.of(s.info());
    }

    @Override
    public ContextInfo getOrCreate(String id, String owner) {
        Snapshot s = snapshot(id);
        if (s != null) {
            return s.info();
        }
        return locked(id, () -> {
            Snapshot again = cache.getIfPresent(id);
            if (again != null) {
                return again.info();
            }
            ContextInfo info = durable.getOrCreate(id, owner);
            boolean empty = info.messageCount() == 0;
            cache.put(id, new Snapshot(info, empty ? List.of() : durable.history(id),
                    empty ? ContextSummary.NONE : durable.summary(id)));
            return info;
        });
    }

    @Override
    public Optional<ContextInfo> update(String id, ContextPatch patch) {
        return locked(id, () -> {
            Optional<ContextInfo> changed = durable.update(id, patch);
            Snapshot s = cache.getIfPresent(id);
            if (s != null && changed.isPresent()) {
                cache.put(id, new Snapshot(changed.get(), s.history(), s.summary()));
            }
            return changed;
        });
    }

    @Override
    public boolean delete(String id) {
        return locked(id, () -> {
            boolean deleted = durable.delete(id);
            cache.invalidate(id);
            return deleted;
        });
    }

    @Override
    public List<ContextInfo> list(String owner, int limit, String afterId) {
        return durable.list(owner, limit, afterId);
    }

    @Override
    public List<StoredMessage> history(String contextId) {
        Snapshot s = snapshot(contextId);
        return s == null ? List.of() : s.history();
    }

    @Override
    public List<StoredMessage> messages(String contextId, int limit, String afterId, boolean newestFirst) {
        return durable.messages(contextId, limit, afterId, newestFirst);
    }

    @Override
    public List<StoredMessage> append(String contextId, List<NewMessage> messages) {
        return locked(contextId, () -> {
            List<StoredMessage> stored = durable.append(contextId, messages);
            Snapshot s = cache.getIfPresent(contextId);
            if (s != null) {
                List<StoredMessage> history = new ArrayList<>(s.history().size() + stored.size());
                history.addAll(s.history());
                history.addAll(stored);
                long tokens = stored.stream().mapToLong(StoredMessage::tokens).sum();
                ContextInfo old = s.info();
                ContextInfo info = new ContextInfo(old.id(), old.owner(), old.createdAt(), stored.getLast().createdAt(),
                        old.system(), old.pins(), old.metadata(), old.maxTokens(), old.messageCount() + stored.size(),
                        old.tokenCount() + tokens, old.summarize());
                cache.put(contextId, new Snapshot(info, List.copyOf(history), s.summary()));
            }
            return stored;
        });
    }

    @Override
    public Optional<StoredMessage> replaceMessage(String contextId, String messageId, NewMessage replacement) {
        return locked(contextId, () -> {
            Optional<StoredMessage> replaced = durable.replaceMessage(contextId, messageId, replacement);
            cache.invalidate(contextId);
            return replaced;
        });
    }

    @Override
    public List<StoredMessage> removeMessages(String contextId, Collection<String> messageIds) {
        return locked(contextId, () -> {
            List<StoredMessage> removed = durable.removeMessages(contextId, messageIds);
            Snapshot s = cache.getIfPresent(contextId);
            if (s != null && !removed.isEmpty()) {
                Set<String> gone = new HashSet<>(messageIds);
                List<StoredMessage> history = s.history().stream().filter(m -> !gone.contains(m.id())).toList();
                ContextInfo old = s.info();
                long tokens = removed.stream().mapToLong(StoredMessage::tokens).sum();
                // The durable store stamped its own update time; reading it back keeps the copy exact.
                ContextInfo info = durable.get(contextId).orElse(new ContextInfo(old.id(), old.owner(), old.createdAt(),
                        old.updatedAt(), old.system(), old.pins(), old.metadata(), old.maxTokens(),
                        old.messageCount() - removed.size(), old.tokenCount() - tokens, old.summarize()));
                cache.put(contextId, new Snapshot(info, history, s.summary()));
            }
            return removed;
        });
    }

    @Override
    public void restore(ContextInfo context, List<StoredMessage> messages) {
        locked(context.id(), () -> {
            durable.restore(context, messages);
            cache.invalidate(context.id());
            return null;
        });
    }

    @Override
    public ContextSummary summary(String contextId) {
        Snapshot s = snapshot(contextId);
        return s == null ? ContextSummary.NONE : s.summary();
    }

    @Override
    public boolean saveSummary(String contextId, long expectedThroughSeq, ContextSummary summary) {
        return locked(contextId, () -> {
            boolean saved = durable.saveSummary(contextId, expectedThroughSeq, summary);
            Snapshot s = cache.getIfPresent(contextId);
            if (saved && s != null) {
                cache.put(contextId, new Snapshot(s.info(), s.history(), summary));
            }
            return saved;
        });
    }

    @Override
    public Size size() {
        return durable.size();
    }

    @Override
    public String describe() {
        return durable.describe();
    }

    @Override
    public void close() {
        cache.invalidateAll();
        durable.close();
    }

    /** The cached snapshot, loaded under the stripe lock when missing; null when there is no such context. */
    private Snapshot snapshot(String id) {
        Snapshot s = cache.getIfPresent(id);
        if (s != null) {
            return s;
        }
        return locked(id, () -> {
            Snapshot again = cache.getIfPresent(id);
            if (again != null) {
                return again;
            }
            Optional<ContextInfo> info = durable.get(id);
            if (info.isEmpty()) {
                return null;
            }
            Snapshot loaded = new Snapshot(info.get(), durable.history(id), durable.summary(id));
            cache.put(id, loaded);
            return loaded;
        });
    }

    private <T> T locked(String id, Supplier<T> work) {
        ReentrantLock lock = stripes[Math.floorMod(id.hashCode(), STRIPES)];
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }
}
