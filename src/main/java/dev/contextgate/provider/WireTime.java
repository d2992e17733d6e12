package dev.contextgate.provider;

import java.util.function.Supplier;

/**
 * How long a call actually waited on the network, as opposed to the gateway's own work around it
 * (encoding, decoding, resilience, hand-offs between threads). {@code X-ContextGate-Overhead-Ms} is the
 * request's time minus this; when it counted the whole provider call as "upstream", the header said 0.10
 * ms on an idle call where a client saw 0.45 ms more than calling the upstream directly.
 *
 * <p>A call and its waits run on the same (virtual) thread, so the measure travels in a thread-local
 * for the duration of {@link #during}; waits outside one are not counted anywhere.
 */
public final class WireTime {

    private static final ThreadLocal<long[]> CURRENT = new ThreadLocal<>();

    private WireTime() {}

    /**
     * Runs {@code call}, adding to {@code total[0]} the nanoseconds it spent waiting on an upstream; a call
     * that reports no wait (the simulated provider, a test double) leaves it unchanged.
     */
    public static <T> T during(long[] total, Supplier<T> call) {
        long[] outer = CURRENT.get();
        CURRENT.set(total);
        try {
            return call.get();
        } finally {
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
            }
        }
    }

    /** Counts a wait on the network for the call in progress, if one is being measured. */
    static void add(long nanos) {
        long[] total = CURRENT.get();
        if (total != null && nanos > 0) {
            total[0] += nanos;
        }
    }
}
