package dev.contextgate.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Collects configuration problems so the user sees all of them at once, not one per run. Problems that
 * point into the config file come first, in line order; the others (flags, environment) follow as found.
 */
final class Problems {

    private static final Pattern FILE_LINE = Pattern.compile("^\\S+?:(\\d+): ");

    private final List<String> lines = new ArrayList<>();

    void add(String line) {
        lines.add(line);
    }

    boolean isEmpty() {
        return lines.isEmpty();
    }

    void throwIfAny() throws ConfigException {
        if (!lines.isEmpty()) {
            List<String> sorted = new ArrayList<>(lines);
            sorted.sort(Comparator.comparingLong(Problems::fileLine)); // stable: equal lines keep their order
            throw new ConfigException(sorted);
        }
    }

    private static long fileLine(String problem) {
        Matcher m = FILE_LINE.matcher(problem);
        return m.find() ? Long.parseLong(m.group(1)) : Long.MAX_VALUE;
    }
}
