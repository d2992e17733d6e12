package dev.contextgate.provider;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Lets another thread stop a resilient call: it wakes a backoff sleep at once and closes the attempt
 * in flight (closing a stream drops its connection, which unblocks its read).
 */
final class Cancellation {

    private final CountDownLatch cancelled = new CountDownLatch(1);
    private final AtomicReference<AutoCloseable> current = new AtomicReference<>();
    private volatile boolean abandoned;

    boolean cancelled() {
        return cancelled.getCount() == 0;
    }

    /** True when the caller left: an attempt that fails from then on says nothing about its deployment. */
    boolean abandoned() {
        return abandoned;
    }

    void cancel() {
        cancelled.countDown();
        closeQuietly(current.getAndSet(null));
    }

    /** Cancels because no one is waiting for the answer any more (the client left). */
    void abandon() {
        abandoned = true;
        cancel();
    }

    /** Registers the attempt in flight; closes it at once when the call was cancelled meanwhile. */
    void track(AutoCloseable attempt) {
        current.set(attempt);
        if (cancelled()) {
            closeQuietly(current.getAndSet(null));
        }
    }

    void untrack(AutoCloseable attempt) {
        current.compareAndSet(attempt, null);
    }

    /** Sleeps, unless cancelled first or meanwhile; false when cancelled. */
    boolean sleep(Duration wait) {
        if (wait.isZero() || wait.isNegative()) {
            return !cancelled();
        }
        try {
            return !cancelled.await(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // it is being abandoned
            }
        }
    }
}
