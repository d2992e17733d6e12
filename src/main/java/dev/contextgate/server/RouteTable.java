package dev.contextgate.server;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/** Method and exact path to endpoint. Filled once at start, then only read (safe to share). */
public final class RouteTable {

    private final Map<String, Map<String, Endpoint>> byPath = new LinkedHashMap<>();
    private final Map<String, Endpoint> byPrefix = new LinkedHashMap<>();

    public RouteTable add(String method, String path, Endpoint endpoint) {
        Objects.requireNonNull(endpoint, "endpoint");
        Endpoint previous = byPath.computeIfAbsent(path, p -> new LinkedHashMap<>()).putIfAbsent(method, endpoint);
        if (previous != null) {
            throw new IllegalStateException(method + " " + path + " is registered twice");
        }
        return this;
    }

    /** A tree of paths one endpoint dispatches itself: {@code prefix} and everything below it, any method. */
    public RouteTable addTree(String prefix, Endpoint endpoint) {
        Objects.requireNonNull(endpoint, "endpoint");
        if (byPrefix.putIfAbsent(prefix, endpoint) != null) {
            throw new IllegalStateException(prefix + "/** is registered twice");
        }
        return this;
    }

    Match match(String method, String path) {
        Map<String, Endpoint> methods = byPath.get(path);
        if (methods == null) {
            for (Map.Entry<String, Endpoint> tree : byPrefix.entrySet()) {
                String prefix = tree.getKey();
                if (path.startsWith(prefix) && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/')) {
                    return new Match.Found(tree.getValue(), prefix + "/*");
                }
            }
            return new Match.NotFound();
        }
        Endpoint endpoint = methods.get(method);
        if (endpoint == null) {
            return new Match.WrongMethod(String.join(", ", new TreeSet<>(methods.keySet())));
        }
        return new Match.Found(endpoint, path);
    }

    sealed interface Match {
        /** @param pattern the registered path, or {@code prefix/*} for a tree: a bounded label for metrics */
        record Found(Endpoint endpoint, String pattern) implements Match {}

        record NotFound() implements Match {}

        /** @param allowed the methods the path does answer, for the {@code Allow} header */
        record WrongMethod(String allowed) implements Match {}
    }
}
