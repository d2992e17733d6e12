package dev.contextgate.config;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expands {@code ${VAR}} and {@code ${VAR:-default}} in configuration strings from the environment, as a
 * shell does: the default applies when the variable is unset or empty.
 */
final class EnvExpander {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

    private final Map<String, String> env;

    EnvExpander(Map<String, String> env) {
        this.env = env;
    }

    /** Thrown for {@code ${VAR}} when VAR is not set and no default is given. */
    static final class UnsetVariable extends Exception {
        final String name;

        UnsetVariable(String name) {
            super(name, null, false, false);
            this.name = name;
        }
    }

    String expand(String text) throws UnsetVariable {
        if (text.indexOf("${") < 0) {
            return text;
        }
        Matcher m = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = env.get(m.group(1));
            String fallback = m.group(2);
            if (fallback != null && (value == null || value.isEmpty())) {
                value = fallback;
            }
            if (value == null) {
                throw new UnsetVariable(m.group(1));
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
