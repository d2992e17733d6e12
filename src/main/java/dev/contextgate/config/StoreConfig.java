package dev.contextgate.config;

/** Where contexts live: {@code sqlite:PATH} (default, in the data dir) or {@code memory:}. */
public record StoreConfig(String url) {}
