package dev.contextgate.config;

import java.util.Locale;

/** The wire dialect an upstream speaks. */
public enum ProviderType {
    ANTHROPIC("https://api.anthropic.com"),
    OPENAI("https://api.openai.com/v1"),
    SIMULATED(null);

    private final String defaultBaseUrl;

    ProviderType(String defaultBaseUrl) {
        this.defaultBaseUrl = defaultBaseUrl;
    }

    public String defaultBaseUrl() {
        return defaultBaseUrl;
    }

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
