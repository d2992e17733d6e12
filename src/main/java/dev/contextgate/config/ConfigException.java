package dev.contextgate.config;

import java.util.List;

/**
 * The configuration cannot be used. Each problem is one line that names where it comes from
 * ({@code contextgate.yaml:12: providers[1].type: ...}, {@code --port ...}, {@code CONTEXTGATE_PORT ...})
 * and what to do about it. The CLI prints the problems and exits with status 2.
 */
public final class ConfigException extends Exception {

    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(String.join(System.lineSeparator(), problems), null, false, false);
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public ConfigException(String problem) {
        this(List.of(problem));
    }

    /** One line per problem, in the order they were found. */
    public List<String> problems() {
        return problems;
    }
}
