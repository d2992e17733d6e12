package dev.contextgate.config;

import java.time.Duration;

/**
 * How long an upstream call may take, phase by phase. In a per-model override a null leaves the
 * global value in force; {@link #over(TimeoutConfig)} does that merge.
 *
 * @param connect TCP and TLS set-up
 * @param firstByte from sending the request to the response headers and, for a stream, its first event;
 *     reasoning models may think for minutes before that, hence the generous default
 * @param idle the longest silence between two events of a stream
 * @param total the whole request, every retry and fallback included
 */
public record TimeoutConfig(Duration connect, Duration firstByte, Duration idle, Duration total) {

    public static final TimeoutConfig DEFAULT = new TimeoutConfig(
            Duration.ofSeconds(10), Duration.ofSeconds(300), Duration.ofSeconds(300), Duration.ofSeconds(900));

    /** No overrides: every value comes from the global settings. */
    public static final TimeoutConfig INHERIT = new TimeoutConfig(null, null, null, null);

    /** These values where set, else {@code base}'s. */
    public TimeoutConfig over(TimeoutConfig base) {
        return new TimeoutConfig(connect != null ? connect : base.connect,
                firstByte != null ? firstByte : base.firstByte,
                idle != null ? idle : base.idle,
                total != null ? total : base.total);
    }

    public boolean inheritsAll() {
        return connect == null && firstByte == null && idle == null && total == null;
    }
}
