package dev.contextgate.observe;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * Keeps the {@code model} label bounded: a name the router knows stays (a dated variant such as
 * {@code gpt-4o-2024-08-06} becomes the known {@code gpt-4o}), anything else is {@code other}.
 */
final class ModelLabels {

    static final String OTHER = "other";
    static final String NONE = "none";

    private final Set<String> known;

    ModelLabels(Collection<String> known) {
        this.known = new TreeSet<>(known);
    }

    String of(String model) {
        if (model == null || model.isEmpty()) {
            return NONE;
        }
        if (known.contains(model)) {
            return model;
        }
        String best = null;
        for (String k : known) {
            if (model.startsWith(k + "-") && (best == null || k.length() > best.length())) {
                best = k;
            }
        }
        return best != null ? best : OTHER;
    }
}
