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
 * @param maxInFlight calls open at once to this upstream; further calls wait for one to end
 * @param maxInFlightWait how long a further call waits for one to end before it is refused; zero refuses at once
 */
public record ProviderConfig(String name, ProviderType type, String apiKey, String baseUrl, Map<String, String> headers,
        Duration timeout, int maxInFlight, Duration maxInFlightWait) {

    public static final int DEFAULT_MAX_IN_FLIGHT = 256;
    /** Each call in flight holds an upstream connection of its own (HTTP/1.1): more would run out of sockets first. */
    public static final int MAX_IN_FLIGHT_LIMIT = 100_000;
    public static final Duration DEFAULT_MAX_IN_FLIGHT_WAIT = Duration.ofSeconds(5);
    /** The official SDKs give up on a call after 10 minutes by default: a longer wait would hold callers that are gone. */
    public static final Duration MAX_IN_FLIGHT_WAIT_LIMIT = Duration.ofMinutes(10);

    public ProviderConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        timeout = timeout == null ? Duration.ofMinutes(10) : timeout;
        if (maxInFlight < 1 || maxInFlight > MAX_IN_FLIGHT_LIMIT) {
            throw new IllegalArgumentException("maxInFlight must be between 1 and " + MAX_IN_FLIGHT_LIMIT);
        }
        maxInFlightWait = maxInFlightWait == null ? DEFAULT_MAX_IN_FLIGHT_WAIT : maxInFlightWait;
        if (maxInFlightWait.isNegative() || maxInFlightWait.compareTo(MAX_IN_FLIGHT_WAIT_LIMIT) > 0) {
            throw new IllegalArgumentException("maxInFlightWait must be between 0 and " + MAX_IN_FLIGHT_WAIT_LIMIT);
        }
    }

    /** With the default wait for a call in flight to end. */
    public ProviderConfig(String name, ProviderType type, String apiKey, String baseUrl, Map<String, String> headers,
            Duration timeout, int maxInFlight) {
        this(name, type, apiKey, baseUrl, headers, timeout, maxInFlight, DEFAULT_MAX_IN_FLIGHT_WAIT);
    }

    /** With the default bound on calls in flight. */
    public ProviderConfig(String name, ProviderType type, String apiKey, String baseUrl, Map<String, String> headers,
            Duration timeout) {
        this(name, type, apiKey, baseUrl, headers, timeout, DEFAULT_MAX_IN_FLIGHT);
    }

    /** The same upstream settings with another key or base URL (a deployment's own); null keeps this one's. */
    public ProviderConfig withKeyAndBaseUrl(String otherKey, String otherBaseUrl) {
        return new ProviderConfig(name, type, otherKey != null ? otherKey : apiKey,
                otherBaseUrl != null ? otherBaseUrl : baseUrl, headers, timeout, maxInFlight, maxInFlightWait);
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
