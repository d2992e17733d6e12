package dev.contextgate.context;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One fair lock per context id, so two requests on one context run one after the other (in arrival
 * order) while requests on different contexts never wait on each other. Locks are dropped when no
 * one holds or waits for them, so memory stays bounded by the contexts in use.
 */
public final class ContextLocks {

    private static final class Slot {
        final ReentrantLock lock = new ReentrantLock(true);
        int users;
    }

    private final ConcurrentHashMap<String, Slot> slots = new ConcurrentHashMap<>();

    /** A held lock; closing releases it. */
    public interface Lease extends AutoCloseable {
        @Override
        void close();
    }

    public Lease acquire(String contextId) {
        Slot slot = slots.compute(contextId, (id, s) -> {
            Slot held = s == null ? new Slot() : s;
            held.users++;
            return held;
        });
        slot.lock.lock();
        return () -> {
            slot.lock.unlock();
            slots.computeIfPresent(contextId, (id, s) -> --s.users == 0 ? null : s);
        };
    }

    /** How many contexts have a lock in use now (for metrics and tests). */
    public int active() {
        return slots.size();
    }
}
