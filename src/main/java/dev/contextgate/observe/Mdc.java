package dev.contextgate.observe;

import java.util.Map;
import org.slf4j.MDC;

/**
 * Carries the logging context (the request id) to work that runs on another thread, so that lines
 * logged there for a request still name it.
 */
public final class Mdc {

    /** The MDC key of the request id, in text lines (see {@link RequestIdConverter}) and JSON lines. */
    public static final String REQUEST_ID = "request_id";

    private Mdc() {}

    /** {@code work} with the calling thread's MDC set while it runs (and cleared after). */
    public static Runnable carry(Runnable work) {
        Map<String, String> context = MDC.getCopyOfContextMap();
        if (context == null || context.isEmpty()) {
            return work;
        }
        return () -> {
            Map<String, String> previous = MDC.getCopyOfContextMap();
            MDC.setContextMap(context);
            try {
                work.run();
            } finally {
                if (previous == null) {
                    MDC.clear();
                } else {
                    MDC.setContextMap(previous);
                }
            }
        };
    }
}
