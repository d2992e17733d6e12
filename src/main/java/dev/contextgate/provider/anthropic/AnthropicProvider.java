package dev.contextgate.provider.anthropic;

import dev.contextgate.chat.ChatRequest;
import dev.contextgate.chat.ChatResponse;
import dev.contextgate.chat.Dialect;
import dev.contextgate.config.ProviderConfig;
import dev.contextgate.config.ProviderType;
import dev.contextgate.dialect.anthropic.AnthropicCodec;
import dev.contextgate.provider.EventStream;
import dev.contextgate.provider.HttpUpstream;
import dev.contextgate.provider.Provider;
import dev.contextgate.provider.TokenCounter;
import java.util.Map;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.TreeMap;

/**
 * Anthropic's Messages API. The base URL is taken as the Anthropic SDK takes it ({@code
 * https://api.anthropic.com}, no {@code /v1}); a trailing {@code /v1} some guides add is tolerated.
 */
public final class AnthropicProvider implements Provider, TokenCounter {

    public static final String DEFAULT_VERSION = "2023-06-01";
    private static final String MESSAGES = "/v1/messages";
    private static final String COUNT_TOKENS = "/v1/messages/count_tokens";

    private static final Logger log = LoggerFactory.getLogger(AnthropicProvider.class);

    private final HttpUpstream http;
    private final AnthropicCodec codec;
    private final Map<String, String> fixedHeaders;

    public AnthropicProvider(ProviderConfig config) {
        this(config, new AnthropicCodec(), HttpUpstream.Settings.defaults(config));
    }

    public AnthropicProvider(ProviderConfig config, AnthropicCodec codec, HttpUpstream.Settings settings) {
        this.http = new HttpUpstream(config.name(), baseUrl(config.baseUrl()), codec, settings);
        this.codec = codec;
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.putAll(config.headers());
        if (config.hasKey()) {
            headers.put("x-api-key", config.apiKey());
        }
        this.fixedHeaders = Map.copyOf(headers);
    }

    /** {@code https://host/v1/} and {@code https://host/} both become {@code https://host}. */
    static String baseUrl(String configured) {
        String base = configured == null || configured.isBlank() ? ProviderType.ANTHROPIC.defaultBaseUrl() : configured;
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return base.endsWith("/v1") ? base.substring(0, base.length() - 3) : base;
    }

    @Override
    public String name() {
        return http.name();
    }

    @Override
    public ChatResponse complete(ChatRequest request) {
        return codec.decodeResponse(http.post(MESSAGES, headers(request), codec.encodeRequest(request.withStream(false))));
    }

    @Override
    public EventStream stream(ChatRequest request) {
        return http.stream(MESSAGES, headers(request), codec.encodeRequest(request.withStream(true)));
    }

    @Override
    public OptionalInt countTokens(ChatRequest request) {
        return OptionalInt.of(codec.decodeCountTokensResponse(
                http.post(COUNT_TOKENS, headers(request), codec.encodeCountTokensRequest(request))));
    }

    /**
     * An Anthropic caller's headers go along ({@code anthropic-version}, {@code anthropic-beta}): it chose
     * the API version its body is written in. Anyone else gets the version our codec writes.
     */
    private Map<String, String> headers(ChatRequest request) {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (request.sourceDialect() == Dialect.ANTHROPIC) {
            headers.putAll(request.passthrough().headers());
            headers.remove("x-api-key"); // the caller's key for us is never a key for the upstream
            headers.remove("authorization");
        } else if (!request.passthrough().headers().isEmpty()) {
            log.debug("not forwarding {} headers from an {} caller to Anthropic provider '{}': {}",
                    request.passthrough().headers().size(), request.sourceDialect(), name(),
                    request.passthrough().headers().keySet());
        }
        headers.putIfAbsent("anthropic-version", DEFAULT_VERSION);
        headers.putAll(fixedHeaders);
        return headers;
    }

    /** For tests and health: where calls go. */
    String baseUrl() {
        return http.baseUrl();
    }
}
