package dev.contextgate.config;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * One upstream. {@code type} is the wire dialect it speaks: {@code anthropic}, {@code openai}
 * (any OpenAI-compatible server), or {@code simulated}. The API key is held only to be sent upstream;
 * {@link #toString()} never shows it.
 *
 * @param baseUrl as the official SDKs take it: OpenAI's includes {@code /v1} ({@code https://api.openai.com/v1}),
 *     Anthropic's does not ({@code https://api.anthropic.com}); a trailing {@code /v1} there is tolerated
 * @param headers extra headers sent with every call (some compatible servers want their own)
 * @param timeout the longest a call may take, first byte to last
 */
public record ProviderConfig(
        String name, ProviderType type, String apiKey, String baseUrl, Map<String, String> headers, Duration timeout) {

    public ProviderConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        timeout = timeout == null ? Duration.ofMinutes(10) : timeout;
    }

    public boolean hasKey() {
        return apiKey != null && !apiKey.isBlank();
    }

    @Override
    public String toString() {
        return "ProviderConfig[name=" + name + ", type=" + type + ", baseUrl=" + baseUrl
                + ", apiKey=" + (hasKey() ? "(set)" : "(none)") + "]";
    }
}
