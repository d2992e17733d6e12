package dev.contextgate.provider;

/**
 * Tells {@link HttpUpstream} that the call the current thread is making has already waited out this provider's
 * {@code max_in_flight_wait_seconds} once and been refused: it may take a permit that is free at this moment,
 * but must not wait for one again. Without it, a request whose model has another deployment or a fallback on
 * the same provider would wait the full time again for each (twice or three times the configured wait), for
 * a provider that had just said it has no room.
 *
 * <p>Opened by {@link CallPlan} around one attempt and closed when that attempt returns, on the thread that
 * makes it, like {@link CallInterrupt}; it holds no state of its own beyond that attempt, and nothing is shared
 * between requests. Which providers refused is the plan's business (per request); this only carries the
 * answer down to the permit, through provider code that has no parameter for it.
 */
final class PermitWait implements AutoCloseable {

    private static final ThreadLocal<Boolean> NO_WAIT = new ThreadLocal<>();

    private final Boolean before;

    private PermitWait(Boolean before) {
        this.before = before;
    }

    /** For the calls the current thread makes until {@link #close()}: a permit only if one is free at once. */
    static PermitWait noneForThisThread() {
        PermitWait scope = new PermitWait(NO_WAIT.get());
        NO_WAIT.set(Boolean.TRUE);
        return scope;
    }

    /** True inside a {@link #noneForThisThread()} scope on this thread. */
    static boolean waived() {
        return NO_WAIT.get() != null;
    }

    @Override
    public void close() {
        if (before == null) {
            NO_WAIT.remove();
        } else {
            NO_WAIT.set(before);
        }
    }
}
