package dev.contextgate.config;

import java.nio.file.Path;

/**
 * Where and how the gateway listens.
 *
 * @param maxBodyBytes the largest request body accepted; larger ones get a 413
 */
public record ServerConfig(String host, int port, Path dataDir, long maxBodyBytes) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 61909;
    public static final long DEFAULT_MAX_BODY_BYTES = 32L * 1024 * 1024;
}
