package dev.contextgate.provider.openai;

import dev.contextgate.chat.ChatRequest;
import dev.contextgate.chat.ChatResponse;
import dev.contextgate.chat.Dialect;
import dev.contextgate.config.ProviderConfig;
import dev.contextgate.config.ProviderType;
import dev.contextgate.dialect.UpstreamCodec;
import dev.contextgate.dialect.openai.OpenAiCodec;
import dev.contextgate.provider.EventStream;
import dev.contextgate.provider.HttpUpstream;
import dev.contextgate.provider.Provider;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.TreeMap;

/**
 * Any server that speaks OpenAI Chat Completions: OpenAI itself, Ollama, vLLM, LM Studio, Groq...
 * A base URL (which includes {@code /v1}, as the OpenAI SDK takes it), a bearer key when there is one,
 * and the codec.
 */
public final class OpenAiProvider implements Provider {

    private static final String PATH = "/chat/completions";

    private static final Logger log = LoggerFactory.getLogger(OpenAiProvider.class);

    private final HttpUpstream http;
    private final UpstreamCodec codec;
    private final Map<String, String> fixedHeaders;

    public OpenAiProvider(ProviderConfig config) {
        this(config, new OpenAiCodec(), HttpUpstream.Settings.defaults(config));
    }

    public OpenAiProvider(ProviderConfig config, UpstreamCodec codec, HttpUpstream.Settings settings) {
        String base = config.baseUrl() == null || config.baseUrl().isBlank()
                ? ProviderType.OPENAI.defaultBaseUrl() : config.baseUrl();
        this.http = new HttpUpstream(config.name(), base, codec, settings);
        this.codec = codec;
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.putAll(config.headers());
        // Local servers (Ollama) need no key; sending "Bearer " with nothing after it upsets some of them.
        if (config.hasKey()) {
            headers.put("Authorization", "Bearer " + config.apiKey());
        }
        this.fixedHeaders = Map.copyOf(headers);
    }

    @Override
    public String name() {
        return http.name();
    }

    @Override
    public ChatResponse complete(ChatRequest request) {
        byte[] body = codec.encodeRequest(request.withStream(false));
        return codec.decodeResponse(http.post(PATH, headers(request), body));
    }

    @Override
    public EventStream stream(ChatRequest request) {
        return http.stream(PATH, headers(request), codec.encodeRequest(request.withStream(true)));
    }

    /** For tests and health: where calls go. */
    String baseUrl() {
        return http.baseUrl();
    }

    /** The caller's own OpenAI headers go along only when it spoke OpenAI; ours win over theirs. */
    private Map<String, String> headers(ChatRequest request) {
        if (request.passthrough().headers().isEmpty()) {
            return fixedHeaders;
        }
        if (request.sourceDialect() != Dialect.OPENAI) {
            log.debug("not forwarding {} headers from an {} caller to OpenAI-compatible provider '{}': {}",
                    request.passthrough().headers().size(), request.sourceDialect(), name(),
                    request.passthrough().headers().keySet());
            return fixedHeaders;
        }
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.putAll(request.passthrough().headers());
        headers.remove("Authorization"); // the caller's key for us is never a key for the upstream
        headers.putAll(fixedHeaders);
        return headers;
    }
}
