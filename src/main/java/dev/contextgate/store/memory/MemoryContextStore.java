package dev.contextgate.store.memory;

import dev.contextgate.chat.GatewayError;
import dev.contextgate.context.ContextInfo;
import dev.contextgate.context.ContextPatch;
import dev.contextgate.context.ContextSummary;
import dev.contextgate.context.ContextStore;
import dev.contextgate.context.NewMessage;
import dev.contextgate.context.StoredMessage;
import dev.contextgate.context.MessageIds;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Contexts in the heap, for tests and throwaway runs ({@code store.url: memory:}); gone at exit.
 * One lock guards everything: simple, and far faster than any disk.
 */
public final class MemoryContextStore implements ContextStore {

    private final Clock clock;
    private final MessageIds ids = new MessageIds();
    private final Map<String, Entry> contexts = new HashMap<>();

    public MemoryContextStore(Clock clock) {
        this.clock = clock;
    }

    private static final class Entry {
        ContextInfo info;
        ContextSummary summary = ContextSummary.NONE;
        final List<StoredMessage> messages = new ArrayList<>();
        long nextSeq = 1;

        Entry(ContextInfo info) {
            this.info = info;
        }
    }

    @Override
    public synchronized ContextInfo create(ContextInfo context) {
        if (contexts.containsKey(context.id())) {
            throw GatewayError.invalid("id", "a context with id \"" + context.id() + "\" already exists");
        }
        contexts.put(context.id(), new Entry(context));
        return context;
    }

    @Override
    public synchronized Optional<ContextInfo> get(String id) {
        Entry e = contexts.get(id);
        return e == null ? Optional.empty() : Optional.of(e.info);
    }

    @Override
    public synchronized ContextInfo getOrCreate(String id, String owner) {
        Instant now = now();
        return contexts.computeIfAbsent(id,
                k -> new Entry(new ContextInfo(id, owner, now, now, null, List.of(), Map.of(), null, 0, 0, null))).info;
    }

    @Override
    public synchronized Optional<ContextInfo> update(String id, ContextPatch patch) {
        Entry e = contexts.get(id);
        if (e == null) {
            return Optional.empty();
        }
        ContextInfo old = e.info;
        e.info = patch.applyTo(old, now());
        return Optional.of(e.info);
    }

    @Override
    public synchronized boolean delete(String id) {
        return contexts.remove(id) != null;
    }

    @Override
    public synchronized List<ContextInfo> list(String owner, int limit, String afterId) {
        Comparator<ContextInfo> newestFirst = Comparator.comparing(ContextInfo::createdAt)
                .thenComparing(ContextInfo::id).reversed();
        ContextInfo after = afterId == null || !contexts.containsKey(afterId) ? null : contexts.get(afterId).info;
        return contexts.values().stream()
                .map(e -> e.info)
                .filter(c -> c.owner().equals(owner))
                .filter(c -> after == null || newestFirst.compare(c, after) > 0)
                .sorted(newestFirst)
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized List<StoredMessage> history(String contextId) {
        Entry e = contexts.get(contextId);
        return e == null ? List.of() : List.copyOf(e.messages);
    }

    @Override
    public synchronized List<StoredMessage> messages(String contextId, int limit, String afterId, boolean newestFirst) {
        List<StoredMessage> all = new ArrayList<>(history(contextId));
        if (newestFirst) {
            java.util.Collections.reverse(all);
        }
        int start = 0;
        if (afterId != null) {
            start = -1;
            for (int i = 0; i < all.size(); i++) {
                if (all.get(i).id().equals(afterId)) {
                    start = i + 1;
                }
            }
            if (start < 0) {
                throw GatewayError.invalid("after", "after: no message \"" + afterId + "\" in context \"" + contextId + "\"");
            }
        }
        return List.copyOf(all.subList(start, (int) Math.min(all.size(), (long) start + limit)));
    }

    @Override
    public synchronized List<StoredMessage> append(String contextId, List<NewMessage> messages) {
        Entry e = contexts.get(contextId);
        if (e == null) {
            throw GatewayError.notFound("context \"" + contextId + "\" does not exist");
        }
        Instant now = now();
        List<StoredMessage> stored = new ArrayList<>(messages.size());
        long tokens = 0;
        for (NewMessage m : messages) {
            stored.add(new StoredMessage(ids.next(), e.nextSeq++, m.message(), m.model(), now, m.tokens()));
            tokens += m.tokens();
        }
        e.messages.addAll(stored);
        e.info = counted(e.info, messages.size(), tokens, now);
        return stored;
    }

    @Override
    public synchronized Optional<StoredMessage> replaceMessage(String contextId, String messageId, NewMessage replacement) {
        Entry e = contexts.get(contextId);
        if (e == null) {
            return Optional.empty();
        }
        for (int i = 0; i < e.messages.size(); i++) {
            StoredMessage old = e.messages.get(i);
            if (old.id().equals(messageId)) {
                StoredMessage s = new StoredMessage(messageId, old.seq(), replacement.message(),
                        replacement.model() == null ? old.model() : replacement.model(), old.createdAt(),
                        replacement.tokens());
                e.messages.set(i, s);
                e.info = counted(e.info, 0, s.tokens() - old.tokens(), now());
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    @Override
    public synchronized List<StoredMessage> removeMessages(String contextId, Collection<String> messageIds) {
        Entry e = contexts.get(contextId);
        if (e == null) {
            return List.of();
        }
        Set<String> wanted = new HashSet<>(messageIds);
        List<StoredMessage> removed = e.messages.stream().filter(m -> wanted.contains(m.id())).toList();
        e.messages.removeAll(removed);
        e.info = counted(e.info, -removed.size(), -removed.stream().mapToLong(StoredMessage::tokens).sum(),
                now());
        return removed;
    }

    @Override
    public synchronized void restore(ContextInfo context, List<StoredMessage> messages) {
        create(context);
        Entry e = contexts.get(context.id());
        e.messages.addAll(messages);
        for (StoredMessage m : messages) {
            e.nextSeq = Math.max(e.nextSeq, m.seq() + 1);
        }
    }

    @Override
    public synchronized ContextSummary summary(String contextId) {
        Entry e = contexts.get(contextId);
        return e == null ? ContextSummary.NONE : e.summary;
    }

    @Override
    public synchronized boolean saveSummary(String contextId, long expectedThroughSeq, ContextSummary summary) {
        Entry e = contexts.get(contextId);
        if (e == null || e.summary.throughSeq() != expectedThroughSeq) {
            return false;
        }
        e.summary = summary;
        return true;
    }

    @Override
    public synchronized Size size() {
        long messages = 0;
        for (Entry e : contexts.values()) {
            messages += e.messages.size();
        }
        return new Size(contexts.size(), messages);
    }

    @Override
    public String describe() {
        return "memory:";
    }

    @Override
    public void close() {
        // Nothing to release: the heap goes with the process.
    }

    private static ContextInfo counted(ContextInfo c, int messages, long tokens, Instant now) {
        return new ContextInfo(c.id(), c.owner(), c.createdAt(), now, c.system(), c.pins(), c.metadata(),
                c.maxTokens(), c.messageCount() + messages, c.tokenCount() + tokens, c.summarize());
    }

    /** Stores keep milliseconds; so does every instant they hand out. */
    private Instant now() {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }
}
