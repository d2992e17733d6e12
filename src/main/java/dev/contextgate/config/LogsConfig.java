package dev.contextgate.config;

/**
 * The request log kept in the store (file key {@code logs}).
 *
 * @param bodies keep request and response bodies with each row (off by default: they hold prompts)
 * @param retentionDays rows older than this are deleted, at start and hourly
 */
public record LogsConfig(boolean bodies, int retentionDays) {

    public static final LogsConfig DEFAULT = new LogsConfig(false, 7);

    public LogsConfig {
        if (retentionDays < 1) {
            throw new IllegalArgumentException("retentionDays must be at least 1");
        }
    }
}
