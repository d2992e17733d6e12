package dev.contextgate.config;

import java.util.ArrayList;
import java.util.List;

/** Collects configuration problems so the user sees all of them at once, not one per run. */
final class Problems {

    private final List<String> lines = new ArrayList<>();

    void add(String line) {
        lines.add(line);
    }

    boolean isEmpty() {
        return lines.isEmpty();
    }

    void throwIfAny() throws ConfigException {
        if (!lines.isEmpty()) {
            throw new ConfigException(lines);
        }
    }
}
