package dev.contextgate.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Set;

/**
 * Typed reads from a {@link YamlDocument}'s tree. Each read expands {@code ${VAR}}, reports its own
 * problem with file, line and key path, and returns null when the value is absent or unusable.
 */
final class NodeReader {

    private final YamlDocument doc;
    private final EnvExpander env;
    private final Problems problems;

    NodeReader(YamlDocument doc, EnvExpander env, Problems problems) {
        this.doc = doc;
        this.env = env;
        this.problems = problems;
    }

    void problem(String path, String message) {
        problems.add(doc.where(path) + ": " + path + ": " + message);
    }

    void checkKeys(JsonNode object, String path, Set<String> allowed) {
        object.fieldNames().forEachRemaining(key -> {
            if (!allowed.contains(key)) {
                String full = path.isEmpty() ? key : path + "." + key;
                problem(full, "unknown key" + Suggestions.didYouMean(key, allowed.stream().sorted().toList()));
            }
        });
    }

    boolean object(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isObject()) {
            problem(path, "expected a mapping (key: value), not " + describe(node));
            return false;
        }
        return true;
    }

    interface ItemReader {
        void read(JsonNode item, String path);
    }

    void list(JsonNode node, String path, ItemReader reader) {
        if (node == null || node.isNull()) {
            return;
        }
        if (!node.isArray()) {
            problem(path, "expected a list, not " + describe(node));
            return;
        }
        for (int i = 0; i < node.size(); i++) {
            reader.read(node.get(i), path + "[" + i + "]");
        }
    }

    String required(JsonNode object, String path, String key) {
        JsonNode value = object.get(key);
        if (value == null || value.isNull()) {
            problem(path + "." + key, "is missing");
            return null;
        }
        return text(value, path + "." + key);
    }

    /** A scalar as text, with ${VAR} expanded; null when absent or unusable. */
    String text(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isValueNode()) {
            problem(path, "expected a single value, not " + describe(node));
            return null;
        }
        try {
            return env.expand(node.asText());
        } catch (EnvExpander.UnsetVariable e) {
            problem(path, "${" + e.name + "} is not set in the environment; set it, or write ${" + e.name + ":-default}");
            return null;
        }
    }

    Long whole(JsonNode node, String path, long min) {
        String t = text(node, path);
        if (t == null) {
            return null;
        }
        try {
            long v = Long.parseLong(t.strip());
            if (v < min) {
                problem(path, v + " must be at least " + min);
                return null;
            }
            return v;
        } catch (NumberFormatException e) {
            problem(path, "'" + t + "' is not a whole number");
            return null;
        }
    }

    Double number(JsonNode node, String path) {
        String t = text(node, path);
        if (t == null) {
            return null;
        }
        try {
            double v = Double.parseDouble(t.strip());
            if (v < 0 || Double.isNaN(v) || Double.isInfinite(v)) {
                problem(path, t + " must be a number of 0 or more");
                return null;
            }
            return v;
        } catch (NumberFormatException e) {
            problem(path, "'" + t + "' is not a number");
            return null;
        }
    }

    /**
     * Seconds from 0 to {@code max}, fractions allowed, to the millisecond. {@code hint} says what to write
     * instead, after every problem. BigDecimal rather than Double: Java's double syntax takes "5d" and "0x1p3".
     */
    Duration seconds(JsonNode node, String path, Duration max, String hint) {
        String t = text(node, path);
        if (t == null) {
            return null;
        }
        BigDecimal v;
        try {
            v = new BigDecimal(t.strip());
        } catch (NumberFormatException e) {
            problem(path, "'" + t + "' is not a number of seconds; " + hint);
            return null;
        }
        if (v.signum() < 0) {
            problem(path, t.strip() + " is less than 0; " + hint);
            return null;
        }
        if (v.compareTo(BigDecimal.valueOf(max.toMillis(), 3)) > 0) {
            problem(path, t.strip() + " is more than " + BigDecimal.valueOf(max.toMillis(), 3).stripTrailingZeros()
                    .toPlainString() + " seconds; " + hint);
            return null;
        }
        return Duration.ofMillis(v.movePointRight(3).setScale(0, RoundingMode.HALF_UP).longValueExact());
    }

    /** False (after a problem) when {@code name} was already used in this list. */
    boolean unique(Set<String> seen, String name, String path, String what) {
        if (seen.add(name)) {
            return true;
        }
        problem(path + ".name", what + " '" + name + "' is used twice; names must be unique");
        return false;
    }

    private static String describe(JsonNode node) {
        if (node.isArray()) {
            return "a list";
        }
        if (node.isObject()) {
            return "a mapping";
        }
        return "'" + node.asText() + "'";
    }
}
