package dev.contextgate.provider;

/**
 * Lets another thread cancel a blocking provider call by interrupting the thread that makes it, and only
 * while it makes it. An interrupt is how a call blocked in here is cancelled: {@link HttpUpstream} aborts
 * the upstream request in flight (its connection is closed, so the provider stops generating), and a wait
 * for a permit or a backoff ends at once. An interrupt asked for after {@link #close()} is dropped, and
 * {@code close()} clears one that came, so the flag never leaks into what the thread does next.
 */
public final class CallInterrupt implements AutoCloseable {

    private final Thread caller;
    /** Guarded by this: interrupting and closing must not cross, or a late interrupt would outlive the call. */
    private boolean open = true;
    private volatile boolean interrupted;

    private CallInterrupt(Thread caller) {
        this.caller = caller;
    }

    /** For the calls the current thread makes until {@link #close()}. */
    public static CallInterrupt forThisThread() {
        return new CallInterrupt(Thread.currentThread());
    }

    /** From any thread: interrupts the caller, unless its call is over. */
    public synchronized void interrupt() {
        if (open && !interrupted) {
            interrupted = true;
            caller.interrupt();
        }
    }

    /** True once {@link #interrupt()} reached the caller, also after {@link #close()}. */
    public boolean interrupted() {
        return interrupted;
    }

    /** On the caller's thread, once its call is over: no interrupt reaches it after this one. */
    @Override
    public synchronized void close() {
        if (open) {
            open = false;
            if (interrupted) {
                Thread.interrupted();
            }
        }
    }
}
