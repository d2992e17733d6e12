package dev.contextgate.provider;

import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads samples out of a {@code /metrics} scrape in the Prometheus text format, for tests. */
final class PrometheusScrape {

    private PrometheusScrape() {}

    /**
     * The value of the first sample of {@code name} whose labels contain {@code label} (a sample without labels
     * matches only an empty {@code label}); empty when there is none.
     */
    static OptionalDouble sample(String scrape, String name, String label) {
        Matcher m = Pattern.compile("(?m)^" + name + "(\\{[^}]*\\})? (\\S+)").matcher(scrape);
        while (m.find()) {
            if (m.group(1) == null ? label.isEmpty() : m.group(1).contains(label)) {
                return OptionalDouble.of(Double.parseDouble(m.group(2)));
            }
        }
        return OptionalDouble.empty();
    }
}
