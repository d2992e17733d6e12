package dev.contextgate.dialect;

import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.RecyclerPool;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Jackson's buffers shared by every thread, bounded and without a lock. Jackson's own bounded pool
 * guards an {@code ArrayBlockingQueue} with one lock; every parser and generator takes and returns a
 * buffer, so streamed calls (two per event) contended on it, and each hand-over of the lock unparked a
 * virtual thread: 3% of a streaming profile in bench/run. Here a buffer sits in one of a fixed number of
 * slots and is taken or put back with a single compare-and-set; when every slot is empty a new buffer is
 * made, and when every slot is full a returned one is left to the garbage collector.
 */
final class LockFreeBufferPool implements RecyclerPool<BufferRecycler> {

    private static final long serialVersionUID = 1L;

    private final transient AtomicReferenceArray<BufferRecycler> slots;
    private final int mask;

    /** @param capacity a power of two: the most buffers kept between uses */
    LockFreeBufferPool(int capacity) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two, was " + capacity);
        }
        this.slots = new AtomicReferenceArray<>(capacity);
        this.mask = capacity - 1;
    }

    @Override
    public BufferRecycler acquirePooled() {
        int start = home();
        for (int i = 0; i <= mask; i++) {
            int slot = (start + i) & mask;
            BufferRecycler buffers = slots.getPlain(slot);
            if (buffers != null && slots.compareAndSet(slot, buffers, null)) {
                return buffers;
            }
        }
        return new BufferRecycler();
    }

    @Override
    public void releasePooled(BufferRecycler buffers) {
        int start = home();
        for (int i = 0; i <= mask; i++) {
            int slot = (start + i) & mask;
            if (slots.getPlain(slot) == null && slots.compareAndSet(slot, null, buffers)) {
                return;
            }
        }
    }

    @Override
    public int pooledCount() {
        int count = 0;
        for (int i = 0; i <= mask; i++) {
            if (slots.get(i) != null) {
                count++;
            }
        }
        return count;
    }

    @Override
    public boolean clear() {
        for (int i = 0; i <= mask; i++) {
            slots.set(i, null);
        }
        return true;
    }

    /** Threads start their search at different slots, so concurrent callers rarely race for one. */
    private int home() {
        long id = Thread.currentThread().threadId();
        return (int) (id ^ (id >>> 16)) * 0x9E3779B9 >>> 8;
    }
}
