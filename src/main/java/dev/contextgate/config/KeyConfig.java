package dev.contextgate.config;

import java.util.Objects;

/** A client key, known only by its SHA-256 (lower-case hex), never by its text. */
public record KeyConfig(String name, String keySha256) {
    public KeyConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keySha256, "keySha256");
    }
}
